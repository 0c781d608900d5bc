package main

import (
	"encoding/binary"
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
	body  [4][]byte // the pixels or labels of each file, allocated when its turn comes
	want  [4]int    // the body's length, from its header
	dims  [4][2]int // rows and columns (images only)
	file  int       // the file being copied
	at    int       // bytes of its body copied

	// The longest a call of decodeFor took, for the page's benchmark.
	worst time.Duration
}

// newMNISTDecoder reads and checks the four headers. The error names the
// file and says what is wrong with it.
func newMNISTDecoder(files [4]idxFile) (*mnistDecoder, error) {
	d := &mnistDecoder{files: files}
	for i, f := range files {
		images := i%2 == 0
		hdr := make([]byte, 8)
		if images {
			hdr = make([]byte, 16)
		}
		magic := uint32(0x801)
		if images {
			magic = 0x803
		}
		if _, err := io.ReadFull(f.r, hdr); err != nil {
			return nil, fmt.Errorf("%s is shorter than an IDX header (%d bytes)", mnistNames[i], f.size)
		}
		if got := binary.BigEndian.Uint32(hdr); got != magic {
			return nil, fmt.Errorf("%s has magic number 0x%08x, want 0x%08x: it is not the IDX file of its name", mnistNames[i], got, magic)
		}
		count := int(binary.BigEndian.Uint32(hdr[4:]))
		if count < 1 || count > core.MaxIDXCount {
			return nil, fmt.Errorf("%s declares %d entries, want 1 to %d", mnistNames[i], count, core.MaxIDXCount)
		}
		n := count
		if images {
			rows, cols := int(binary.BigEndian.Uint32(hdr[8:])), int(binary.BigEndian.Uint32(hdr[12:]))
			if rows < 1 || rows > core.MaxIDXSide || cols < 1 || cols > core.MaxIDXSide || count*rows*cols > core.MaxIDXBytes {
				return nil, fmt.Errorf("%s declares %d images of %d×%d pixels, more than is accepted", mnistNames[i], count, rows, cols)
			}
			d.dims[i] = [2]int{rows, cols}
			n = count * rows * cols
		}
		if f.size != len(hdr)+n {
			return nil, fmt.Errorf("%s is %d bytes, but its header declares %d entries, %d bytes: the file is truncated or corrupt", mnistNames[i], f.size, count, len(hdr)+n)
		}
		d.want[i] = n
	}
	for i := 0; i < 4; i += 2 {
		rows, cols := d.dims[i][0], d.dims[i][1]
		if images, labels := d.want[i]/(rows*cols), d.want[i+1]; images != labels {
			return nil, fmt.Errorf("%s holds %d images but %s %d labels: they do not belong together", mnistNames[i], images, mnistNames[i+1], labels)
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
		if d.body[i] == nil {
			d.body[i] = make([]byte, d.want[i])
		}
		m, err := d.files[i].r.Read(d.body[i][d.at:min(d.want[i], d.at+decodeChunk)])
		d.at += m
		if d.at == d.want[i] {
			d.file, d.at = d.file+1, 0
		} else if err != nil {
			if err == io.EOF {
				err = errors.New("the file ended early")
			}
			return false, fmt.Errorf("%s: %v after %d of its %d bytes", mnistNames[i], err, d.at, d.want[i])
		}
		if now().Sub(start) >= budget {
			break
		}
	}
	return d.file == len(d.files), nil
}

// datasets are the training and test digits, once decodeFor is done;
// every label must be a digit.
func (d *mnistDecoder) datasets() (train, test *core.Dataset, err error) {
	var sets [2]*core.Dataset
	for k := range sets {
		labels := d.body[2*k+1]
		for j, l := range labels {
			if l >= core.NumDigits {
				return nil, nil, fmt.Errorf("%s: label %d (of digit %d) is not a digit 0 to 9", mnistNames[2*k+1], l, j)
			}
		}
		sets[k] = &core.Dataset{Rows: d.dims[2*k][0], Cols: d.dims[2*k][1], Images: d.body[2*k], Labels: labels}
	}
	return sets[0], sets[1], nil
}
