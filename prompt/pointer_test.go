package prompt

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"testing"
)

// virtualPointer is a pointer made through the compositor's
// wlr-virtual-pointer protocol, spoken over the Wayland socket by hand:
// sway's `seat cursor` commands move a cursor no client hears about when
// the seat has no pointer (a headless one has none), while a virtual
// pointer is a device like a mouse. It is made before the bar starts, so
// that the bar finds a pointer on the seat as it would a mouse.
type virtualPointer struct {
	conn net.Conn
	id   uint32 // the zwlr_virtual_pointer_v1
	next uint32 // the next object id to allocate
}

// The requests this sends, by interface: the opcodes are the order of
// requests in wayland.xml and wlr-virtual-pointer-unstable-v1.xml.
const (
	displaySync, displayGetRegistry = 0, 1
	registryBind                    = 0
	managerCreatePointer            = 0
	pointerMotionAbsolute           = 1
	pointerButton                   = 2
	pointerFrame                    = 4
	btnLeft                         = 0x110 // linux/input-event-codes.h
	registryGlobal, callbackDone    = 0, 0  // events
	displayObject, registryObject   = 1, 2
)

func newVirtualPointer(t *testing.T, socket string) *virtualPointer {
	t.Helper()
	conn, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p := &virtualPointer{conn: conn, next: 3}
	p.send(t, displayObject, displayGetRegistry, uint32(registryObject))
	globals := map[string]uint32{} // interface: its name on the registry
	p.roundTrip(t, func(object, opcode uint32, body []byte) {
		if object == registryObject && opcode == registryGlobal {
			name := binary.LittleEndian.Uint32(body)
			globals[wlString(body[4:])] = name
		}
	})
	seat, manager := p.bind(t, globals, "wl_seat", 1), p.bind(t, globals, "zwlr_virtual_pointer_manager_v1", 1)
	p.id = p.alloc()
	p.send(t, manager, managerCreatePointer, seat, p.id)
	p.roundTrip(t, nil)
	return p
}

// click moves the pointer to x, y of an output extent wide and high, and
// presses and releases its left button there.
func (p *virtualPointer) click(t *testing.T, x, y, width, height int) {
	t.Helper()
	p.send(t, p.id, pointerMotionAbsolute, 0, uint32(x), uint32(y), uint32(width), uint32(height))
	p.send(t, p.id, pointerFrame)
	for _, state := range []uint32{1, 0} { // pressed, released
		p.send(t, p.id, pointerButton, 0, btnLeft, state)
		p.send(t, p.id, pointerFrame)
	}
	p.roundTrip(t, nil)
}

func (p *virtualPointer) alloc() uint32 { p.next++; return p.next - 1 }

func (p *virtualPointer) bind(t *testing.T, globals map[string]uint32, iface string, version uint32) uint32 {
	t.Helper()
	name, ok := globals[iface]
	if !ok {
		t.Fatalf("the compositor offers no %s", iface)
	}
	id := p.alloc()
	p.send(t, registryObject, registryBind, name, iface, version, id)
	return id
}

// send writes one request: object, size and opcode, then the arguments,
// each a uint32 or a string.
func (p *virtualPointer) send(t *testing.T, object, opcode uint32, args ...any) {
	t.Helper()
	var body []byte
	for _, a := range args {
		switch a := a.(type) {
		case uint32:
			body = binary.LittleEndian.AppendUint32(body, a)
		case int:
			body = binary.LittleEndian.AppendUint32(body, uint32(a))
		case string:
			body = binary.LittleEndian.AppendUint32(body, uint32(len(a)+1))
			body = append(body, a...)
			body = append(body, make([]byte, 4-len(a)%4)...) // the NUL, padded to 4
		default:
			panic(fmt.Sprintf("no wire form for %T", a))
		}
	}
	msg := binary.LittleEndian.AppendUint32(nil, object)
	msg = binary.LittleEndian.AppendUint32(msg, uint32(8+len(body))<<16|opcode)
	if _, err := p.conn.Write(append(msg, body...)); err != nil {
		t.Fatalf("wayland: %v", err)
	}
}

// roundTrip asks for a callback and reads events until it comes, handing
// each to on: everything sent before has been handled by then.
func (p *virtualPointer) roundTrip(t *testing.T, on func(object, opcode uint32, body []byte)) {
	t.Helper()
	callback := p.alloc()
	p.send(t, displayObject, displaySync, callback)
	for {
		var header [8]byte
		if _, err := io.ReadFull(p.conn, header[:]); err != nil {
			t.Fatalf("wayland: %v", err)
		}
		object, word := binary.LittleEndian.Uint32(header[:]), binary.LittleEndian.Uint32(header[4:])
		body := make([]byte, word>>16-8)
		if _, err := io.ReadFull(p.conn, body); err != nil {
			t.Fatalf("wayland: %v", err)
		}
		switch opcode := word & 0xffff; {
		case object == displayObject && opcode == 0: // wl_display.error
			t.Fatalf("wayland: error %d on object %d: %s", binary.LittleEndian.Uint32(body[4:]), binary.LittleEndian.Uint32(body), wlString(body[8:]))
		case object == callback && opcode == callbackDone:
			return
		case on != nil:
			on(object, opcode, body)
		}
	}
}

// wlString reads a string argument: its length with the NUL, then it.
func wlString(b []byte) string {
	n := binary.LittleEndian.Uint32(b)
	return string(b[4 : 4+n-1])
}
