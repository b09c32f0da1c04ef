package invoice

import (
	"encoding/base64"
	"html/template"
	"io"
	"strings"
	"sync"
)

// HTML writes the invoice as one self-contained page that prints on one
// sheet of the configured paper per page, with no file beside it.
func HTML(w io.Writer, d Document) error {
	s := layOut(d)
	paper := "A4"
	if strings.EqualFold(d.Paper, "letter") {
		paper = "letter"
	}
	var logo template.URL
	if d.Logo != nil { // a data: URL of a picture checked by ParseLogo
		logo = template.URL("data:" + d.Logo.mime + ";base64," + base64.StdEncoding.EncodeToString(d.Logo.file))
	}
	return pageTemplate().Execute(w, map[string]any{
		"S": s, "From": partyLines(s.From), "To": partyLines(s.To), "Header": header, "Paper": paper,
		"Last": len(s.Totals) - 1, "Logo": logo,
	})
}

// pageTemplate is parsed on first use, not as every tally command starts.
var pageTemplate = sync.OnceValue(func() *template.Template { return template.Must(template.New("invoice").Parse(pageText)) })

const pageText = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.S.Title}}</title>
<style>
@page { size: {{.Paper}}; margin: 18mm;
  @bottom-left { content: "{{.S.Title}}"; font: 8pt system-ui, sans-serif; color: #666; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #666; } }
body { font: 10.5pt/1.45 system-ui, sans-serif; color: #222; max-width: 52em; margin: 2em auto; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
.logo { float: right; max-height: 16mm; max-width: 33%; }
.headline { font-size: 13pt; font-weight: 700; margin: 0 0 1.5em; }
.detail { font-size: 8.5pt; color: #666; }
h2.tail { font-size: 10.5pt; margin: 1.5em 0 0; }
.stamp { color: #b00; border: 2px solid #b00; padding: 0 .3em; margin-left: .5em; }
.parties { display: flex; justify-content: space-between; gap: 2em; margin-bottom: 1.5em; }
.parties h2 { font-size: 9pt; text-transform: uppercase; color: #666; margin: 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: 0 0 1.5em; }
dt { color: #666; } dd { margin: 0; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
th { text-align: left; border-bottom: 1px solid #222; font-weight: 600; }
td, th { padding: .3em .4em; vertical-align: top; }
tr { page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.lines td { border-bottom: 1px solid #ddd; }
.totals { width: auto; margin: 1em 0 0 auto; }
.totals .due td { font-weight: 700; border-top: 1px solid #222; }
.note { margin-top: 1.5em; }
</style>
</head>
<body>
{{with .Logo}}<img class="logo" src="{{.}}" alt="">
{{end}}<h1>{{.S.Title}}{{with .S.Stamp}}<span class="stamp">{{.}}</span>{{end}}</h1>
{{with .S.Headline}}<p class="headline">{{.}}</p>{{end}}
<div class="parties">
<div><h2>From</h2>{{range .From}}{{.}}<br>{{end}}</div>
<div><h2>Bill to</h2>{{range .To}}{{.}}<br>{{end}}</div>
</div>
<dl>{{range .S.Facts}}<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>{{end}}</dl>
<table class="lines">
<thead><tr><th class="num">{{.Header.N}}</th><th>{{.Header.Description}}</th><th class="num">{{.Header.Quantity}}</th><th class="num">{{.Header.Price}}</th><th class="num">{{.Header.Amount}}</th></tr></thead>
<tbody>
{{range .S.Lines}}<tr><td class="num">{{.N}}</td><td>{{.Description}}{{with .Detail}}<div class="detail">{{.}}</div>{{end}}</td><td class="num">{{.Quantity}}</td><td class="num">{{.Price}}</td><td class="num">{{.Amount}}</td></tr>
{{end}}</tbody>
</table>
<table class="totals">
{{range $i, $t := .S.Totals}}<tr{{if eq $i $.Last}} class="due"{{end}}><td>{{index $t 0}}</td><td class="num">{{index $t 1}}</td></tr>
{{end}}</table>
{{with .S.Payment}}<h2 class="tail">Payment</h2><p>{{range .}}{{.}}<br>{{end}}</p>
{{end}}{{with .S.Note}}<h2 class="tail">Note</h2><p>{{range .}}{{.}}<br>{{end}}</p>
{{end}}{{range .S.Remarks}}<p class="note">{{.}}</p>
{{end}}
</body>
</html>
`
