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
	// A certificate signed by another CA is refused, whatever the password.
	stranger, _ := hub.Address(h.TLSURL(otherCA(t)), alice)
	_, err = d.trySync(context.Background(), stranger)
	if !errors.Is(err, hub.ErrRefused) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("sync to a server another CA vouches for: %v; want refused over its certificate", err)
	}
}

// otherCA writes a CA certificate that signed nothing the server has.
func otherCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "not the hub's CA"},
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
