//go:build !js

package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the formats a dropped image may have
	_ "image/png"

	"backproplab/lab"
)

// imageCommand decodes a PNG or JPEG file with Go's decoders into the
// "image" command, or says why it cannot be used (see checkImageFile).
func imageCommand(name string, data []byte) (lab.Command, error) {
	if err := checkImageFile(name, data); err != nil {
		return lab.Command{}, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return lab.Command{}, fmt.Errorf("%s could not be read as an image: %v", name, err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	rgba := make([]byte, 0, 4*w*h)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			rgba = append(rgba, c.R, c.G, c.B, c.A)
		}
	}
	return greyImage(w, h, rgba), nil
}

// openImage puts an image file on the pad; a file that cannot be used
// changes nothing and says why on the message line.
func (g *Game) openImage(name string, data []byte) {
	c, err := imageCommand(name, data)
	if err != nil {
		g.refuse(err)
		return
	}
	g.putImage(c)
}
