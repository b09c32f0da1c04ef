// Package config reads tally's settings from config.toml. A missing file
// means the defaults; a bad one is an error that names the line.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"tally/model"
)

// Config is tally's settings, already checked.
type Config struct {
	Rounding       model.Rounding
	ForgottenAfter time.Duration // a timer running longer than this is flagged
	WeekStart      time.Weekday
	ExportDir      string // where the app's export key writes; ~ expanded
	Business       model.Party
	Logo           string // [business] logo: a PNG or JPEG for invoices; ~ expanded, relative to the file's folder
	InvoiceNumber  model.NumberFormat
	Paper          string // "A4" or "Letter", for PDF invoices
	SyncURL        string // the hub tally sync init links to, without a password
	// MaxOffset is how far a machine's clock may run ahead of the hub's:
	// tally hub setup gives the hub it, and check finds no entry after now
	// give or take it.
	MaxOffset time.Duration
}

// Default returns the settings used when there is no file.
func Default() Config {
	return Config{Rounding: model.Rounding{Mode: model.RoundUp}, ForgottenAfter: 10 * time.Hour, WeekStart: time.Monday, ExportDir: "~/timesheets", InvoiceNumber: model.DefaultNumberFormat, Paper: "A4", MaxOffset: 5 * time.Minute}
}

type file struct {
	Rounding struct {
		Step string `toml:"step"`
		Mode string `toml:"mode"`
	} `toml:"rounding"`
	Timer struct {
		ForgottenAfter string `toml:"forgotten_after"`
	} `toml:"timer"`
	Calendar struct {
		WeekStart string `toml:"week_start"`
	} `toml:"calendar"`
	Export struct {
		Dir string `toml:"dir"`
	} `toml:"export"`
	Business struct {
		Name    string   `toml:"name"`
		Address []string `toml:"address"`
		Email   string   `toml:"email"`
		TaxID   string   `toml:"tax_id"`
		Payment []string `toml:"payment"`
		Logo    string   `toml:"logo"`
	} `toml:"business"`
	Invoice struct {
		Number string `toml:"number"`
		Paper  string `toml:"paper"`
	} `toml:"invoice"`
	Sync struct {
		URL       string `toml:"url"`
		MaxOffset string `toml:"max_offset"`
	} `toml:"sync"`
}

// DefaultPath returns $TALLY_CONFIG, else $XDG_CONFIG_HOME/tally/config.toml
// (~/.config when unset).
func DefaultPath(getenv func(string) string) string {
	if p := getenv("TALLY_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(xdgHome(getenv, "XDG_CONFIG_HOME", ".config"), "tally", "config.toml")
}

// xdgHome is an XDG base directory: $name when it is absolute, else the
// spec's default under $HOME.
func xdgHome(getenv func(string) string, name, underHome string) string {
	if base := getenv(name); filepath.IsAbs(base) {
		return base
	}
	return filepath.Join(getenv("HOME"), underHome)
}

// DataPath is where the data file is: flag (--db) when given, else
// $TALLY_DB, else $XDG_DATA_HOME/tally/tally.db (~/.local/share when
// unset, as the XDG base directory spec says), read from getenv.
func DataPath(flag string, getenv func(string) string) string {
	if flag != "" {
		return flag
	}
	if p := getenv("TALLY_DB"); p != "" {
		return p
	}
	return filepath.Join(xdgHome(getenv, "XDG_DATA_HOME", filepath.Join(".local", "share")), "tally", "tally.db")
}

// Load reads the file at path; a missing file gives Default.
func Load(path, home string) (Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		c := Default()
		c.ExportDir = expandHome(c.ExportDir, home)
		return c, nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(string(data), home)
	if err != nil {
		return Config{}, model.Invalidf("config %s: %v", path, err)
	}
	if c.Logo != "" && !filepath.IsAbs(c.Logo) {
		c.Logo = filepath.Join(filepath.Dir(path), c.Logo)
	}
	return c, nil
}

// Parse reads the settings in data; home expands a leading ~ in paths.
func Parse(data, home string) (Config, error) {
	var f file
	md, err := toml.Decode(data, &f)
	var perr toml.ParseError
	if errors.As(err, &perr) {
		return Config{}, fmt.Errorf("line %d: %s", perr.Position.Line, perr.Message)
	}
	if err != nil {
		return Config{}, err
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		return Config{}, fmt.Errorf("unknown setting %q", extra[0].String())
	}
	return f.settings(home)
}

func (f file) settings(home string) (Config, error) {
	c := Default()
	var err error
	if f.Rounding.Step != "" {
		if c.Rounding.Step, err = model.ParseDuration(f.Rounding.Step); err != nil {
			return c, fmt.Errorf("[rounding] step: %v", err)
		}
	}
	if f.Rounding.Mode != "" {
		if c.Rounding.Mode, err = model.ParseRoundMode(f.Rounding.Mode); err != nil {
			return c, fmt.Errorf("[rounding] mode: %v", err)
		}
	}
	if f.Timer.ForgottenAfter != "" {
		secs, err := model.ParseDuration(f.Timer.ForgottenAfter)
		if err != nil || secs == 0 {
			return c, fmt.Errorf("[timer] forgotten_after: want a duration such as 10h")
		}
		c.ForgottenAfter = time.Duration(secs) * time.Second
	}
	if f.Calendar.WeekStart != "" {
		if c.WeekStart, err = parseWeekday(f.Calendar.WeekStart); err != nil {
			return c, err
		}
	}
	if f.Export.Dir != "" {
		c.ExportDir = f.Export.Dir
	}
	c.ExportDir = expandHome(c.ExportDir, home)
	b := f.Business
	c.Business = model.Party{Name: b.Name, Address: b.Address, Email: b.Email, TaxID: b.TaxID, Payment: b.Payment}
	if err := c.Business.Check(); err != nil {
		return c, fmt.Errorf("[business]: %v", err)
	}
	if b.Logo != "" {
		c.Logo = expandHome(b.Logo, home)
	}
	if f.Invoice.Number != "" {
		c.InvoiceNumber = model.NumberFormat(f.Invoice.Number)
		if err := c.InvoiceNumber.Check(); err != nil {
			return c, fmt.Errorf("[invoice] number: %v", err)
		}
	}
	switch paper := strings.ToLower(f.Invoice.Paper); paper {
	case "":
	case "a4", "letter":
		c.Paper = map[string]string{"a4": "A4", "letter": "Letter"}[paper]
	default:
		return c, fmt.Errorf("[invoice] paper %q: want A4 or Letter", f.Invoice.Paper)
	}
	if f.Sync.URL != "" {
		u, err := url.Parse(f.Sync.URL)
		switch {
		case err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" || u.Opaque != "":
			return c, fmt.Errorf("[sync] url: want postgres://HOST/DATABASE")
		case u.User != nil && hasPassword(u.User):
			return c, fmt.Errorf("[sync] url holds a password; put it in ~/.pgpass instead, which only you can read")
		}
		c.SyncURL = f.Sync.URL
	}
	if f.Sync.MaxOffset != "" {
		secs, err := model.ParseDuration(f.Sync.MaxOffset)
		if err != nil || secs == 0 {
			return c, fmt.Errorf("[sync] max_offset: want a duration such as 5m")
		}
		c.MaxOffset = time.Duration(secs) * time.Second
	}
	return c, nil
}

func hasPassword(u *url.Userinfo) bool {
	_, set := u.Password()
	return set
}

func parseWeekday(s string) (time.Weekday, error) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(d.String(), s) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("[calendar] week_start %q: want a day such as monday", s)
}

func expandHome(path, home string) string {
	if path == "~" || strings.HasPrefix(path, "~/") {
		return filepath.Join(home, path[1:])
	}
	return path
}
