package invoice

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDF's measures, in millimetres.
const (
	margin      = 18.0
	lineH       = 5.5
	rowH        = 6.5
	titleSize   = 20.0
	bodySize    = 10.0
	smallSize   = 8.5
	factW       = 38.0 // the labels of the facts: "Credit note number"
	logoH       = 16.0 // the logo's height, top right
	totalLabelW = 48.0 // the labels of the totals: "Total due (EUR)"
)

// columns are the widths of the lines table's columns, with the
// description taking what the others leave.
var columns = [5]float64{10, 0, 26, 30, 32}

// page is a PDF being written, with what every page repeats.
type page struct {
	pdf          *fpdf.Fpdf
	sheet        sheet
	width, pageH float64
	bottom       float64 // where the body ends and the footer begins
	cols         [5]float64
}

// PDF writes the invoice as a PDF in the Go fonts, which are embedded: it
// needs no font on the machine. A character the fonts lack is drawn as a
// placeholder (see glyphs.go; Unshown names them). Every page carries the
// invoice's title and "Page N of M"; a long invoice breaks onto more
// pages, the table's heading repeated on each.
func PDF(w io.Writer, d Document) error {
	s, _ := forPDF(layOut(d))
	paper := "A4"
	if strings.EqualFold(d.Paper, "letter") {
		paper = "Letter"
	}
	pdf := fpdf.New("P", "mm", paper, "")
	// Dated by the invoice, not the clock: the same invoice renders the
	// same file.
	pdf.SetCreationDate(d.Invoice.Issued.Start(time.UTC))
	pdf.SetModificationDate(d.Invoice.Issued.Start(time.UTC))
	pdf.SetCatalogSort(true)
	pdf.SetTitle(s.Title, true)
	pdf.SetAuthor(s.From.Name, true)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	pdf.AliasNbPages("{nb}")
	pageW, pageH := pdf.GetPageSize()
	p := &page{pdf: pdf, sheet: s, width: pageW - 2*margin, pageH: pageH, bottom: pageH - margin - lineH}
	p.fitFigures()
	pdf.SetFooterFunc(p.footer)
	p.newPage()
	p.heading(d.Logo)
	p.parties()
	p.facts()
	p.lines()
	p.totals()
	p.tail()
	return pdf.Output(w)
}

// fitFigures sets the table's columns: each column of figures at least
// as wide as its widest figure, measured in bold as the total due is
// drawn (the largest amount tally takes, -99,999,999,999.99, is wider than
// the column), and the description taking what they leave.
func (p *page) fitFigures() {
	pdf := p.pdf
	pdf.SetFont("go", "B", bodySize)
	pad := 2*pdf.GetCellMargin() + 1
	p.cols = columns
	for _, r := range p.sheet.Lines {
		for i, v := range []string{r.Quantity, r.Price, r.Amount} {
			p.cols[2+i] = max(p.cols[2+i], pdf.GetStringWidth(v)+pad)
		}
	}
	for _, t := range p.sheet.Totals {
		p.cols[4] = max(p.cols[4], pdf.GetStringWidth(t[1])+pad)
	}
	p.cols[1] = p.width - p.cols[0] - p.cols[2] - p.cols[3] - p.cols[4]
}

// newPage starts a page with its stamp.
func (p *page) newPage() {
	p.pdf.AddPage()
	p.stamp()
}

// room starts a new page unless h millimetres fit above the footer.
func (p *page) room(h float64) bool {
	if p.pdf.GetY()+h <= p.bottom {
		return false
	}
	p.newPage()
	return true
}

// footer writes the invoice's title and the page's number at its foot.
func (p *page) footer() {
	pdf := p.pdf
	pdf.SetY(p.pageH - margin)
	pdf.SetFont("go", "", smallSize)
	pdf.SetTextColor(100, 100, 100)
	pdf.CellFormat(p.width/2, lineH, p.sheet.Title, "T", 0, "L", false, 0, "")
	pdf.CellFormat(p.width/2, lineH, "Page "+strconv.Itoa(pdf.PageNo())+" of {nb}", "T", 0, "R", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
}

// heading writes the logo, the title and the headline.
func (p *page) heading(logo *Logo) {
	pdf := p.pdf
	if logo != nil {
		opts := fpdf.ImageOptions{ImageType: "PNG"}
		pdf.RegisterImageOptionsReader("logo", opts, bytes.NewReader(logo.forPDF))
		w := logoH * float64(logo.width) / float64(logo.height)
		w = min(w, p.width/3)
		pdf.ImageOptions("logo", margin+p.width-w, margin, w, w*float64(logo.height)/float64(logo.width), false, opts, 0, "")
	}
	pdf.SetFont("go", "B", titleSize)
	pdf.CellFormat(p.width, 10, p.sheet.Title, "", 1, "L", false, 0, "")
	if p.sheet.Headline != "" {
		pdf.SetFont("go", "B", 13)
		pdf.CellFormat(p.width, 8, p.sheet.Headline, "", 1, "L", false, 0, "")
	}
	pdf.SetY(max(pdf.GetY(), margin+logoH) + 4)
}

// parties writes who bills and who is billed, side by side.
func (p *page) parties() {
	top, half := p.pdf.GetY(), p.width/2
	p.block(margin, top, half, "FROM", partyLines(p.sheet.From))
	fromEnd := p.pdf.GetY()
	p.block(margin+half, top, half, "BILL TO", partyLines(p.sheet.To))
	p.pdf.SetXY(margin, max(fromEnd, p.pdf.GetY())+4)
}

// block writes a party's address block at x, y, its label above it.
func (p *page) block(x, y, w float64, label string, lines []string) {
	pdf := p.pdf
	pdf.SetXY(x, y)
	pdf.SetFont("go", "B", 8)
	pdf.SetTextColor(100, 100, 100)
	pdf.CellFormat(w, lineH, label, "", 2, "L", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
	for i, l := range lines {
		style := ""
		if i == 0 {
			style = "B"
		}
		pdf.SetFont("go", style, bodySize)
		for _, part := range pdf.SplitText(l, w-4) {
			pdf.SetX(x)
			pdf.CellFormat(w-4, lineH, part, "", 2, "L", false, 0, "")
		}
	}
}

// facts writes the invoice's facts, a label and its value a row, a long
// value (a reference) wrapped within the page as an address is.
func (p *page) facts() {
	pdf := p.pdf
	for _, f := range p.sheet.Facts {
		pdf.SetFont("go", "", bodySize)
		pdf.SetTextColor(100, 100, 100)
		pdf.CellFormat(factW, lineH, f[0], "", 0, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		parts := pdf.SplitText(f[1], p.width-factW)
		if len(parts) == 0 { // an empty value still ends its row
			parts = []string{""}
		}
		for _, part := range parts {
			pdf.SetX(margin + factW)
			pdf.CellFormat(p.width-factW, lineH, part, "", 1, "L", false, 0, "")
		}
	}
	pdf.Ln(4)
}

// lines writes the table, each line's detail in small type under its
// description.
func (p *page) lines() {
	pdf, cols := p.pdf, p.cols
	p.tableHeader()
	for _, r := range p.sheet.Lines {
		pdf.SetFont("go", "", bodySize)
		desc := pdf.SplitText(r.Description, cols[1]-2)
		pdf.SetFont("go", "", smallSize)
		var detail []string
		if r.Detail != "" {
			detail = pdf.SplitText(r.Detail, cols[1]-2)
		}
		h := float64(max(len(desc), 1)+len(detail)) * lineH
		if p.room(h + 1) {
			p.tableHeader()
		}
		y := pdf.GetY()
		pdf.SetFont("go", "", bodySize)
		pdf.CellFormat(cols[0], lineH, r.N, "", 0, "R", false, 0, "")
		for i, part := range desc {
			pdf.SetXY(margin+cols[0]+1, y+float64(i)*lineH)
			pdf.CellFormat(cols[1]-2, lineH, part, "", 0, "L", false, 0, "")
		}
		pdf.SetFont("go", "", smallSize)
		pdf.SetTextColor(100, 100, 100)
		for i, part := range detail {
			pdf.SetXY(margin+cols[0]+1, y+float64(max(len(desc), 1)+i)*lineH)
			pdf.CellFormat(cols[1]-2, lineH, part, "", 0, "L", false, 0, "")
		}
		pdf.SetTextColor(0, 0, 0)
		pdf.SetFont("go", "", bodySize)
		x := margin + cols[0] + cols[1]
		for i, v := range []string{r.Quantity, r.Price, r.Amount} {
			pdf.SetXY(x, y)
			pdf.CellFormat(cols[2+i], lineH, v, "", 0, "R", false, 0, "")
			x += cols[2+i]
		}
		pdf.SetDrawColor(220, 220, 220)
		pdf.Line(margin, y+h+0.5, margin+p.width, y+h+0.5)
		pdf.SetXY(margin, y+h+1)
	}
}

func (p *page) tableHeader() {
	pdf := p.pdf
	pdf.SetFont("go", "B", bodySize)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetX(margin)
	names := []string{header.N, header.Description, header.Quantity, header.Price, header.Amount}
	align := []string{"R", "L", "R", "R", "R"}
	for i, name := range names {
		pdf.CellFormat(p.cols[i], rowH, name, "B", 0, align[i], false, 0, "")
	}
	pdf.Ln(rowH + 1)
}

// totals writes the subtotal, tax and what is due, the last in bold.
func (p *page) totals() {
	pdf, totals := p.pdf, p.sheet.Totals
	p.room(float64(len(totals))*rowH + 4)
	pdf.Ln(3)
	for i, t := range totals {
		style := ""
		left := margin + p.width - totalLabelW - p.cols[4]
		if i == len(totals)-1 {
			style = "B"
			pdf.SetDrawColor(0, 0, 0)
			pdf.Line(left, pdf.GetY(), margin+p.width, pdf.GetY())
		}
		pdf.SetFont("go", style, bodySize)
		pdf.SetX(left)
		pdf.CellFormat(totalLabelW, rowH, t[0], "", 0, "L", false, 0, "")
		pdf.CellFormat(p.cols[4], rowH, t[1], "", 1, "R", false, 0, "")
	}
}

// tail writes how to pay and the note, each under its heading, then what
// the document says of itself.
func (p *page) tail() {
	p.pdf.Ln(6)
	p.paragraph("Payment", p.sheet.Payment)
	p.paragraph("Note", p.sheet.Note)
	p.paragraph("", p.sheet.Remarks)
}

// paragraph writes lines under a bold heading, each wrapped to the page.
func (p *page) paragraph(heading string, lines []string) {
	if len(lines) == 0 {
		return
	}
	pdf := p.pdf
	if heading != "" {
		p.room(2 * lineH)
		pdf.SetFont("go", "B", bodySize)
		pdf.CellFormat(p.width, lineH, heading, "", 1, "L", false, 0, "")
	}
	pdf.SetFont("go", "", bodySize)
	for _, line := range lines {
		for _, part := range pdf.SplitText(line, p.width) {
			if p.room(lineH) {
				pdf.SetFont("go", "", bodySize)
			}
			pdf.CellFormat(p.width, lineH, part, "", 1, "L", false, 0, "")
		}
	}
	pdf.Ln(3)
}

// stamp writes VOID, DRAFT or PAID across the page, large and pale, so no
// one mistakes the copy for a bill to pay.
func (p *page) stamp() {
	text, pdf := p.sheet.Stamp, p.pdf
	if text == "" {
		return
	}
	pageW := p.width + 2*margin
	x, y := pdf.GetXY()
	pdf.SetFont("go", "B", 96)
	pdf.SetTextColor(245, 205, 205)
	pdf.TransformBegin()
	pdf.TransformRotate(35, pageW/2, p.pageH/2)
	tw := pdf.GetStringWidth(text)
	pdf.Text(pageW/2-tw/2, p.pageH/2+12, text)
	pdf.TransformEnd()
	pdf.SetTextColor(0, 0, 0)
	pdf.SetXY(x, y)
}
