package core

import (
	"errors"
	"io"
)

// Dataset is a set of labelled grey images, as in MNIST: image i is
// Images[i*Rows*Cols : (i+1)*Rows*Cols], row-major, one byte a pixel
// (0 = background), and its class is Labels[i].
type Dataset struct {
	Rows, Cols int
	Images     []uint8
	Labels     []uint8
}

// Len is the number of images.
func (d *Dataset) Len() int { return len(d.Labels) }

// Sample writes image i into dst (Rows·Cols values, pixel/255 in [0, 1],
// the network's X with C = 1) and returns its label.
func (d *Dataset) Sample(dst []float64, i int) int {
	n := d.Rows * d.Cols
	mustLen("sample", len(dst), n)
	for j, b := range d.Images[i*n : (i+1)*n] {
		dst[j] = float64(b) / 255
	}
	return int(d.Labels[i])
}

// ReadDataset reads an IDX image file and its IDX label file (each gzipped
// or not) and checks that they agree. TODO(core-io): implement.
func ReadDataset(images, labels io.Reader) (*Dataset, error) {
	return nil, errors.New("not implemented")
}
