package dashboard

import (
	"strings"
	"testing"

	"tally/ui/dialog/confirm"
	"tally/ui/dialog/form"
	"tally/ui/uitest"
)

func TestClientsPaneSelectsAndAsks(t *testing.T) {
	sh, _ := uitest.Shared(t)
	h := &uitest.Host{}
	p := newClientsPane(sh, h)
	p.SetSize(40, 10)
	p.DataChanged()
	if p.selectedID() != 0 {
		t.Fatalf("the first row is All clients, not %d", p.selectedID())
	}
	p.HandleKey(uitest.Key("e"))
	p.HandleKey(uitest.Key("$"))
	if len(h.Opened) != 0 || strings.Join(h.Said, "; ") != "select a client first; select a client that earns commission (a percent of sales) to add a sale" {
		t.Errorf("on All clients: opened %d, said %q", len(h.Opened), h.Said)
	}
	p.HandleKey(uitest.Key("j"))
	if p.selectedID() != uitest.Acme.ID {
		t.Fatalf("j selects %d", p.selectedID())
	}
	p.HandleKey(uitest.Key("e"))
	if f, ok := h.Opened[0].(*form.Client); !ok || f.Value("Name") != uitest.Acme.Name {
		t.Errorf("e opened %T", h.Opened[0])
	}
	p.HandleKey(uitest.Key("a"))
	if c, ok := h.Opened[1].(*confirm.Confirm); !ok || !strings.HasPrefix(c.Question(), "Archive Acme?") {
		t.Errorf("a opened %T", h.Opened[1])
	}
	p.HandleKey(uitest.Key("j"))
	p.HandleKey(uitest.Key("$"))
	if _, ok := h.Opened[2].(*form.Sale); !ok {
		t.Errorf("$ on Bakery opened %T", h.Opened[2])
	}
}

func TestClientsPaneOnAnEmptyFile(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Snap.Clients = nil
	p := newClientsPane(sh, &uitest.Host{})
	p.SetSize(40, 8)
	p.Focus(true)
	p.DataChanged()
	got := uitest.Plain(p.View())
	if !strings.Contains(got, "│▸All clients") || !strings.Contains(got, "No clients yet. n adds one.") {
		t.Errorf("empty:\n%s", got)
	}
}

// The footer offers only keys that act on the client selected: none of a
// client's on "All clients", $ only for one that earns commission (issue
// 28 item 7).
func TestClientsOfferOnlyKeysThatAct(t *testing.T) {
	sh, _ := uitest.Shared(t)
	p := newClientsPane(sh, &uitest.Host{})
	p.SetSize(40, 10)
	p.DataChanged()
	for _, k := range []string{"e", "$", "i"} {
		if uitest.Offered(p.ShortHelp(), k) {
			t.Errorf("%s offered on All clients", k)
		}
	}
	p.HandleKey(uitest.Key("j")) // Acme, hourly
	if !uitest.Offered(p.ShortHelp(), "e") || uitest.Offered(p.ShortHelp(), "$") {
		t.Errorf("on Acme: %v", p.ShortHelp())
	}
	p.HandleKey(uitest.Key("j")) // Bakery, on commission
	if !uitest.Offered(p.ShortHelp(), "$") {
		t.Errorf("on Bakery: %v", p.ShortHelp())
	}
}
