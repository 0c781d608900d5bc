package main

import (
	"bytes"
	"image"
	"image/color"
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
		{make([]byte, maxImageFile+1), "at most"},
	} {
		if _, err := imageCommand("f.png", tc.data); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "f.png") {
			t.Errorf("imageCommand(%d bytes) = %v, want a sentence naming f.png with %q", len(tc.data), err, tc.want)
		}
	}
}
