package hub_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/hub"
	"tally/hub/hubtest"
)

func TestTLSWithTheServersNameChecked(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	addr, err := hub.Address(h.TLSURL(h.RootCert()), alice)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := d.trySync(context.Background(), addr); err != nil || res.Pushed != 1 {
		t.Fatalf("sync over verify-full: %+v, %v", res, err)
	}
	// A certificate signed by another CA is refused, whatever the password;
	// one of the same name as the hub's makes Go's message longer, with a
	// quoted cause of its own, which is said whole.
	for _, name := range [][]byte{nil, subjectOf(t, h.RootCert())} {
		stranger, _ := hub.Address(h.TLSURL(otherCA(t, name)), alice)
		_, err = d.trySync(context.Background(), stranger)
		if msg := fmt.Sprint(err); !errors.Is(err, hub.ErrRefused) || !strings.Contains(msg, "certificate signed by unknown authority") || strings.Count(msg, `"`)%2 != 0 {
			t.Fatalf("sync to a server another CA vouches for: %v; want refused over its certificate, the cause whole", err)
		}
	}
}

// otherCA writes a CA certificate that signed nothing the server has,
// named by the DER subject given, or "not the hub's CA".
func otherCA(t *testing.T, subject []byte) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "not the hub's CA"}, RawSubject: subject,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "other-ca.crt")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// subjectOf is the DER subject of the certificate in the PEM file.
func subjectOf(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s holds no PEM block", file)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert.RawSubject
}

// Before, a server that would not let the role in that way (no
// pg_hba.conf line for it: here, without TLS) was said with "the
// password comes from ~/.pgpass or PGPASSFILE", which no password mends.
func TestAConnectionTheServerDoesNotAllowIsNotBlamedOnThePassword(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	addr, err := hub.Address("postgres://127.0.0.1:"+h.Port+"/"+h.DB+"?sslmode=disable", alice)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.trySync(context.Background(), addr)
	if msg := fmt.Sprint(err); !errors.Is(err, hub.ErrRefused) || !strings.Contains(msg, "pg_hba.conf") || strings.Contains(msg, "pgpass") {
		t.Fatalf("sync without TLS, which the server allows nobody: %v", err)
	}
}
