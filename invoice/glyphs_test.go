package invoice

import (
	"bytes"
	"strings"
	"testing"
)

// An emoji panicked inside fpdf (index out of range [65536]) and Japanese,
// Hebrew and Arabic came out as empty boxes: every character the Go fonts
// lack is now drawn as U+FFFD, and Unshown names them for a warning.
func TestPDFDrawsAPlaceholderForWhatTheFontsLack(t *testing.T) {
	d := sample()
	d.Invoice.Lines[1].Description = "Party 🎉 planning, 日本語 עברית العربية"
	d.Invoice.Client.Name = "Café 🍰 Ltd"
	var b bytes.Buffer
	if err := PDF(&b, d); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes(), "-raw")
	for _, want := range []string{"Party � planning, ��� �����", "Café � Ltd"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not read %q:\n%s", want, text)
		}
	}
	if got, want := string(Unshown(d)), "🍰🎉日本語עבריתالعربية"; got != want {
		t.Errorf("Unshown = %q, want %q (each once, in the order drawn: the client before the lines)", got, want)
	}
	if got := Unshown(sample()); len(got) != 0 {
		t.Errorf("the sample has nothing the fonts lack, Unshown = %q", string(got))
	}
}

// FuzzPDF renders random text in every place an invoice prints it: the
// render never fails, and what it cannot draw Unshown names.
func FuzzPDF(f *testing.F) {
	for _, seed := range []string{"Party 🎉", "日本語", "עברית\u202e", "\x00\n\r\t", "\xff\xfe", "\U0010FFFF", strings.Repeat("W", 300)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := sample()
		d.Invoice.Lines[0].Description = s
		d.Invoice.Business.Name = s
		d.Invoice.Client.Address = []string{s}
		d.Invoice.Note, d.Invoice.Reference = s, s
		d.Invoice.Business.Payment = []string{s}
		var b bytes.Buffer
		if err := PDF(&b, d); err != nil {
			t.Fatalf("PDF(%q): %v", s, err)
		}
		for _, r := range Unshown(d) {
			if drawable(r) || !strings.ContainsRune(s, r) {
				t.Errorf("Unshown names %q, which the fonts draw or the text does not hold", r)
			}
		}
	})
}

func TestDrawable(t *testing.T) {
	for r, want := range map[rune]bool{'A': true, 'é': true, '€': true, 'Ω': true, 'Ж': true, '—': true, '\uFFFD': true,
		'日': false, 'א': false, 'ا': false, '🎉': false, '\n': false, '\u202e': false, 0x10000: false} {
		if drawable(r) != want {
			t.Errorf("drawable(%q) = %v, want %v", r, !want, want)
		}
	}
}
