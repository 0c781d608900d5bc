package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"

	"backproplab/ink"
	"backproplab/lab"
)

// An image file opened or dropped for the pad: checked here, decoded by
// the platform (imagefile_notjs.go: Go's image/png and image/jpeg; in the
// page imagefile_js.go: the browser's own decoders, so that the wasm need
// not carry Go's), and put on the pad as the "image" command.

// maxImageFile bounds the size of an image file read for the pad: a
// photograph of a digit is a few MB.
const maxImageFile = 32 << 20

// checkImageFile says why data cannot go on the pad, before any pixel is
// decoded: empty, too large, not a PNG or JPEG, or more than
// ink.MaxImageSide pixels a side (read from its header).
func checkImageFile(name string, data []byte) error {
	switch {
	case len(data) == 0:
		return fmt.Errorf("%s is empty: open a PNG or JPEG image of a digit", name)
	case len(data) > maxImageFile:
		return imageTooLarge(name, float64(len(data)))
	}
	w, h, ok := imageSize(data)
	if !ok {
		return fmt.Errorf("%s is not a PNG or JPEG image: open one of a digit", name)
	}
	if w > ink.MaxImageSide || h > ink.MaxImageSide {
		return fmt.Errorf("%s is %d×%d pixels, larger than %d×%d: scale it down first", name, w, h, ink.MaxImageSide, ink.MaxImageSide)
	}
	return nil
}

// imageTooLarge is the sentence for an image file of size bytes, more
// than maxImageFile.
func imageTooLarge(name string, size float64) error {
	return fmt.Errorf("%s is %.0f MB: open an image of at most %d MB", name, size/(1<<20), maxImageFile>>20)
}

// isImage reports whether data starts as a PNG or a JPEG file does.
func isImage(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff})
}

// imageSize reads the width and height of a PNG (its IHDR chunk, which
// must come first) or a baseline or progressive JPEG (its SOF segment).
func imageSize(data []byte) (w, h int, ok bool) {
	if bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		if len(data) < 24 || string(data[12:16]) != "IHDR" {
			return 0, 0, false
		}
		w, h = int(binary.BigEndian.Uint32(data[16:])), int(binary.BigEndian.Uint32(data[20:]))
		return w, h, w > 0 && h > 0
	}
	if !bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		return 0, 0, false
	}
	// Segments: ff, a marker, then (but for the standalone markers) a
	// big-endian length that counts itself. SOF0–SOF15 but DHT (c4), JPG
	// (c8) and DAC (cc) hold precision, height and width.
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 0, 0, false
		}
		m := data[i+1]
		switch {
		case m == 0xff: // fill
			i++
			continue
		case m == 0x01 || m >= 0xd0 && m <= 0xd9:
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc {
			if i+9 > len(data) || n < 7 {
				return 0, 0, false
			}
			h, w = int(binary.BigEndian.Uint16(data[i+5:])), int(binary.BigEndian.Uint16(data[i+7:]))
			return w, h, w > 0 && h > 0
		}
		if m == 0xda || n < 2 { // the image data before any frame header
			return 0, 0, false
		}
		i += 2 + n
	}
	return 0, 0, false
}

// greyImage is the "image" command for w×h pixels of RGBA, not
// premultiplied, as over white paper (what shows through a transparent
// pixel), their luminance as image/color's GrayModel weighs it.
func greyImage(w, h int, rgba []byte) lab.Command {
	grey := make([]byte, w*h)
	for i := range grey {
		r, g, b, a := uint32(rgba[4*i]), uint32(rgba[4*i+1]), uint32(rgba[4*i+2]), uint32(rgba[4*i+3])
		lum := (19595*r + 38470*g + 7471*b + 1<<15) >> 16
		grey[i] = uint8((lum*a + 255*(255-a) + 127) / 255)
	}
	return lab.Command{Name: "image", Arg: fmt.Sprintf(`{"width":%d,"height":%d,"data":"%s"}`, w, h, base64.StdEncoding.EncodeToString(grey))}
}

// putImage applies an image command, and shows the pad if it is not shown.
func (g *Game) putImage(c lab.Command) {
	if g.apply(c) == nil && g.lab.Status().Mode != lab.ModePad {
		g.apply(lab.Command{Name: "mode", Arg: "pad"})
	}
}

// refuse says on the message line why a file cannot be used; nothing else
// changes.
func (g *Game) refuse(err error) { g.apply(lab.Command{Name: "say", Arg: err.Error()}) }
