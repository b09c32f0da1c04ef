package common

import "tally/model"

// Bills is every invoice, drafts worked out, and what each client has not
// been invoiced for. It loads after the snapshot, in a command of its own:
// working out drafts reads each client's history, and the first frame
// should not wait for it.
type Bills struct {
	Invoices   []model.Invoice
	Uninvoiced map[int64]int64
}

// DraftOf returns the draft of a client, if it has one.
func (b *Bills) DraftOf(clientID int64) (model.Invoice, bool) {
	if b == nil {
		return model.Invoice{}, false
	}
	for _, inv := range b.Invoices {
		if inv.ClientID == clientID && inv.State == model.InvoiceDraft {
			return inv, true
		}
	}
	return model.Invoice{}, false
}
