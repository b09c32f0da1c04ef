package invoice

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tally/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./invoice -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

// sample is a hand-worked invoice: a retainer of 500.00 (its 20 h
// included all used), 1:30 beyond them at 45.00 (67.50), two train tickets
// at 12.50 (25.00) and a discount of 10.00. Subtotal 582.50; VAT 20 % of
// it 116.50; total 699.00; 200.00 paid leaves 499.00 due on 15 Dec, 14
// days after issue.
func sample() Document {
	day := model.MakeDate
	return Document{Today: day(2026, 12, 4), Paper: "A4", Invoice: model.Invoice{
		ID: 1, Number: "2026-0007", State: model.InvoiceIssued, Currency: "EUR",
		From: day(2026, 11, 1), To: day(2026, 11, 30), Issued: day(2026, 12, 1), Due: day(2026, 12, 15),
		Business: model.Party{Name: "Ana Ruiz, Virtual Assistant", Address: []string{"12 Calle Mayor", "28013 Madrid"}, Email: "ana@example.com",
			TaxID: "ES12345678Z", Payment: []string{"IBAN ES91 2100 0418 4502 0005 1332", "Reference: 2026-0007"}},
		Client: model.Party{Name: "Müller & Söhne GmbH", Address: []string{"Hauptstraße 5", "10115 Berlin"}, TaxID: "DE123456789"},
		Lines: []model.InvoiceLine{
			{Kind: model.LineRetainerFee, Description: "Retainer, 2026-11-01 to 2026-11-30", Date: day(2026, 11, 1), Amount: 50000, Included: 72000, Used: 72000},
			{Kind: model.LineTime, Description: "Website | shop (beyond the included hours)", First: day(2026, 11, 24), Date: day(2026, 11, 27), Seconds: 5400, UnitPrice: 4500, Amount: 6750},
			{Kind: model.LineManual, Description: "Train tickets", Quantity: 2000, UnitPrice: 1250, Amount: 2500},
			{Kind: model.LineManual, Description: "Loyalty discount", Quantity: 1000, UnitPrice: -1000, Amount: -1000},
		},
		TaxBP:     20_00,
		Payments:  []model.Payment{{Date: day(2026, 12, 3), Amount: 20000}},
		Note:      "Thank you for your business.\nThe shop's launch moved to January.",
		Reference: "PO 4471",
	}}
}

func TestFiguresAreHandWorked(t *testing.T) {
	inv := sample().Invoice
	if inv.Subtotal() != 58250 || inv.Tax() != 11650 || inv.Total() != 69900 || inv.Balance() != 49900 {
		t.Errorf("subtotal %d tax %d total %d balance %d", inv.Subtotal(), inv.Tax(), inv.Total(), inv.Balance())
	}
}

func TestMarkdownGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "invoice.md", b.Bytes())
}

func TestHTMLGolden(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "invoice.html", b.Bytes())
	if !strings.Contains(b.String(), "Müller &amp; Söhne GmbH") || !strings.Contains(b.String(), "@page { size: A4") {
		t.Error("the page does not escape the client's name or set its paper")
	}
}

// pdfText extracts a PDF's text with poppler's pdftotext, laid out as on
// the page (-layout) or in the order it was drawn (-raw). .ci/run installs it; elsewhere the test says how.
func pdfText(t *testing.T, pdf []byte, mode string) string {
	t.Helper()
	tool := poppler(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "invoice.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, mode, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// poppler finds one of poppler's tools, which .ci/run installs; elsewhere
// the test says how.
func poppler(t *testing.T, name string) string {
	t.Helper()
	tool, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("TALLY_CI") != "" {
			t.Fatalf("%s is missing: .ci/run installs poppler-utils", name)
		}
		t.Skipf("%s is missing: apt-get install poppler-utils (as .ci/run does) to read the PDF back", name)
	}
	return tool
}

func TestPDFText(t *testing.T) {
	var b bytes.Buffer
	if err := PDF(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "invoice.pdf.txt", []byte(pdfText(t, b.Bytes(), "-layout")))
	var again bytes.Buffer
	PDF(&again, sample())
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("the same invoice rendered twice gave two different files")
	}
}

func TestPDFBreaksPagesAndStampsVoid(t *testing.T) {
	d := sample()
	d.Invoice.State, d.Invoice.Voided, d.Invoice.Reason, d.Invoice.Payments = model.InvoiceVoid, model.MakeDate(2026, 12, 2), "billed twice", nil
	for i := range 80 {
		d.Invoice.Lines = append(d.Invoice.Lines, model.InvoiceLine{Kind: model.LineManual, Description: "Expense " + strings.Repeat("x", i%7), Quantity: 1000, UnitPrice: 100, Amount: 100})
	}
	d.Paper = "Letter"
	var b bytes.Buffer
	if err := PDF(&b, d); err != nil {
		t.Fatal(err)
	}
	// -raw keeps the stamp, which is set at an angle, in the text.
	text := pdfText(t, b.Bytes(), "-raw")
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Fatalf("84 lines on %d pages, want at least 3", pages)
	}
	for i, page := range strings.Split(text, "\f") {
		if strings.Contains(page, "Expense") && !strings.Contains(page, "Unit price") {
			t.Errorf("page %d holds lines without the table's heading", i+1)
		}
	}
	for n := 1; n <= pages; n++ {
		if !strings.Contains(text, "Invoice 2026-0007 Page "+strconv.Itoa(n)+" of "+strconv.Itoa(pages)) {
			t.Errorf("page %d does not carry the number and \"Page %d of %d\"", n, n, pages)
		}
	}
	if n := strings.Count(text, "VOID"); n < pages {
		t.Errorf("VOID stamped %d times on %d pages", n, pages)
	}
	if !strings.Contains(text, "Void since 2026-12-02: billed twice") || !strings.Contains(text, "Expense xxxxxx") {
		t.Error("the void reason or the last lines are missing")
	}
}

// TestPDFKeepsALongFactOnThePage: a reference as long as a line may be
// (200 bytes) wraps within the page, as an address does; it was drawn on
// one line that ran past the page's edge, where the client's copy lost
// all but its first 46 letters.
func TestPDFKeepsALongFactOnThePage(t *testing.T) {
	d := sample()
	d.Invoice.Reference = "PO 4471 " + strings.Repeat("wide order reference ", 9) + "ends here"
	var b bytes.Buffer
	if err := PDF(&b, d); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, b.Bytes(), "-raw")), " ")
	if !strings.Contains(text, "Your reference PO 4471 wide order") || !strings.Contains(text, "wide order reference ends here") {
		t.Errorf("the reference is cut on the page:\n%s", text)
	}
}

// TestPDFFitsTheLargestFigures: the largest amount tally takes, a minor
// unit under 10¹³ (99,999,999,999.99 either way), fits its column: it was
// drawn over the column before it, so that a client read
// "1h99,999,999,999.99" and "-99,999,999,999.99-99,999,999,999.99".
// Each line is 1 × 99,999,999,999.99, one positive and one negative:
// subtotal 0.00, VAT 0.00.
func TestPDFFitsTheLargestFigures(t *testing.T) {
	d := sample()
	d.Invoice.Payments = nil
	d.Invoice.Lines = []model.InvoiceLine{
		{Kind: model.LineManual, Description: "Largest", Quantity: 1000, UnitPrice: model.MaxAmount - 1, Amount: model.MaxAmount - 1},
		{Kind: model.LineManual, Description: "Largest back", Quantity: 1000, UnitPrice: 1 - model.MaxAmount, Amount: 1 - model.MaxAmount},
	}
	var b bytes.Buffer
	if err := PDF(&b, d); err != nil {
		t.Fatal(err)
	}
	words := map[string]int{}
	for _, w := range strings.Fields(pdfText(t, b.Bytes(), "-raw")) {
		words[w]++
	}
	if words["99,999,999,999.99"] != 2 || words["-99,999,999,999.99"] != 2 {
		t.Errorf("the figures run together: %v", words)
	}
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{161000, "USD", "1,610.00"}, {-123456789, "EUR", "-1,234,567.89"}, {7334, "JPY", "7,334"}, {5, "USD", "0.05"}, {100000, "JPY", "100,000"},
	} {
		if got := Money(tc.minor, tc.currency); got != tc.want {
			t.Errorf("Money(%d %s) = %s, want %s", tc.minor, tc.currency, got, tc.want)
		}
	}
}

func TestFileName(t *testing.T) {
	// The name is the billing name on the invoice, not the client's
	// short name in tally.
	inv := model.Invoice{ID: 3, Number: "2026/0007", Client: model.Party{Name: "Acme Co: Berlin"}}
	if got := FileName(inv, "pdf"); got != "2026-0007-Acme-Co--Berlin.pdf" {
		t.Errorf("FileName = %s", got)
	}
	if got := FileName(model.Invoice{ID: 3, Client: model.Party{Name: "Acme"}}, "md"); got != "draft-d3-Acme.md" {
		t.Errorf("a draft's FileName = %s", got)
	}
}
