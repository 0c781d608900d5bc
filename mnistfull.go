package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"backproplab/core"
)

// All of MNIST decoded a slice at a time: the page's four IDX files (the
// browser has unpacked their gzip) are copied straight into the datasets'
// pixel and label slices, a few milliseconds a frame, so that no frame
// waits for the 55 MB. The headers are read and checked first, as
// core.ReadIDXImages and core.ReadIDXLabels check them, and each file must
// be exactly as long as its header says; nothing is allocated before that.

// mnistNames are the four files in the order the decoder takes them.
var mnistNames = [4]string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}

// An idxFile is one file as it arrives: its bytes in order, and how many.
type idxFile struct {
	r    io.Reader
	size int
}

// mnistDecoder copies the four files into two datasets.
type mnistDecoder struct {
	files [4]idxFile
	hdr   [4]core.IDXHeader
	body  [4][]byte // the pixels or labels of each file, allocated when its turn comes
	file  int       // the file being copied
	at    int       // bytes of its body copied

	// The longest a call of decodeFor took, for the page's benchmark.
	worst time.Duration
}

// newMNISTDecoder reads and checks the four headers (core.ReadIDXHeader),
// that each file is exactly as long as its header says, and that each
// image file and its label file belong together. The error names the file
// and says what is wrong with it.
func newMNISTDecoder(files [4]idxFile) (*mnistDecoder, error) {
	d := &mnistDecoder{files: files}
	for i, f := range files {
		h, err := core.ReadIDXHeader(f.r, i%2 == 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", mnistNames[i], err)
		}
		if f.size != h.Len()+h.DataLen() {
			return nil, fmt.Errorf("%s is %d bytes, but its header declares %d entries, %d bytes: the file is truncated or corrupt", mnistNames[i], f.size, h.Count, h.Len()+h.DataLen())
		}
		d.hdr[i] = h
	}
	for i := 0; i < 4; i += 2 {
		if err := core.IDXPair(d.hdr[i], d.hdr[i+1]); err != nil {
			return nil, fmt.Errorf("%s and %s: %v", mnistNames[i], mnistNames[i+1], err)
		}
	}
	return d, nil
}

// decodeChunk is the most bytes one copy moves: 0.1 to 1 ms in wasm, so
// that the clock is read often enough.
const decodeChunk = 256 << 10

// decodeFor copies for about budget, by the clock now, and reports
// whether every file is in.
func (d *mnistDecoder) decodeFor(budget time.Duration, now func() time.Time) (bool, error) {
	start := now()
	defer func() { d.worst = max(d.worst, now().Sub(start)) }()
	for d.file < len(d.files) {
		i := d.file
		want := d.hdr[i].DataLen()
		if d.body[i] == nil {
			d.body[i] = make([]byte, want)
		}
		m, err := d.files[i].r.Read(d.body[i][d.at:min(want, d.at+decodeChunk)])
		d.at += m
		if d.at == want {
			d.file, d.at = d.file+1, 0
		} else if err != nil {
			if err == io.EOF {
				err = errors.New("the file ended early")
			}
			return false, fmt.Errorf("%s: %v after %d of its %d bytes", mnistNames[i], err, d.at, want)
		}
		if now().Sub(start) >= budget {
			break
		}
	}
	return d.file == len(d.files), nil
}

// datasets are the training and test digits, once decodeFor is done;
// each must be whole and every label a digit (core.Dataset.Check).
func (d *mnistDecoder) datasets() (train, test *core.Dataset, err error) {
	var sets [2]*core.Dataset
	for k := range sets {
		h := d.hdr[2*k]
		sets[k] = &core.Dataset{Rows: h.Rows, Cols: h.Cols, Images: d.body[2*k], Labels: d.body[2*k+1]}
		if err := sets[k].Check(core.NumDigits); err != nil {
			return nil, nil, fmt.Errorf("%s and %s: %v", mnistNames[2*k], mnistNames[2*k+1], err)
		}
	}
	return sets[0], sets[1], nil
}
