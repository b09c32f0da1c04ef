package invoice

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// picture is a small logo: a 16-bit PNG, which fpdf refuses as it is, or
// a JPEG.
func picture(t *testing.T, format string) []byte {
	t.Helper()
	img := image.NewNRGBA64(image.Rect(0, 0, 60, 20))
	for x := range 60 {
		img.Set(x, x%20, color.NRGBA64{R: 0xffff, A: 0xffff})
	}
	var b bytes.Buffer
	encode := map[string]func() error{
		"png":  func() error { return png.Encode(&b, img) },
		"jpeg": func() error { return jpeg.Encode(&b, img, nil) },
	}[format]
	if err := encode(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLogoInPDFAndHTML(t *testing.T) {
	for _, format := range []string{"png", "jpeg"} {
		logo, err := ParseLogo(picture(t, format))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		d := sample()
		d.Logo = logo
		var pdf, html bytes.Buffer
		if err := PDF(&pdf, d); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if list := pdfImages(t, pdf.Bytes()); !strings.Contains(list, " 60 ") || !strings.Contains(list, " 20 ") {
			t.Errorf("%s: the PDF holds no 60×20 picture:\n%s", format, list)
		}
		if err := HTML(&html, d); err != nil || !strings.Contains(html.String(), `<img class="logo" src="data:image/`+format+`;base64,`) {
			t.Errorf("%s: the page embeds no logo (%v)", format, err)
		}
	}
}

func TestLogoRefusals(t *testing.T) {
	huge := image.NewGray(image.Rect(0, 0, 5000, 1))
	var b bytes.Buffer
	png.Encode(&b, huge)
	for name, data := range map[string][]byte{"text": []byte("not a picture"), "empty": nil, "too wide": b.Bytes(), "too big": make([]byte, 3<<20)} {
		if _, err := ParseLogo(data); err == nil {
			t.Errorf("%s: taken as a logo", name)
		}
	}
	if _, err := LoadLogo(filepath.Join(t.TempDir(), "none.png")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a missing logo: %v", err)
	}
}

// pdfImages lists the pictures in a PDF with poppler's pdfimages.
func pdfImages(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := poppler(t, "pdfimages")
	path := filepath.Join(t.TempDir(), "invoice.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-list", path).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	return string(out)
}
