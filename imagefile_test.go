//go:build !js

package main

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

func pngOf(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImageFiles: a PNG of a digit reaches the pad; an empty file, one
// that is not an image, and one too large get a sentence naming the file.
func TestImageFiles(t *testing.T) {
	one := image.NewGray(image.Rect(0, 0, 40, 40))
	for i := range one.Pix {
		one.Pix[i] = 255 // white paper
	}
	for y := 6; y < 34; y++ {
		for x := 18; x < 22; x++ {
			one.SetGray(x, y, color.Gray{})
		}
	}
	c, err := imageCommand("one.png", pngOf(t, one))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lab.New(core.MNIST, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Apply(c); err != nil || l.Pad().Empty || !l.Pad().Image {
		t.Fatalf("a PNG of a 1: %v, pad empty %v; want it on the pad", err, l.Pad().Empty)
	}
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{nil, "empty"},
		{[]byte("GIF89a, or a text file"), "not a PNG or JPEG"},
		{pngOf(t, image.NewGray(image.Rect(0, 0, 4097, 1))), "scale it down"},
		{jpegOf(t, image.NewGray(image.Rect(0, 0, 8, 4100))), "scale it down"},
		{make([]byte, maxImageFile+1), "at most"},
		{[]byte("\x89PNG\r\n\x1a\n but no more"), "not a PNG or JPEG"},
	} {
		if _, err := imageCommand("f.png", tc.data); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "f.png") {
			t.Errorf("imageCommand(%d bytes) = %v, want a sentence naming f.png with %q", len(tc.data), err, tc.want)
		}
	}
}

// TestImageSize: the size read from a PNG's or a JPEG's header is the one
// Go's decoders read, for the page, which checks it before the browser
// decodes the pixels.
func TestImageSize(t *testing.T) {
	rgba := image.NewRGBA(image.Rect(0, 0, 37, 5))
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"grey png", pngOf(t, image.NewGray(image.Rect(0, 0, 28, 300)))},
		{"rgba png", pngOf(t, rgba)},
		{"grey jpeg", jpegOf(t, image.NewGray(image.Rect(0, 0, 640, 3)))},
		{"colour jpeg", jpegOf(t, rgba)},
	} {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		if w, h, ok := imageSize(tc.data); !ok || w != cfg.Width || h != cfg.Height {
			t.Errorf("%s: imageSize = %d×%d, %v; want %d×%d", tc.name, w, h, ok, cfg.Width, cfg.Height)
		}
	}
	for _, bad := range [][]byte{nil, {0xff, 0xd8, 0xff}, {0xff, 0xd8, 0xff, 0xda, 0, 2}, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00")} {
		if w, h, ok := imageSize(bad); ok {
			t.Errorf("imageSize(% x) = %d×%d, want not ok", bad, w, h)
		}
	}
}

// TestGreyImage: the grey of a pixel is its luminance over white paper:
// black and white stay, a transparent pixel is the paper, and half-
// transparent black is mid-grey.
func TestGreyImage(t *testing.T) {
	c := greyImage(4, 1, []byte{0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 128})
	want := `{"width":4,"height":1,"data":"AP//fw=="}` // 0, 255, 255, 127
	if c.Name != "image" || c.Arg != want {
		t.Errorf("greyImage = %s %s, want image %s", c.Name, c.Arg, want)
	}
}
