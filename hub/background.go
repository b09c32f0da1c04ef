package hub

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"tally/model"
	"tally/store"
)

// Background keeps a file in sync for a long-running process (the app):
// one connection for syncs, made on first use and dropped when the hub
// stops answering, and one that listens for other devices' pushes. Each
// call takes a context that ends it; Close ends them all.
type Background struct {
	st   *store.Store
	addr string
	now  func() time.Time

	mu   sync.Mutex // one sync at a time on conn
	conn *Hub
	// syncPID is the server process of conn, whose own pushes' notices
	// the listener skips.
	syncPID atomic.Uint32

	listening sync.Mutex // held by Wait, which the app runs one at a time
	listener  *pgx.Conn

	stopping sync.Mutex
	closed   bool
	stopWait context.CancelFunc // ends the Wait under way
}

// connectTimeout bounds each attempt to reach the hub from the app.
const connectTimeout = 10 * time.Second

// syncWait bounds each of the app's syncs, as tally sync's whole run is:
// over a network gone silent a read would wait for ever, and no later
// sync would start.
var syncWait = time.Minute

// NewBackground syncs st with the hub at addr.
func NewBackground(st *store.Store, addr string, now func() time.Time) *Background {
	return &Background{st: st, addr: addr, now: now}
}

// Sync pushes and pulls once. It returns how many changes still wait to
// be sent, and what the merges decided and the hub refused, as text.
func (b *Background) Sync(ctx context.Context) (uint64, []string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.connect(ctx); err != nil {
		return b.waiting(), nil, err
	}
	sctx, cancel := context.WithTimeout(ctx, syncWait)
	defer cancel()
	res, err := Sync(sctx, b.st, b.conn, b.now)
	b.dropIfGone(err)
	var texts []string
	for _, c := range res.Conflicts {
		texts = append(texts, c.Text)
	}
	for _, r := range res.Refused {
		texts = append(texts, "not sent: "+r.String())
	}
	texts = append(texts, res.Notes...)
	return b.waiting(), texts, err
}

// connect makes the sync connection if there is none; the caller holds mu.
func (b *Background) connect(ctx context.Context) error {
	if b.conn != nil {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	h, err := Connect(cctx, b.addr)
	if err != nil {
		return err
	}
	b.conn = h
	b.syncPID.Store(h.conn.PgConn().PID())
	return nil
}

// dropIfGone closes the connection after an error that may have broken
// it, so that the next call connects again.
func (b *Background) dropIfGone(err error) {
	if err != nil && !errors.Is(err, ErrRefused) && !errors.Is(err, model.ErrInvalid) {
		b.conn.Close(context.Background())
		b.conn = nil
	}
}

func (b *Background) waiting() uint64 {
	st, _ := b.st.SyncStatus()
	return st.Waiting
}

// Wait returns when the hub announces a push by another device of this
// person's (each push notifies the person's channel, which says nothing
// else), when the listening connection fails, or when ctx ends or Close
// is called.
func (b *Background) Wait(ctx context.Context) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	b.stopping.Lock()
	closed := b.closed
	b.stopWait = stop
	b.stopping.Unlock()
	if closed {
		return errClosed
	}
	b.listening.Lock()
	defer b.listening.Unlock()
	if b.listener == nil {
		cctx, cancel := context.WithTimeout(ctx, connectTimeout)
		h, err := Connect(cctx, b.addr)
		cancel()
		if err != nil {
			return err
		}
		channel, err := h.channel(ctx)
		if err == nil {
			_, err = h.conn.Exec(ctx, "LISTEN "+ident(channel))
		}
		if err != nil {
			h.Close(context.Background())
			return explainHub(err, h)
		}
		b.listener = h.conn
	}
	for {
		n, err := b.listener.WaitForNotification(ctx)
		if err != nil {
			b.listener.Close(context.Background())
			b.listener = nil
			return explain(err, b.addr)
		}
		if n.PID != b.syncPID.Load() {
			return nil
		}
	}
}

var errClosed = errors.New("the hub's background sync is closed")

// Close ends the Wait under way and both connections; the Background
// is not used after.
func (b *Background) Close() {
	b.stopping.Lock()
	b.closed = true
	if b.stopWait != nil {
		b.stopWait()
	}
	b.stopping.Unlock()
	b.listening.Lock()
	if b.listener != nil {
		b.listener.Close(context.Background())
		b.listener = nil
	}
	b.listening.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil {
		b.conn.Close(context.Background())
		b.conn = nil
	}
}
