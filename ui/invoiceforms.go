package ui

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/invoice"
	"tally/model"
)

// payForm records a payment against an issued invoice: the balance by
// default, received today; on a credit note, the credit given back.
func newPayForm(sh *shared, h host, inv model.Invoice) *form {
	today := sh.snap.today
	title, left, hint := "Payment of invoice "+inv.Number, inv.Balance(), " is owed"
	if inv.IsCredit() {
		title, left, hint = "Refund of credit note "+inv.Number, -inv.Balance(), " is left to credit"
	}
	f := newForm(sh, h, title)
	amount := newField("Amount", model.FormatAmount(left, inv.Currency), model.FormatAmount(left, inv.Currency)+" "+inv.Currency+hint, func(v string) error {
		a, err := model.ParseAmount(v, inv.Currency)
		if err != nil {
			return err
		}
		paid := inv
		return paid.AddPayment(model.Payment{Date: max(today, inv.Issued), Amount: a})
	})
	date := newField("Date", today.String(), "YYYY-MM-DD, not in the future", func(v string) error {
		d, err := model.ParseDate(v, today)
		if err == nil && d > today {
			err = model.Invalidf("%s is in the future", d)
		}
		return err
	})
	f.add(amount, date)
	f.submit = func() (func() Written, error) {
		a, err := model.ParseAmount(amount.value(), inv.Currency)
		if err != nil {
			return nil, err
		}
		d, err := model.ParseDate(date.value(), today)
		if err != nil {
			return nil, err
		}
		return payCmd(sh.deps.Store, inv.Number, model.Payment{Date: d, Amount: a}), nil
	}
	return f
}

// lineForm adds a line made by hand to a draft: an expense, or a
// discount at a negative price.
func newLineForm(sh *shared, h host, inv model.Invoice) *form {
	f := newForm(sh, h, "Add a line to draft "+inv.Label())
	desc := newField("Description", "", "what it is for: rail tickets, a discount", func(v string) error {
		_, err := model.ManualLine(v, model.QuantityScale, 0)
		return err
	})
	price := newField("Price", "", "each, in "+inv.Currency+"; negative for a discount", parses(func(v string) (int64, error) {
		return model.ParseSignedAmount(v, inv.Currency)
	}))
	quantity := newField("Quantity", "1", "how many", parses(model.ParseQuantity))
	f.add(desc, price, quantity)
	f.submit = func() (func() Written, error) {
		p, err := model.ParseSignedAmount(price.value(), inv.Currency)
		if err != nil {
			return nil, err
		}
		q, err := model.ParseQuantity(quantity.value())
		if err != nil {
			return nil, err
		}
		line, err := model.ManualLine(desc.value(), q, p)
		if err != nil {
			return nil, err
		}
		return addLineCmd(sh.deps.Store, inv, line), nil
	}
	return f
}

// voidForm voids an issued invoice with the reason it keeps.
func newVoidForm(sh *shared, h host, inv model.Invoice) *form {
	f := newForm(sh, h, "Void invoice "+inv.Number)
	reason := newField("Reason", "", "why: kept with the number, which is never reused", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return model.Invalidf("say why it is void")
		}
		return nil
	})
	f.add(reason)
	f.submit = func() (func() Written, error) {
		return voidCmd(sh.deps.Store, inv.Number, reason.value(), sh.snap.today), nil
	}
	return f
}

// renderMenu writes an invoice as PDF, HTML or Markdown into the export
// folder, and asks before it replaces a file, as the export menu does.
type renderMenu struct {
	*shared
	askBeforeReplacing
	host host
	inv  model.Invoice
	keys renderKeys
}

type renderKeys struct{ PDF, HTML, Markdown, Cancel key.Binding }

func newRenderMenu(sh *shared, h host, inv model.Invoice) *renderMenu {
	return &renderMenu{shared: sh, host: h, inv: inv, keys: renderKeys{
		PDF: bind("p", "PDF", "p"), HTML: bind("h", "HTML", "h"), Markdown: bind("m", "Markdown", "m"), Cancel: bind("esc", "cancel", "esc"),
	}}
}

func (m *renderMenu) ShortHelp() []key.Binding {
	if m.ask != nil {
		return m.ask.ShortHelp()
	}
	return []key.Binding{m.keys.PDF, m.keys.HTML, m.keys.Markdown, m.keys.Cancel}
}

func (m *renderMenu) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

func (m *renderMenu) Update(msg tea.Msg) (tea.Cmd, bool) {
	if cmd, done, mine := m.handle(m.shared, m.host, msg); mine {
		return cmd, done
	}
	dir := m.deps.Config.ExportDir
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
		cfg, c := m.deps.Config, m.snap.clientsByID[m.inv.ClientID]
		name := invoice.FileName(m.inv.WithParties(cfg.Business, c), format)
		set := invoice.Settings{Business: cfg.Business, Logo: cfg.Logo, Paper: cfg.Paper}
		return existingCmd(dir, []string{name}, writeOnYes(m.host, renderCmd(filepath.Join(dir, name), format, m.inv, c, set, m.snap.today))), false
	}
	return nil, false
}

func (m *renderMenu) View(width, height int) []string {
	if m.ask != nil {
		return m.ask.View(width, height)
	}
	st := m.styles
	k := func(s string) string { return st.Key.Render(s) }
	body := []string{
		" " + titleOf(m.inv) + " into " + m.deps.Config.ExportDir,
		"",
		" " + k("p") + " PDF   " + k("h") + " HTML (prints cleanly)   " + k("m") + " Markdown",
		"",
		st.Help.Render(" esc cancel"),
	}
	w := min(width-4, max(ansi.StringWidth(body[0])+4, 52))
	return box(st, "Render", body, w, len(body)+2, true)
}
