package model

// A refund that names its sale (Sale.Of) takes back part of it: the
// refunds of a sale together never take back more than its amount, and
// none comes before it (pay.md rule 6).

// TakenBack is what the refunds among sales that name sale of took back
// of it, leaving out the one with id skip (0: none).
func TakenBack(sales []Sale, of, skip int64) int64 {
	var taken int64
	for _, s := range sales {
		if s.Of == of && s.ID != skip {
			taken -= s.Amount
		}
	}
	return taken
}

// CheckRefund says whether refund may take back of sale, whose other
// refunds took back taken already.
func CheckRefund(sale, refund Sale, taken int64, currency string) error {
	switch {
	case refund.Date < sale.Date:
		return Invalidf("a refund on %s comes before sale %d (%s), which it takes back", refund.Date, sale.ID, sale.Date)
	case taken-refund.Amount > sale.Amount:
		return Invalidf("a refund of %s is more than is left of sale %d: it is %s %s, and its refunds took back %s of it already (%s is left)",
			FormatAmount(-refund.Amount, currency), sale.ID, FormatAmount(sale.Amount, currency), currency,
			FormatAmount(taken, currency), FormatAmount(max(sale.Amount-taken, 0), currency))
	}
	return nil
}

// CheckRefundedSale says whether sale, as edited, still holds the refunds
// that name it: no less than they took back, on no day after theirs.
func CheckRefundedSale(sale Sale, refunds []Sale, currency string) error {
	taken := TakenBack(refunds, sale.ID, 0)
	if taken > 0 && taken > sale.Amount {
		return Invalidf("sale %d cannot be %s %s: its refunds took back %s of it", sale.ID, FormatAmount(sale.Amount, currency), currency, FormatAmount(taken, currency))
	}
	for _, r := range refunds {
		if r.Of == sale.ID && r.Date < sale.Date {
			return Invalidf("sale %d cannot move to %s: refund %d took it back on %s", sale.ID, sale.Date, r.ID, r.Date)
		}
	}
	return nil
}
