package prompt

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"tally/model"
)

// Each snippet runs in its real shell against state files written by
// Write. The shells run with an empty PATH: a snippet that started a
// process (date, cat, tally) would fail, so passing proves it starts none.
// The elapsed time is worked out by the shell from its own clock, so the
// states start a known time before now and the tests allow a minute's
// slack for a slow machine.

// needShell finds a shell: .ci/run installs zsh and fish; elsewhere a
// missing one skips with how to get it.
func needShell(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("TALLY_CI") != "" {
			t.Fatalf("%s is missing: .ci/run installs it", name)
		}
		t.Skipf("%s is missing: apt-get install %s (as .ci/run does) to test its prompt", name, name)
	}
	return path
}

type fixture struct {
	dir   string
	paths Paths
}

// newFixture makes a data file and a fake tally that says it was asked.
func newFixture(t testing.TB) fixture { return newFixtureIn(t, "") }

// newFixtureIn is newFixture in a folder of the given name.
func newFixtureIn(t testing.TB, folder string) fixture {
	t.Helper()
	dir := filepath.Join(t.TempDir(), folder)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	f := fixture{dir: dir, paths: Paths{State: filepath.Join(dir, "tally's data.db.state"), Data: filepath.Join(dir, "tally's data.db"), Command: filepath.Join(dir, "tally")}}
	os.WriteFile(f.paths.Data, []byte("data"), 0o600)
	os.WriteFile(f.paths.Command, []byte("#!/bin/sh\necho \"asked tally: $*\"\n"), 0o700)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(f.paths.Data, old, old) // the data changed before the state
	return f
}

func (f fixture) write(t testing.TB, s State) {
	t.Helper()
	if err := Write(f.paths.State, s); err != nil {
		t.Fatal(err)
	}
}

func (f fixture) snippet(t testing.TB, shell string) string {
	t.Helper()
	text, err := Snippet(shell, f.paths)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(f.dir, "snippet."+shell)
	os.WriteFile(path, []byte(text), 0o600)
	return path
}

func today() model.Date { return model.DateOf(time.Now(), time.Local) }

// dayEnd is half a day off rather than midnight, so that no test's
// outcome hangs on when in the day it runs.
func dayEnd() time.Time { return time.Now().Add(12 * time.Hour) }

func running(task string, since time.Duration) State {
	return State{Day: today(), DayEnd: dayEnd(), Running: true, Start: time.Now().Add(-since), Task: task, Client: "Acme",
		ForgottenAfter: 10 * time.Hour, Today: []model.CurrencyTotal{{Currency: "USD", Tracked: 3600, Amount: 4000}}}
}

// The minutes a shell shows of a timer started N minutes into the hour
// before the test: N or more, however long the machine took to get there
// (within the hour).
const (
	sinceZero = `[0-5]\d`
	sinceOne  = `(0[1-9]|[1-5]\d)`
	sinceTwo  = `(0[2-9]|[1-5]\d)`
)

// states are what every shell must show: segment, today and class.
var states = []struct {
	name    string
	state   State
	segment string // a pattern
	today   string
	class   string
}{
	{"running", running(`Mail "50%" \ $HOME`, time.Hour+2*time.Minute+30*time.Second), `^Mail "50%" \\ \$HOME 1:` + sinceTwo + `$`, "1:00 40.00 USD", "running"},
	{"forgotten", running("Mail", 11*time.Hour), `^Mail 11:` + sinceZero + ` !$`, "1:00 40.00 USD", "forgotten"},
	{"idle", State{Day: today(), DayEnd: dayEnd(), ForgottenAfter: time.Hour}, `^$`, "", "idle"},
	{"yesterday's totals", func() State {
		s := running("Mail", time.Minute)
		s.Day--
		s.DayEnd = s.DayEnd.AddDate(0, 0, -1)
		return s
	}(), `^Mail 0:` + sinceOne + `$`, "", "running"},
}

// shellRuns are how each shell loads its snippet and says the three
// variables, one per line.
var shellRuns = map[string]func(snippet string) []string{
	"bash": func(snippet string) []string {
		return []string{"--norc", "--noprofile", "-c", `source "$1"; __tally_update; printf "%s\n%s\n%s\n" "$TALLY_PROMPT" "$TALLY_TODAY" "$TALLY_CLASS"`, "bash", snippet}
	},
	"zsh": func(snippet string) []string {
		return []string{"-f", "-c", `source "$1"; __tally_update; print -r -- "$TALLY_PROMPT"; print -r -- "$TALLY_TODAY"; print -r -- "$TALLY_CLASS"`, "zsh", snippet}
	},
	"fish": func(snippet string) []string {
		return []string{"--no-config", "-c", `source $argv[1]; __tally_update; printf '%s\n' "$TALLY_PROMPT" "$TALLY_TODAY" "$TALLY_CLASS"`, snippet}
	},
}

func TestShellSnippets(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			bin := needShell(t, shell)
			for _, c := range states {
				t.Run(c.name, func(t *testing.T) {
					f := newFixture(t)
					f.write(t, c.state)
					got := run(t, bin, shellRuns[shell](f.snippet(t, shell)), "PATH=")
					lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
					if len(lines) != 3 || !regexp.MustCompile(c.segment).MatchString(lines[0]) || lines[1] != c.today || lines[2] != c.class {
						t.Errorf("got %q, want %s / %q / %s", lines, c.segment, c.today, c.class)
					}
				})
			}
			t.Run("stale", func(t *testing.T) {
				f := newFixture(t)
				f.write(t, running("Mail", time.Minute))
				later := time.Now().Add(time.Hour)
				os.Chtimes(f.paths.Data, later, later) // a restore after the state was written
				got := run(t, bin, shellRuns[shell](f.snippet(t, shell)), "PATH=/usr/bin:/bin")
				if want := "asked tally: --db " + f.paths.Data + " status --format {{.Task}} {{.Elapsed}}"; !strings.HasPrefix(got, want+"\n") {
					t.Errorf("a stale state gave %q, want tally asked: %q", got, want)
				}
			})
		})
	}
}

// TestPromptHooks: eval'd in an rc file, each snippet puts the segment
// before the user's prompt, and twice changes nothing more.
func TestPromptHooks(t *testing.T) {
	f := newFixture(t)
	f.write(t, running("Mail", time.Minute))
	for shell, c := range map[string]struct {
		args []string
		want string
	}{
		"bash": {[]string{"--norc", "--noprofile", "-c", `PS1="\w\$ "; source "$1"; source "$1"; false; __tally_update; echo "$?|${PROMPT_COMMAND[*]}|${PS1@P}"`, "bash"}, "1|__tally_update|[Mail 0:"},
		"zsh":  {[]string{"-f", "-c", `PROMPT="%~ "; source "$1"; source "$1"; false; __tally_update; print -r -- "$?|${precmd_functions[*]}|${(%)${(e)PROMPT}}"`, "zsh"}, "1|__tally_update|[Mail 0:"},
		"fish": {[]string{"--no-config", "-c", `function fish_prompt; echo -n "$status> "; end; source $argv[1]; source $argv[1]; false; fish_prompt`}, "[Mail 0:"},
	} {
		t.Run(shell, func(t *testing.T) {
			bin := needShell(t, shell)
			got := run(t, bin, append(c.args, f.snippet(t, shell)), "PATH=")
			// The user's prompt still sees the last command's status (1).
			if !strings.HasPrefix(got, c.want) || strings.Count(got, "[Mail") != 1 || shell == "fish" && !strings.HasSuffix(got, "1> ") {
				t.Errorf("got %q, want it to begin %q, once, and the last status kept", got, c.want)
			}
		})
	}
}

// TestTmuxSnippet reads the snippet as tmux does: a server started with it
// as its configuration, and a client attached to it (from a pane of a
// second tmux) whose status line is captured once the snippet's command
// has printed. tmux ends #( ) at the first ) that closes its (, so the
// data file's folder here holds one, as well as tmux's # and %.
func TestTmuxSnippet(t *testing.T) {
	bin := needShell(t, "tmux")
	needShell(t, "bash")
	f := newFixtureIn(t, "tally) #1 100%")
	f.write(t, running("Mail", time.Hour+2*time.Minute+30*time.Second))
	line := tmuxStatusLine(t, bin, f.snippet(t, "tmux"), f.dir)
	if !regexp.MustCompile(`Mail 1:` + sinceTwo + ` \d\d:\d\d$`).MatchString(line) {
		t.Errorf("tmux's status line reads %q", line)
	}
}

// tmuxStatusLine starts a tmux server on conf, attaches a client to it from
// a pane of a second server, and returns that client's status line once
// something besides the clock shows on its right. The first status line
// is drawn before the snippet's command has printed; tmux draws it again
// when the command ends.
func tmuxStatusLine(t *testing.T, bin, conf, dir string) string {
	t.Helper()
	inner, outer := filepath.Join(dir, "inner.sock"), filepath.Join(dir, "outer.sock")
	tmux := func(socket string, args ...string) string {
		return run(t, bin, append([]string{"-S", socket}, args...), "PATH=/usr/bin:/bin")
	}
	tmux(inner, "-f", conf, "new-session", "-d", "-x", "100", "-y", "4")
	t.Cleanup(func() { exec.Command(bin, "-S", inner, "kill-server").Run() })
	attach := "exec env -u TMUX " + bin + " -S '" + inner + "' attach"
	tmux(outer, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "5", attach)
	t.Cleanup(func() { exec.Command(bin, "-S", outer, "kill-server").Run() })
	clockOnly := regexp.MustCompile(`\s\d\d:\d\d\s*$`)
	var status string
	poll(t, "output of the snippet's command on tmux's status line", func() bool {
		screen := strings.Split(strings.TrimRight(tmux(outer, "capture-pane", "-p"), "\n"), "\n")
		status = strings.TrimRight(screen[len(screen)-1], " ")
		right := status[strings.LastIndex(status, "*")+1:] // past the window list
		return strings.HasPrefix(status, "[0]") && strings.TrimSpace(clockOnly.ReplaceAllString(right, "")) != ""
	})
	return status
}

func TestStarshipSnippet(t *testing.T) {
	bin := needShell(t, "bash")
	f := newFixture(t)
	f.write(t, running("Mail", time.Hour+2*time.Minute+30*time.Second))
	var conf struct {
		Custom map[string]struct {
			Command string
			When    bool
			Shell   []string
		}
	}
	if _, err := toml.DecodeFile(f.snippet(t, "starship"), &conf); err != nil {
		t.Fatal(err)
	}
	m := conf.Custom["tally"]
	if !m.When || len(m.Shell) == 0 || m.Shell[0] != "bash" {
		t.Fatalf("module %+v", m)
	}
	// starship hands the command to the shell on its standard input.
	cmd := exec.Command(bin, m.Shell[1:]...)
	cmd.Stdin, cmd.Env = strings.NewReader(m.Command), []string{"PATH="}
	out, err := cmd.Output()
	if err != nil || !regexp.MustCompile(`^Mail 1:`+sinceTwo+`$`).Match(out) {
		t.Errorf("starship's command printed %q, %v", out, err)
	}
}

func TestWaybarSnippet(t *testing.T) {
	needShell(t, "bash")
	for _, c := range states {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			f.write(t, c.state)
			text, _ := os.ReadFile(f.snippet(t, "waybar"))
			body := string(text[strings.Index(string(text), "\n")+1:]) // past the comment
			var conf map[string]struct {
				Exec       string `json:"exec"`
				ReturnType string `json:"return-type"`
			}
			if err := json.Unmarshal([]byte("{"+body+"}"), &conf); err != nil {
				t.Fatalf("%v in %s", err, body)
			}
			module := conf["custom/tally"]
			var out struct{ Text, Tooltip, Class string }
			got := run(t, "/bin/sh", []string{"-c", module.Exec}, "PATH=/usr/bin:/bin")
			if err := json.Unmarshal([]byte(got), &out); err != nil || module.ReturnType != "json" {
				t.Fatalf("waybar would read %q: %v", got, err)
			}
			wantTip := "today " + c.today
			if c.today == "" {
				wantTip = "today nothing yet"
			}
			if !regexp.MustCompile(c.segment).MatchString(out.Text) || out.Class != c.class || out.Tooltip != wantTip {
				t.Errorf("got %+v, want %s / %s / %s", out, c.segment, wantTip, c.class)
			}
		})
	}
}

func TestUnknownShell(t *testing.T) {
	if _, err := Snippet("powershell", Paths{}); err == nil || !strings.Contains(err.Error(), "bash, zsh, fish") {
		t.Errorf("error %v", err)
	}
}

func TestStateFileIsPrivate(t *testing.T) {
	f := newFixture(t)
	os.WriteFile(f.paths.State, nil, 0o644)
	f.write(t, running("Mail", time.Minute))
	if info, err := os.Stat(f.paths.State); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v", info.Mode(), err)
	}
	if Older(f.paths.State, f.paths.Data) {
		t.Error("a state written after the data reads as stale")
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(f.paths.Data, later, later)
	if !Older(f.paths.State, f.paths.Data) {
		t.Error("a state older than the data does not read as stale")
	}
}

func run(t testing.TB, bin string, args []string, env string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if env != "" {
		cmd.Env = []string{env, "HOME=" + t.TempDir(), "TZ=" + os.Getenv("TZ")}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", bin, args, err, out)
	}
	return string(out)
}

// BenchmarkPrompt is one prompt's cost: the snippet's update run b.N
// times in one shell, as a prompt runs it once per prompt (the shell's
// own start is spread over them).
func BenchmarkPrompt(b *testing.B) {
	loops := map[string]func(n int) []string{
		"bash": func(n int) []string {
			return []string{"--norc", "--noprofile", "-c", fmt.Sprintf(`source "$1"; for ((i = 0; i < %d; i++)); do __tally_update; done`, n), "bash"}
		},
		"zsh": func(n int) []string {
			return []string{"-f", "-c", fmt.Sprintf(`source "$1"; repeat %d __tally_update`, n), "zsh"}
		},
		"fish": func(n int) []string {
			return []string{"--no-config", "-c", fmt.Sprintf(`source $argv[1]; set -l i 0; while test $i -lt %d; set i (math $i + 1); __tally_update; end`, n)}
		},
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		b.Run(shell, func(b *testing.B) {
			bin := needShell(b, shell)
			f := newFixture(b)
			f.write(b, running("Answer patient mail", time.Hour))
			args := append(loops[shell](b.N), f.snippet(b, shell))
			b.ResetTimer()
			run(b, bin, args, "PATH=")
		})
	}
}
