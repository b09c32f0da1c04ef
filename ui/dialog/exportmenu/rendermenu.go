package exportmenu

import (
	"os"
	"path/filepath"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/invoice"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
)

// RenderMenu writes an invoice as PDF, HTML or Markdown into the export
// folder, and asks before it replaces a file, as the export menu does.
type RenderMenu struct {
	*common.Shared
	askBeforeReplacing
	host common.Host
	inv  model.Invoice
	keys renderKeys
}

type renderKeys struct{ PDF, HTML, Markdown, Cancel key.Binding }

// NewRender offers invoice inv in each format.
func NewRender(sh *common.Shared, h common.Host, inv model.Invoice) *RenderMenu {
	return &RenderMenu{Shared: sh, host: h, inv: inv, keys: renderKeys{
		PDF: common.Bind("p", "PDF", "p"), HTML: common.Bind("h", "HTML", "h"), Markdown: common.Bind("m", "Markdown", "m"), Cancel: common.Bind("esc", "cancel", "esc"),
	}}
}

// ShortHelp is the keys the footer offers while the dialog is open.
func (m *RenderMenu) ShortHelp() []key.Binding {
	if m.ask != nil {
		return m.ask.ShortHelp()
	}
	return []key.Binding{m.keys.PDF, m.keys.HTML, m.keys.Markdown, m.keys.Cancel}
}

// FullHelp is every key of the dialog.
func (m *RenderMenu) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update takes every message while the dialog is open; done closes it.
func (m *RenderMenu) Update(msg tea.Msg) (tea.Cmd, bool) {
	if cmd, done, mine := m.handle(m.Shared, m.host, msg); mine {
		return cmd, done
	}
	dir := m.Deps.Config.ExportDir
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		var format string
		switch {
		case key.Matches(msg, m.keys.Cancel):
			return nil, true
		case key.Matches(msg, m.keys.PDF):
			format = "pdf"
		case key.Matches(msg, m.keys.HTML):
			format = "html"
		case key.Matches(msg, m.keys.Markdown):
			format = "md"
		default:
			return nil, false
		}
		cfg, c := m.Deps.Config, m.Snap.ClientsByID[m.inv.ClientID]
		name := invoice.FileName(m.inv.WithParties(cfg.Business, c), format)
		set := invoice.Settings{Business: cfg.Business, Logo: cfg.Logo, Paper: cfg.Paper}
		return existingCmd(dir, []string{name}, confirm.WriteOnYes(m.host, renderCmd(filepath.Join(dir, name), format, m.inv, c, set, m.Snap.Today))), false
	}
	return nil, false
}

// View draws the dialog in a box that fits width.
func (m *RenderMenu) View(width, height int) []string {
	if m.ask != nil {
		return m.ask.View(width, height)
	}
	st := m.Styles
	k := func(s string) string { return st.Key.Render(s) }
	body := []string{
		" " + common.InvoiceTitle(m.inv) + " into " + m.Deps.Config.ExportDir,
		"",
		" " + k("p") + " PDF   " + k("h") + " HTML (prints cleanly)   " + k("m") + " Markdown",
		"",
		st.Help.Render(" esc cancel"),
	}
	w := min(width-4, max(ansi.StringWidth(body[0])+4, 52))
	return common.Box(st, "Render", body, w, len(body)+2, true)
}

// renderCmd writes invoice inv of client c to path, reading the logo
// the settings name on the way.
func renderCmd(path, format string, inv model.Invoice, c model.Client, set invoice.Settings, today model.Date) func() common.Written {
	return func() common.Written {
		doc, err := invoice.NewDocument(inv, c, set, today)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(path), 0o777)
		}
		if err == nil {
			err = invoice.WriteFile(path, format, doc)
		}
		if err != nil {
			return common.Written{Err: err}
		}
		var warned store.Warnings
		if format == "pdf" {
			if w := invoice.UnshownWarning(doc, filepath.Base(path), "R h"); w != "" {
				warned = append(warned, w)
			}
		}
		// The status line names the folder, so the file can be found and sent.
		return common.Written{Text: "wrote " + filepath.Base(path) + " in " + filepath.Dir(path), Warnings: warned}
	}
}
