package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"tally/export"
	"tally/hub"
	"tally/store"
)

func (r *runner) syncCommand() *cobra.Command {
	var restamp, newDevice bool
	var forget string
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Push this machine's changes to the hub and pull those of your other machines",
		Long: "tally works offline on every machine; a PostgreSQL hub links them (its administrator sets it up\n" +
			"once: tally hub setup). Link a machine once with tally sync init URL --person NAME; passwords\n" +
			"come from ~/.pgpass (or PGPASSFILE), never the URL.",
		Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.sync(restamp, newDevice, forget) }),
	}
	cmd.Flags().BoolVar(&restamp, "restamp", false, "first give the changes waiting here that are stamped after this machine's clock (it ran fast) the time now; a sync does it by itself when the hub's clock says so")
	cmd.Flags().StringVar(&forget, "forget-device", "", "first stop your invoices waiting for device ID (one you no longer have) to sync with a hub put back from a backup; what it alone held is lost to the hub")
	cmd.Flags().BoolVar(&newDevice, "new-device", false, "first make this file a device of its own, sending again all it holds: for a copy of another device's file, or one put back from a backup, which the hub refuses")
	var link struct {
		person string
		reseed bool
	}
	init := &cobra.Command{
		Use:   "init [URL] --person NAME",
		Short: "Link this file to a hub as a device of NAME (URL: postgres://…, else $TALLY_SYNC_URL or [sync] url)",
		Args:  cobra.MaximumNArgs(1),
		RunE:  r.wrap(func(_ *cobra.Command, args []string) error { return r.syncInit(args, link.person, link.reseed) }),
	}
	init.Flags().StringVar(&link.person, "person", "", "the person this machine syncs for: their PostgreSQL role")
	init.Flags().BoolVar(&link.reseed, "reseed", false, "the hub at URL takes the place of the one this file synced with (restored elsewhere, or set up anew): send it all this file holds")
	var statusJSON, conflictsJSON bool
	status := &cobra.Command{Use: "status [--json]", Short: "Show the hub, this device, and what waits to be synced", Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.syncStatus(statusJSON) })}
	status.Flags().BoolVar(&statusJSON, "json", false, "print JSON")
	conflicts := &cobra.Command{Use: "conflicts [--json]", Short: "List what merges had to decide", Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.syncConflicts(conflictsJSON) })}
	conflicts.Flags().BoolVar(&conflictsJSON, "json", false, "print JSON")
	cmd.AddCommand(init, status, conflicts)
	return cmd
}

// hubTimeout bounds a command's whole conversation with the hub: a hub
// that stops answering gives an error, never a hang.
const hubTimeout = 60 * time.Second

func (r *runner) syncInit(args []string, person string, reseed bool) error {
	cfg, err := r.config()
	if err != nil {
		return err
	}
	raw := cmp.Or(append(args, r.env.Getenv("TALLY_SYNC_URL"), cfg.SyncURL)...)
	if raw == "" {
		return usageError{errors.New("name the hub: tally sync init postgres://HOST/DB --person NAME (or set TALLY_SYNC_URL or [sync] url)")}
	}
	addr, err := hub.Address(raw, person)
	if err != nil {
		return usageError{err}
	}
	ctx, cancel := context.WithTimeout(context.Background(), hubTimeout)
	defer cancel()
	h, err := hub.Connect(ctx, addr)
	if err != nil {
		return err
	}
	defer h.Close(context.Background())
	id, err := h.ID(ctx)
	if err != nil {
		return err
	}
	if err := h.MayLink(ctx); err != nil {
		return err
	}
	name, _ := os.Hostname()
	link := store.SyncLink{Hub: addr, HubID: id, Person: h.Person, Name: name}
	status, err := r.store().SyncStatus()
	if err != nil {
		return err
	}
	if reseed && status.Linked {
		link, n, err := r.store().Reseed(link)
		if err != nil {
			return err
		}
		r.printf("linked %s to %s in place of the hub it synced with, as device %s of %s: it sends all it holds (%s)\n", r.store().Path(), link.Hub, link.Device, link.Person, plural(n, "change"))
		return r.syncWith(ctx, h)
	}
	link, warnings, err := r.store().Link(link)
	r.warn(warnings)
	if err != nil {
		return err
	}
	r.printf("linked %s to %s as device %s of %s\n", r.store().Path(), link.Hub, link.Device, link.Person)
	return r.syncWith(ctx, h)
}

func (r *runner) sync(restamp, newDevice bool, forget string) error {
	if restamp {
		n, err := r.store().Restamp(r.env.Now())
		if err != nil {
			return err
		}
		r.printf("stamped %s anew\n", plural(n, "waiting change"))
	}
	ctx, h, done, err := r.linkedHub()
	if err != nil {
		return err
	}
	defer done()
	if forget != "" {
		if err := h.ForgetDevice(ctx, forget); err != nil {
			return err
		}
		r.printf("forgot device %s: your invoices no longer wait for it to sync with the hub put back from a backup\n", forget)
	}
	if newDevice {
		status, err := r.store().SyncStatus()
		if err != nil {
			return err
		}
		device, n, err := r.store().NewDevice(status.HubID)
		if err != nil {
			return err
		}
		r.printf("this file is now device %s of %s, of its own: it sends all it holds (%s)\n", device, status.Person, plural(n, "change"))
	}
	return r.syncWith(ctx, h)
}

// linkedHub connects to the hub the file syncs with, for hubTimeout at
// most; done ends the connection.
func (r *runner) linkedHub() (ctx context.Context, h *hub.Hub, done func(), err error) {
	status, err := r.store().SyncStatus()
	if err != nil {
		return nil, nil, nil, err
	}
	if !status.Linked {
		return nil, nil, nil, usageError{errors.New("this file is not linked to a hub; run tally sync init URL --person NAME first")}
	}
	if _, err := hub.Address(status.Hub, status.Person); err != nil {
		return nil, nil, nil, usageError{fmt.Errorf("this file keeps the hub's address as an older tally took it: %v; link it again with a URL that holds none (tally sync init URL --person %s)", err, status.Person)}
	}
	ctx, cancel := context.WithTimeout(context.Background(), hubTimeout)
	if h, err = hub.Connect(ctx, status.Hub); err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return ctx, h, func() { h.Close(context.Background()); cancel() }, nil
}

func (r *runner) syncWith(ctx context.Context, h *hub.Hub) error {
	res, err := hub.Sync(ctx, r.store(), h, r.env.Now)
	r.warn(res.Warnings)
	for _, c := range res.Conflicts {
		r.printf("conflict: %s\n", c.Text)
	}
	for _, note := range res.Notes {
		r.printf("%s\n", note)
	}
	for _, refused := range res.Refused {
		r.printf("not sent: %s; mend it, and the next sync sends it\n", refused)
	}
	if err != nil {
		return err
	}
	r.printf("synced: %d sent, %d received\n", res.Pushed, res.Pulled)
	return nil
}

func (r *runner) syncStatus(asJSON bool) error {
	st, err := r.store().SyncStatus()
	if err != nil {
		return err
	}
	if asJSON {
		out := struct {
			Linked    bool       `json:"linked"`
			Hub       string     `json:"hub,omitempty"`
			Person    string     `json:"person,omitempty"`
			Device    string     `json:"device,omitempty"`
			Name      string     `json:"name,omitempty"`
			Waiting   uint64     `json:"waiting"`
			LastSync  *time.Time `json:"last_sync"`
			Conflicts int        `json:"conflicts"`
			Refused   int        `json:"refused"`
		}{st.Linked, hub.Redacted(st.Hub), st.Person, st.Device, st.Name, st.Waiting, nil, st.Conflicts, st.Refused}
		if !st.LastSync.IsZero() {
			at := st.LastSync.UTC()
			out.LastSync = &at
		}
		return export.WriteJSON(r.env.Stdout, out)
	}
	if !st.Linked {
		r.printf("not linked to a hub; tally sync init URL --person NAME links it\n")
		return nil
	}
	last := "never"
	if !st.LastSync.IsZero() {
		last = st.LastSync.In(r.env.Location).Format("2006-01-02 15:04:05")
	}
	t := newTable(nil)
	t.add("hub", hub.Redacted(st.Hub))
	t.add("person", st.Person)
	t.add("device", st.Device+" ("+st.Name+")")
	t.add("waiting", fmt.Sprintf("%d changes", st.Waiting))
	t.add("last sync", last)
	t.add("conflicts", fmt.Sprint(st.Conflicts))
	if st.Refused > 0 {
		t.add("refused", fmt.Sprintf("%d changes the hub would not take (tally sync names them)", st.Refused))
	}
	t.write(r.env.Stdout)
	return nil
}

func (r *runner) syncConflicts(asJSON bool) error {
	conflicts, err := r.store().Conflicts()
	if err != nil {
		return err
	}
	if asJSON {
		if conflicts == nil {
			conflicts = []store.Conflict{}
		}
		return export.WriteJSON(r.env.Stdout, conflicts)
	}
	if len(conflicts) == 0 {
		r.printf("no conflicts\n")
		return nil
	}
	for _, c := range conflicts {
		r.printf("%s  %s\n", c.At.In(r.env.Location).Format("2006-01-02 15:04"), c.Text)
	}
	return nil
}
