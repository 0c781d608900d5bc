package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"backproplab/core"
)

// DefaultTrain and DefaultTest are the sizes of the embedded subset: about
// 0.8 MB gzipped, enough digits to watch a network learn in the page before
// the full set (if any) arrives.
const (
	DefaultTrain = 4000
	DefaultTest  = 1000
)

// File is one generated gzipped IDX file.
type File struct {
	Name  string // base name, as in the original set
	Count int    // items kept
	Data  []byte // gzipped IDX bytes
}

// sources are the original file names, in the order Subset returns them.
var sources = [...]struct {
	name  string
	test  bool
	magic uint32
}{
	{"train-images-idx3-ubyte.gz", false, 0x803},
	{"train-labels-idx1-ubyte.gz", false, 0x801},
	{"t10k-images-idx3-ubyte.gz", true, 0x803},
	{"t10k-labels-idx1-ubyte.gz", true, 0x801},
}

// Subset reads the four original MNIST files in dir and returns them cut to
// the first train training and test test items.
func Subset(dir string, train, test int) ([]File, error) {
	var files []File
	for _, s := range sources {
		n := train
		if s.test {
			n = test
		}
		f, err := os.Open(filepath.Join(dir, s.name))
		if err != nil {
			return nil, err
		}
		data, err := Cut(f, s.magic, n)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", s.name, err)
		}
		files = append(files, File{Name: s.name, Count: n, Data: data})
	}
	return files, nil
}

// Cut reads a gzipped IDX file with the given magic number (0x801 for labels,
// 0x803 for images) and returns a gzipped IDX file holding its first n items.
// The header is read and checked by core.ReadIDXHeader. The output depends
// only on the input and n: no name, no time.
func Cut(src io.Reader, magic uint32, n int) ([]byte, error) {
	if magic != 0x801 && magic != 0x803 {
		return nil, fmt.Errorf("magic number %#x: want 0x801 (labels) or 0x803 (images)", magic)
	}
	zr, err := gzip.NewReader(src)
	if err != nil {
		return nil, err
	}
	h, err := core.ReadIDXHeader(zr, magic == 0x803)
	if err != nil {
		return nil, err
	}
	if n < 0 || n > h.Count {
		return nil, fmt.Errorf("asked for %d items, the file has %d", n, h.Count)
	}
	item := 1
	if h.Images {
		item = h.Rows * h.Cols
	}
	body := make([]byte, n*item)
	if _, err := io.ReadFull(zr, body); err != nil {
		return nil, fmt.Errorf("reading %d items: %v", n, err)
	}
	header := []uint32{magic, uint32(n)}
	if h.Images {
		header = append(header, uint32(h.Rows), uint32(h.Cols))
	}

	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	binary.Write(zw, binary.BigEndian, header) // writes to a buffer cannot fail
	zw.Write(body)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
