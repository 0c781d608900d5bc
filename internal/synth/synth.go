// Package synth makes small stand-ins for MNIST for tests: digits whose
// class is plain to see, so that a few steps learn them, with no data
// files to read.
package synth

import "backproplab/core"

// Digits returns n 28×28 images: class k is a bright 6×6 square whose place
// depends on k, with a faint diagonal so that no two images agree.
func Digits(n int) *core.Dataset {
	const rows, cols = 28, 28
	d := &core.Dataset{Rows: rows, Cols: cols, Images: make([]uint8, n*rows*cols), Labels: make([]uint8, n)}
	for i := 0; i < n; i++ {
		k := i % 10
		d.Labels[i] = uint8(k)
		img := d.Images[i*rows*cols : (i+1)*rows*cols]
		r0, c0 := 3+(k/5)*12, 2+(k%5)*5
		for u := r0; u < r0+6; u++ {
			for v := c0; v < c0+6 && v < cols; v++ {
				img[u*cols+v] = 255
			}
		}
		for t := 0; t < rows; t++ {
			img[t*cols+(t+i)%cols] = uint8(40 + 7*(i%5))
		}
	}
	return d
}
