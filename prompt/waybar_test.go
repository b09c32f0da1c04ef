package prompt

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestWaybarReadsTheSnippet runs waybar itself on the snippet, on a
// headless sway: the snippet pasted into a configuration as the comment
// says, the module's class shown through the style sheet, a task's name
// that Pango would read as markup drawn as text, and a click that stops
// the timer of the data file the snippet was made for.
func TestWaybarReadsTheSnippet(t *testing.T) {
	needShell(t, "bash")
	desktop := startSway(t)

	t.Run("forgotten, a name with markup", func(t *testing.T) {
		f := newFixture(t)
		f.write(t, running("R&D <b>notes</b>", 11*time.Hour))
		stop := desktop.waybar(t, f)
		defer stop()
		bar := desktop.waitFor(t, "the module in the forgotten class's blue", func(bar image.Image) bool { return isColor(bar.At(2, barHeight/2), forgottenBlue) })
		if width, ink := module(bar, forgottenBlue); width < 60 || ink < 50 {
			t.Errorf("the module is %d pixels wide with %d pixels of text: its text was not drawn", width, ink)
		}
	})

	t.Run("running, and a click", func(t *testing.T) {
		f := newFixture(t)
		asked := filepath.Join(f.dir, "asked")
		os.WriteFile(f.paths.Command, []byte("#!/bin/sh\necho \"$*\" > '"+asked+"'\n"), 0o700)
		f.write(t, running("Mail", time.Hour))
		stop := desktop.waybar(t, f)
		defer stop()
		desktop.waitFor(t, "the module in the running class's red", func(bar image.Image) bool { return isColor(bar.At(2, barHeight/2), runningRed) })
		desktop.pointer.click(t, 2, barHeight/2, outputWidth, outputHeight)
		got := waitForFile(t, asked)
		if want := "--db " + f.paths.Data + " stop\n"; got != want {
			t.Errorf("a click ran tally %q, want %q", got, want)
		}
	})
}

const barHeight = 30

var (
	runningRed    = color.RGBA{0xff, 0, 0, 0xff}
	forgottenBlue = color.RGBA{0, 0, 0xff, 0xff}
)

// The bar: the snippet's module alone, at the left, its class coloured.
const waybarStyle = `* { font-family: sans-serif; font-size: 16px; border: none; border-radius: 0; min-height: 0; }
window#waybar { background: #ffffff; }
#custom-tally { padding: 0 8px; color: #000000; }
#custom-tally.running { background: #ff0000; }
#custom-tally.forgotten { background: #0000ff; color: #ffffff; }
`

// desktop is a headless sway for waybar to draw on, with a pointer.
type desktop struct {
	env     []string // what waybar and grim need to find it
	pointer *virtualPointer
}

const outputWidth, outputHeight = 640, 120

// startSway starts sway on a headless output. sway refuses to run as
// root, so root runs it as nobody, in a folder nobody owns; root's
// clients reach it all the same.
func startSway(t *testing.T) desktop {
	t.Helper()
	for _, name := range []string{"sway", "waybar", "grim"} {
		needShell(t, name)
	}
	dir, err := os.MkdirTemp("", "tally-sway-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o700)
	conf := filepath.Join(dir, "sway.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf("output HEADLESS-1 resolution %dx%d\nbar swaybar_command true\n", outputWidth, outputHeight)), 0o644)
	args := []string{"-c", conf}
	bin := "sway"
	if os.Geteuid() == 0 {
		needShell(t, "setpriv")
		if err := os.Chown(dir, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		bin, args = "setpriv", append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", "sway"}, args...)
	}
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "XDG_RUNTIME_DIR=" + dir}
	sway := exec.Command(bin, args...)
	sway.Env = append(env, "WLR_BACKENDS=headless", "WLR_RENDERER=pixman", "WLR_LIBINPUT_NO_DEVICES=1")
	var log bytes.Buffer
	sway.Stdout, sway.Stderr = &log, &log
	if err := sway.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sway.Process.Kill()
		sway.Wait()
		if t.Failed() {
			t.Logf("sway said:\n%s", log.String())
		}
	})
	// sway answers on its IPC socket once its output is made.
	waitForGlob(t, filepath.Join(dir, "sway-ipc.*.sock"))
	display := waitForGlob(t, filepath.Join(dir, "wayland-[0-9]"))
	return desktop{env: append(env, "WAYLAND_DISPLAY="+filepath.Base(display)), pointer: newVirtualPointer(t, display)}
}

// waybar starts waybar with the fixture's snippet pasted into a
// configuration, and returns how to stop it.
func (d desktop) waybar(t *testing.T, f fixture) (stop func()) {
	t.Helper()
	snippet, err := os.ReadFile(f.snippet(t, "waybar"))
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(f.dir, "waybar.jsonc")
	style := filepath.Join(f.dir, "waybar.css")
	os.WriteFile(conf, []byte("{\n\"layer\": \"top\",\n\"position\": \"top\",\n\"height\": 30,\n\"modules-left\": [\"custom/tally\"],\n"+string(snippet)+"}\n"), 0o600)
	os.WriteFile(style, []byte(waybarStyle), 0o600)
	bar := exec.Command("waybar", "-c", conf, "-s", style)
	bar.Env = d.env
	var log bytes.Buffer
	bar.Stdout, bar.Stderr = &log, &log
	if err := bar.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("waybar said:\n%s", log.String())
		}
	})
	return func() { bar.Process.Kill(); bar.Wait() }
}

// waitFor takes screenshots of the bar until ok holds of one. Bounded only
// so that a bar that never shows it fails rather than hangs.
func (d desktop) waitFor(t *testing.T, what string, ok func(image.Image) bool) image.Image {
	t.Helper()
	var bar image.Image
	poll(t, what, func() bool {
		bar = d.screenshot(t)
		return bar != nil && ok(bar)
	})
	return bar
}

func (d desktop) screenshot(t *testing.T) image.Image {
	t.Helper()
	grim := exec.Command("grim", "-g", fmt.Sprintf("0,0 %dx%d", outputWidth, barHeight), "-")
	grim.Env = d.env
	out, err := grim.Output()
	if err != nil {
		return nil // no output yet
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("grim's screenshot: %v", err)
	}
	return img
}

// module measures the module drawn in bg from the bar's left edge: its
// width, and how many of its pixels are text rather than background.
func module(bar image.Image, bg color.RGBA) (width, ink int) {
	for width < bar.Bounds().Dx() && isColor(bar.At(width, 1), bg) {
		width++
	}
	for y := range barHeight {
		for x := range width {
			if !isColor(bar.At(x, y), bg) {
				ink++
			}
		}
	}
	return width, ink
}

func isColor(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	return uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(b>>8) == want.B
}

func waitForGlob(t *testing.T, pattern string) string {
	t.Helper()
	var found string
	poll(t, pattern, func() bool {
		names, _ := filepath.Glob(pattern)
		if len(names) > 0 {
			found = names[0]
		}
		return found != ""
	})
	return found
}

func waitForFile(t *testing.T, path string) string {
	t.Helper()
	var text []byte
	poll(t, "a click to run tally", func() bool {
		var err error
		text, err = os.ReadFile(path)
		return err == nil && bytes.HasSuffix(text, []byte("\n"))
	})
	return string(text)
}

// poll tries ok until it holds. Bounded only so that what never happens
// fails rather than hangs: each of these takes well under a second.
func poll(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for wait, deadline := time.Millisecond, time.Now().Add(time.Minute); !ok(); wait = min(2*wait, 100*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within a minute", what)
		}
		time.Sleep(wait)
	}
}
