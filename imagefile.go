package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the formats a dropped or opened image may have
	_ "image/png"

	"backproplab/ink"
	"backproplab/lab"
)

// maxImageFile bounds the size of an image file read for the pad: a
// photograph of a digit is a few MB.
const maxImageFile = 32 << 20

// imageCommand is the lab Command that puts the PNG or JPEG file data on
// the pad (the "image" command, its pixels grey, transparency as white
// paper), or a sentence saying why the file cannot be used: empty, too
// large, not a PNG or JPEG, or more than ink.MaxImageSide pixels a side
// (checked from the header, before any pixel is decoded).
func imageCommand(name string, data []byte) (lab.Command, error) {
	switch {
	case len(data) == 0:
		return lab.Command{}, fmt.Errorf("%s is empty: open a PNG or JPEG image of a digit", name)
	case len(data) > maxImageFile:
		return lab.Command{}, fmt.Errorf("%s is %.0f MB: open an image of at most %d MB", name, float64(len(data))/(1<<20), maxImageFile>>20)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return lab.Command{}, fmt.Errorf("%s is not a PNG or JPEG image: open one of a digit", name)
	}
	if cfg.Width > ink.MaxImageSide || cfg.Height > ink.MaxImageSide {
		return lab.Command{}, fmt.Errorf("%s is %d×%d pixels, larger than %d×%d: scale it down first", name, cfg.Width, cfg.Height, ink.MaxImageSide, ink.MaxImageSide)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return lab.Command{}, fmt.Errorf("%s could not be read as an image: %v", name, err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	grey := make([]byte, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA() // premultiplied, 0–65535
			// Over white paper: what shows through a transparent pixel.
			lum := color.GrayModel.Convert(color.RGBA64{uint16(r), uint16(g), uint16(bl), 0xffff}).(color.Gray).Y
			grey[y*w+x] = uint8((uint32(lum)*257 + (0xffff - a)) >> 8)
		}
	}
	arg, err := json.Marshal(struct {
		Width  int    `json:"width"`
		Height int    `json:"height"`
		Data   []byte `json:"data"` // base64
	}{w, h, grey})
	if err != nil {
		return lab.Command{}, err
	}
	return lab.Command{Name: "image", Arg: string(arg)}, nil
}

// isImage reports whether data starts as a PNG or a JPEG file does.
func isImage(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff})
}

// openImage puts an image file on the pad; a file that cannot be used
// changes nothing and says why on the message line.
func (g *Game) openImage(name string, data []byte) {
	c, err := imageCommand(name, data)
	if err != nil {
		g.apply(lab.Command{Name: "say", Arg: err.Error()})
		return
	}
	if g.apply(c) == nil && g.lab.Status().Mode != lab.ModePad {
		g.apply(lab.Command{Name: "mode", Arg: "pad"})
	}
}
