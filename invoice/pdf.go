package invoice

import (
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDF's measures, in millimetres.
const (
	margin    = 18.0
	lineH     = 5.5
	rowH      = 6.5
	titleSize = 20.0
	bodySize  = 10.0
	factW     = 38.0 // the labels of the facts: "Credit note number"
)

// columns are the widths of the lines table's columns, with the
// description taking what the others leave.
var columns = [5]float64{10, 0, 26, 30, 32}

// PDF writes the invoice as a PDF in the Go fonts, which are embedded: it
// needs no font on the machine. A character the fonts lack is drawn as a
// placeholder (see glyphs.go; Unshown names them). A long
// invoice breaks onto more pages, the table's heading repeated on each.
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
	pageW, pageH := pdf.GetPageSize()
	width := pageW - 2*margin
	cols := columns
	cols[1] = width - cols[0] - cols[2] - cols[3] - cols[4]
	pdf.AddPage()
	stamp(pdf, s.Stamp, pageW, pageH)

	pdf.SetFont("go", "B", titleSize)
	pdf.CellFormat(width, 10, s.Title, "", 1, "L", false, 0, "")
	pdf.Ln(4)

	top := pdf.GetY()
	half := width / 2
	block(pdf, margin, top, half, "FROM", partyLines(s.From))
	fromEnd := pdf.GetY()
	block(pdf, margin+half, top, half, "BILL TO", partyLines(s.To))
	pdf.SetXY(margin, max(fromEnd, pdf.GetY())+4)

	for _, f := range s.Facts {
		pdf.SetFont("go", "", bodySize)
		pdf.SetTextColor(100, 100, 100)
		pdf.CellFormat(factW, lineH, f[0], "", 0, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		pdf.CellFormat(width-factW, lineH, f[1], "", 1, "L", false, 0, "")
	}
	pdf.Ln(4)

	bottom := pageH - margin
	tableHeader(pdf, cols)
	for _, r := range s.Lines {
		pdf.SetFont("go", "", bodySize)
		desc := pdf.SplitText(r.Description, cols[1]-2)
		h := max(float64(len(desc)), 1) * lineH
		if pdf.GetY()+h+1 > bottom {
			pdf.AddPage()
			stamp(pdf, s.Stamp, pageW, pageH)
			tableHeader(pdf, cols)
			pdf.SetFont("go", "", bodySize)
		}
		y := pdf.GetY()
		pdf.CellFormat(cols[0], lineH, r.N, "", 0, "R", false, 0, "")
		pdf.SetXY(margin+cols[0]+1, y)
		for i, part := range desc {
			pdf.SetXY(margin+cols[0]+1, y+float64(i)*lineH)
			pdf.CellFormat(cols[1]-2, lineH, part, "", 0, "L", false, 0, "")
		}
		x := margin + cols[0] + cols[1]
		for i, v := range []string{r.Quantity, r.Price, r.Amount} {
			pdf.SetXY(x, y)
			pdf.CellFormat(cols[2+i], lineH, v, "", 0, "R", false, 0, "")
			x += cols[2+i]
		}
		pdf.SetDrawColor(220, 220, 220)
		pdf.Line(margin, y+h+0.5, margin+width, y+h+0.5)
		pdf.SetXY(margin, y+h+1)
	}

	totalsH := float64(len(s.Totals))*rowH + 4
	if pdf.GetY()+totalsH > bottom {
		pdf.AddPage()
		stamp(pdf, s.Stamp, pageW, pageH)
	}
	pdf.Ln(3)
	for i, t := range s.Totals {
		style := ""
		if i == len(s.Totals)-1 {
			style = "B"
			pdf.SetDrawColor(0, 0, 0)
			pdf.Line(margin+width-80, pdf.GetY(), margin+width, pdf.GetY())
		}
		pdf.SetFont("go", style, bodySize)
		pdf.SetX(margin + width - 80)
		pdf.CellFormat(48, rowH, t[0], "", 0, "L", false, 0, "")
		pdf.CellFormat(32, rowH, t[1], "", 1, "R", false, 0, "")
	}

	var tail []string
	if len(s.Payment) > 0 {
		tail = append(append(tail, "\x00Payment"), s.Payment...)
	}
	tail = append(tail, s.Notes...)
	pdf.Ln(6)
	for _, line := range tail {
		style, text := "", line
		if strings.HasPrefix(line, "\x00") {
			style, text = "B", line[1:]
		}
		pdf.SetFont("go", style, bodySize)
		for _, part := range pdf.SplitText(text, width) {
			if pdf.GetY()+lineH > bottom {
				pdf.AddPage()
				stamp(pdf, s.Stamp, pageW, pageH)
				pdf.SetFont("go", style, bodySize)
			}
			pdf.CellFormat(width, lineH, part, "", 1, "L", false, 0, "")
		}
	}
	return pdf.Output(w)
}

// block writes a party's address block at x, y, its label above it.
func block(pdf *fpdf.Fpdf, x, y, w float64, label string, lines []string) {
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

func tableHeader(pdf *fpdf.Fpdf, cols [5]float64) {
	pdf.SetFont("go", "B", bodySize)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetX(margin)
	names := []string{header.N, header.Description, header.Quantity, header.Price, header.Amount}
	align := []string{"R", "L", "R", "R", "R"}
	for i, name := range names {
		pdf.CellFormat(cols[i], rowH, name, "B", 0, align[i], false, 0, "")
	}
	pdf.Ln(rowH + 1)
}

// stamp writes VOID, DRAFT or PAID across the page, large and pale, so no
// one mistakes the copy for a bill to pay.
func stamp(pdf *fpdf.Fpdf, text string, pageW, pageH float64) {
	if text == "" {
		return
	}
	x, y := pdf.GetXY()
	pdf.SetFont("go", "B", 96)
	pdf.SetTextColor(245, 205, 205)
	pdf.TransformBegin()
	pdf.TransformRotate(35, pageW/2, pageH/2)
	tw := pdf.GetStringWidth(text)
	pdf.Text(pageW/2-tw/2, pageH/2+12, text)
	pdf.TransformEnd()
	pdf.SetTextColor(0, 0, 0)
	pdf.SetXY(x, y)
}
