package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"tally/export"
	"tally/invoice"
	"tally/model"
	"tally/store"
)

// Showing an invoice in the terminal and rendering it for the client.

func (r *runner) invoiceShow(ref string, asJSON bool) error {
	inv, c, err := r.invoice(ref)
	if err != nil {
		return err
	}
	if asJSON {
		return export.InvoiceJSON(r.env.Stdout, inv, c.Name, r.today())
	}
	return writeInvoice(r.env.Stdout, inv, c, r.today())
}

// writeInvoice prints an invoice for the terminal: its heading, numbered
// lines (the numbers rm-line takes) and totals.
func writeInvoice(w io.Writer, inv model.Invoice, c model.Client, today model.Date) error {
	cur := inv.Currency
	fmt.Fprintf(w, "%s · %s · %s", titleOf(inv), c.Name, inv.Status(today))
	switch {
	case inv.State == model.InvoiceIssued && inv.IsCredit():
		fmt.Fprintf(w, " · issued %s", inv.Issued)
	case inv.State == model.InvoiceIssued:
		fmt.Fprintf(w, " · issued %s, due %s", inv.Issued, inv.Due)
	}
	fmt.Fprintf(w, "\nperiod %s to %s\n\n", inv.From, inv.To)
	t := newTable([]string{"#", "DESCRIPTION", "QUANTITY", "UNIT PRICE", "AMOUNT"}, 0, 2, 3, 4)
	for i, l := range inv.Lines {
		t.add(strconv.Itoa(i+1), model.Printable(l.Description), l.QuantityText(), model.FormatAmount(l.Price(), cur), model.FormatAmount(l.Amount, cur))
	}
	t.add("", "subtotal", "", "", model.FormatAmount(inv.Subtotal(), cur))
	if inv.TaxBP > 0 {
		t.add("", "VAT "+model.FormatPercent(inv.TaxBP)+"%", "", "", model.FormatAmount(inv.Tax(), cur))
	}
	t.add("", "total "+cur, "", "", model.FormatAmount(inv.Total(), cur))
	paid, owed := "paid ", "owed"
	if inv.IsCredit() {
		paid, owed = "refunded ", "credit"
	}
	for _, p := range inv.Payments {
		t.add("", paid+p.Date.String(), "", "", model.FormatAmount(-p.Amount, cur))
	}
	switch {
	case inv.IsCredit() && inv.State == model.InvoiceIssued:
		t.add("", owed, "", "", model.FormatAmount(-inv.Balance(), cur))
	case len(inv.Payments) > 0:
		t.add("", owed, "", "", model.FormatAmount(inv.Balance(), cur))
	}
	if err := t.write(w); err != nil {
		return err
	}
	if inv.Reference != "" {
		fmt.Fprintf(w, "\nreference: %s\n", model.Printable(inv.Reference))
	}
	if inv.Note != "" {
		fmt.Fprintf(w, "\nnote:\n")
		for _, line := range strings.Split(inv.Note, "\n") {
			fmt.Fprintf(w, "  %s\n", model.Printable(line))
		}
	}
	if inv.State == model.InvoiceVoid {
		fmt.Fprintf(w, "\nvoid since %s: %s\n", inv.Voided, model.Printable(inv.Reason))
	}
	return nil
}

func titleOf(inv model.Invoice) string {
	if inv.State == model.InvoiceDraft {
		return "draft " + inv.Label()
	}
	return inv.Kind() + " " + inv.Number
}

// totalOf is an invoice's total in words: "total 88.00 EUR", or for a
// credit note "credit 100.00 EUR".
func totalOf(inv model.Invoice) string {
	if inv.IsCredit() {
		return "credit " + model.FormatAmount(-inv.Total(), inv.Currency) + " " + inv.Currency
	}
	return "total " + model.FormatAmount(inv.Total(), inv.Currency) + " " + inv.Currency
}

// renderFlags are invoice render's flags.
type renderFlags struct {
	format option[string]
	output string
	force  bool
}

func (r *runner) invoiceRender(ref string, flags renderFlags) error {
	output := flags.output
	format, err := formatOf(flags.format, output, invoice.ParseFormat, "pdf")
	if err != nil {
		return err
	}
	cfg, err := r.config()
	if err != nil {
		return err
	}
	inv, c, err := r.invoice(ref)
	if err != nil {
		return err
	}
	doc, err := invoice.NewDocument(inv, c, invoice.Settings{Business: cfg.Business, Logo: cfg.Logo, Paper: cfg.Paper}, r.today())
	if err != nil {
		return err
	}
	if output == "-" {
		if err := invoice.Formats[format](r.env.Stdout, doc); err != nil {
			return err
		}
		r.warnUnshown(format, doc, "the PDF", ref)
		return nil
	}
	if output == "" {
		if err := os.MkdirAll(cfg.ExportDir, 0o777); err != nil {
			return fmt.Errorf("render: %w", err)
		}
		output = filepath.Join(cfg.ExportDir, invoice.FileName(doc.Invoice, format))
	}
	switch info, err := os.Stat(output); {
	case err == nil && info.IsDir():
		return model.Invalidf("%s is a folder; give -o a file in it", output)
	case err == nil && !flags.force:
		return model.Invalidf("%s exists; give --force to replace it, or -o another file", output)
	}
	if err := invoice.WriteFile(output, format, doc); err != nil {
		return err
	}
	r.printf("wrote %s\n", output)
	r.warnUnshown(format, doc, output, ref)
	return nil
}

// warnUnshown warns that a PDF just written draws placeholders for
// characters its fonts lack, if it does.
func (r *runner) warnUnshown(format string, doc invoice.Document, file, ref string) {
	if format != "pdf" {
		return
	}
	if w := invoice.UnshownWarning(doc, file, "tally invoice render "+ref+" --format html"); w != "" {
		r.warn(store.Warnings{w})
	}
}
