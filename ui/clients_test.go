package ui

import (
	"strings"
	"testing"
)

func TestClientsPaneSelectsAndAsks(t *testing.T) {
	sh, _ := roomShared(t)
	h := &fakeHost{}
	p := newClientsPane(sh, h)
	p.SetSize(40, 10)
	p.dataChanged()
	if p.selectedID() != 0 {
		t.Fatalf("the first row is All clients, not %d", p.selectedID())
	}
	p.HandleKey(keyMsg("e"))
	p.HandleKey(keyMsg("$"))
	if len(h.opened) != 0 || strings.Join(h.said, "; ") != "select a client first; select a client that earns commission (a percent of sales) to add a sale" {
		t.Errorf("on All clients: opened %d, said %q", len(h.opened), h.said)
	}
	p.HandleKey(keyMsg("j"))
	if p.selectedID() != acme.ID {
		t.Fatalf("j selects %d", p.selectedID())
	}
	p.HandleKey(keyMsg("e"))
	if f, ok := h.opened[0].(*clientForm); !ok || f.existing.ID != acme.ID {
		t.Errorf("e opened %T", h.opened[0])
	}
	p.HandleKey(keyMsg("a"))
	if c, ok := h.opened[1].(*confirm); !ok || !strings.HasPrefix(c.question, "Archive Acme?") {
		t.Errorf("a opened %T", h.opened[1])
	}
	p.HandleKey(keyMsg("j"))
	p.HandleKey(keyMsg("$"))
	if _, ok := h.opened[2].(*saleForm); !ok {
		t.Errorf("$ on Bakery opened %T", h.opened[2])
	}
}

func TestClientsPaneOnAnEmptyFile(t *testing.T) {
	sh, _ := roomShared(t)
	sh.snap.clients = nil
	p := newClientsPane(sh, &fakeHost{})
	p.SetSize(40, 8)
	p.Focus(true)
	p.dataChanged()
	got := plain(p.View())
	if !strings.Contains(got, "│▸All clients") || !strings.Contains(got, "No clients yet. n adds one.") {
		t.Errorf("empty:\n%s", got)
	}
}
