package invoice

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"

	"tally/model"
)

// Logo is the business's logo, from [business] logo: the file as it is,
// which the HTML page embeds, and the same picture as a plain 8-bit PNG,
// which fpdf reads whatever the file's own encoding (it refuses
// interlaced and 16-bit PNGs).
type Logo struct {
	file   []byte
	mime   string // image/png or image/jpeg
	forPDF []byte
	width  int // in pixels
	height int
}

// The largest logo taken: a letterhead's, with room to spare.
const (
	maxLogoBytes  = 2 << 20
	maxLogoPixels = 4000
)

// LoadLogo reads a PNG or JPEG logo from path.
func LoadLogo(path string) (*Logo, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, model.Invalidf("[business] logo %s does not exist", path)
	case err != nil:
		return nil, fmt.Errorf("[business] logo: %w", err)
	}
	logo, err := ParseLogo(data)
	if err != nil {
		return nil, model.Invalidf("[business] logo %s: %v", path, err)
	}
	return logo, nil
}

// ParseLogo checks a PNG or JPEG logo and makes its PDF copy.
func ParseLogo(data []byte) (*Logo, error) {
	if len(data) > maxLogoBytes {
		return nil, fmt.Errorf("%d bytes; a logo is at most %d", len(data), maxLogoBytes)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	switch {
	case err != nil || format != "png" && format != "jpeg":
		return nil, errors.New("not a PNG or JPEG picture")
	case cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxLogoPixels || cfg.Height > maxLogoPixels:
		return nil, fmt.Errorf("%d×%d pixels; a logo is at most %d on a side", cfg.Width, cfg.Height, maxLogoPixels)
	}
	decode := png.Decode
	if format == "jpeg" {
		decode = jpeg.Decode
	}
	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("damaged %s: %v", format, err)
	}
	plain := image.NewNRGBA(img.Bounds())
	draw.Draw(plain, plain.Bounds(), img, img.Bounds().Min, draw.Src)
	var out bytes.Buffer
	if err := png.Encode(&out, plain); err != nil {
		return nil, err
	}
	return &Logo{file: data, mime: "image/" + format, forPDF: out.Bytes(), width: cfg.Width, height: cfg.Height}, nil
}
