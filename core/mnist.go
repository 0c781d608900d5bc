package core

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
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
		dst[j] = pixelValues[b]
	}
	return int(d.Labels[i])
}

// pixelValues[b] is float64(b)/255, looked up rather than divided: a
// division per pixel cost a training step about 2%.
var pixelValues = func() (t [256]float64) {
	for b := range t {
		t[b] = float64(b) / 255
	}
	return t
}()

// The IDX format (http://yann.lecun.com/exdb/mnist/) is a big-endian header
// followed by the data, one unsigned byte per value:
//
//	images: magic 0x00000803, count, rows, cols (four uint32), then count·rows·cols pixels
//	labels: magic 0x00000801, count (two uint32), then count labels
//
// In the magic, 0x08 says "unsigned byte" and the last byte is the number of
// dimensions (3 for images, 1 for labels).
const (
	idxImagesMagic = 0x00000803
	idxLabelsMagic = 0x00000801
)

// Limits on what an IDX header may declare, so that a corrupt or hostile
// header is refused before anything is read. MNIST (60,000 images of 28×28,
// 47 MB of pixels) is far inside them.
const (
	// MaxIDXCount is the largest number of images or labels accepted.
	MaxIDXCount = 1 << 20
	// MaxIDXSide is the largest number of rows or columns of an image.
	MaxIDXSide = 1 << 10
	// MaxIDXBytes is the largest number of pixel bytes in one image file.
	MaxIDXBytes = 1 << 28
)

// ReadIDXImages reads an IDX image file (magic 0x00000803), gzipped or not:
// gzip is recognised by its first two bytes, 1f 8b. It returns the size of
// each image and the pixels of all of them, image after image, row-major.
//
// The header is checked before anything is allocated (count at most
// MaxIDXCount, sides between 1 and MaxIDXSide, at most MaxIDXBytes of
// pixels), memory grows only with the data actually read, and a file
// shorter or longer than its header says is refused: the error names the
// file kind and what was expected against what was found. A gzipped file
// is read to its end, so that its checksum is verified.
func ReadIDXImages(r io.Reader) (rows, cols int, pixels []uint8, err error) {
	const kind = "images"
	in, closeIn, err := openIDX(kind, r)
	if err != nil {
		return 0, 0, nil, err
	}
	defer closeIn()
	h, err := ReadIDXHeader(in, true)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("%s: %w", kind, err)
	}
	pixels, err = readBody(in, h.DataLen())
	if err != nil {
		return 0, 0, nil, fmt.Errorf("%s: %v, after %d of the %d bytes of pixels that the header declares (%d images of %d×%d)", kind, err, len(pixels), h.DataLen(), h.Count, h.Rows, h.Cols)
	}
	if err := expectEnd(kind, in, fmt.Sprintf("the %d images of %d×%d that its header declares", h.Count, h.Rows, h.Cols)); err != nil {
		return 0, 0, nil, err
	}
	return h.Rows, h.Cols, pixels, nil
}

// ReadIDXLabels reads an IDX label file (magic 0x00000801), gzipped or not,
// and returns its labels. The checks are those of ReadIDXImages: at most
// MaxIDXCount labels, and exactly as many bytes as the header declares.
// The labels' values are not checked here (see ReadDataset).
func ReadIDXLabels(r io.Reader) ([]uint8, error) {
	const kind = "labels"
	in, closeIn, err := openIDX(kind, r)
	if err != nil {
		return nil, err
	}
	defer closeIn()
	h, err := ReadIDXHeader(in, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", kind, err)
	}
	labels, err := readBody(in, h.DataLen())
	if err != nil {
		return nil, fmt.Errorf("%s: %v, after %d of the %d labels that the header declares", kind, err, len(labels), h.Count)
	}
	if err := expectEnd(kind, in, fmt.Sprintf("the %d labels that its header declares", h.Count)); err != nil {
		return nil, err
	}
	return labels, nil
}

// IDXHeader is what the header of an IDX file declares.
type IDXHeader struct {
	Images     bool // an image file (magic 0x00000803), or else a label file (0x00000801)
	Count      int  // the number of images or labels
	Rows, Cols int  // the size of each image; 0 in a label file
}

// Len is the length of the header in bytes: 16 for images, 8 for labels.
func (h IDXHeader) Len() int {
	if h.Images {
		return 16
	}
	return 8
}

// DataLen is the number of bytes after the header: Count·Rows·Cols pixels,
// or Count labels.
func (h IDXHeader) DataLen() int {
	if h.Images {
		return h.Count * h.Rows * h.Cols
	}
	return h.Count
}

// ReadIDXHeader reads the header of an IDX image file (images true) or
// label file from r, which must not be gzipped, and checks it as
// ReadIDXImages and ReadIDXLabels do: the magic number, at most
// MaxIDXCount images or labels, sides between 1 and MaxIDXSide, at most
// MaxIDXBytes of pixels. It reads the header's bytes only. The error says
// what was expected against what was found, without naming the file: the
// caller prefixes the file's name.
func ReadIDXHeader(r io.Reader, images bool) (IDXHeader, error) {
	kind, magic := "labels", uint32(idxLabelsMagic)
	if images {
		kind, magic = "images", idxImagesMagic
	}
	h := IDXHeader{Images: images}
	var buf [16]byte
	hdr := buf[:h.Len()]
	if err := readHeader(kind, r, hdr, magic); err != nil {
		return IDXHeader{}, err
	}
	count := binary.BigEndian.Uint32(hdr[4:])
	if count > MaxIDXCount {
		what := "a label file"
		if images {
			what = "an image file"
		}
		return IDXHeader{}, fmt.Errorf("the header declares %d %s, more than the %d accepted: the file is corrupt or not %s", count, kind, MaxIDXCount, what)
	}
	h.Count = int(count)
	if !images {
		return h, nil
	}
	nr := binary.BigEndian.Uint32(hdr[8:])
	nc := binary.BigEndian.Uint32(hdr[12:])
	if nr < 1 || nr > MaxIDXSide || nc < 1 || nc > MaxIDXSide {
		return IDXHeader{}, fmt.Errorf("the header declares images of %d×%d pixels, want each side between 1 and %d", nr, nc, MaxIDXSide)
	}
	total := uint64(count) * uint64(nr) * uint64(nc)
	if total > MaxIDXBytes {
		return IDXHeader{}, fmt.Errorf("the header declares %d images of %d×%d, %d bytes of pixels, more than the %d accepted", count, nr, nc, total, MaxIDXBytes)
	}
	h.Rows, h.Cols = int(nr), int(nc)
	return h, nil
}

// IDXPair reports whether an image file's header and a label file's
// belong together: one label for each image. It is Dataset.Check's test
// of the two counts, made before the files are read.
func IDXPair(images, labels IDXHeader) error {
	if !images.Images || labels.Images {
		return errors.New("want an image file's header and a label file's")
	}
	return countsAgree(images.Count, labels.Count)
}

func countsAgree(images, labels int) error {
	if images != labels {
		return fmt.Errorf("%d images but %d labels: they do not belong together", images, labels)
	}
	return nil
}

// NumDigits is the number of classes of an MNIST label: the digits 0 to 9.
const NumDigits = 10

// ReadDataset reads an IDX image file and its IDX label file (each gzipped
// or not, see ReadIDXImages and ReadIDXLabels) and checks that they agree:
// as many labels as images, at least one image, and every label a digit
// below NumDigits. Errors name the file ("images:" or "labels:") and say
// what was expected and what was found.
func ReadDataset(images, labels io.Reader) (*Dataset, error) {
	rows, cols, pix, err := ReadIDXImages(images)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDXLabels(labels)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Rows: rows, Cols: cols, Images: pix, Labels: lab}
	if err := d.Check(NumDigits); err != nil {
		return nil, err
	}
	return d, nil
}

// Check reports whether d is whole: at least one image, of at least 1×1
// pixels, one label for each image (Len·Rows·Cols pixels in all), and
// every label one of classes classes, 0 to classes−1 (NumDigits for
// MNIST). The error says what was expected and what was found.
func (d *Dataset) Check(classes int) error {
	if d == nil || d.Len() == 0 && len(d.Images) == 0 {
		return errors.New("the data set is empty: it holds no images")
	}
	if d.Rows < 1 || d.Cols < 1 {
		return fmt.Errorf("the data set's images are %d×%d pixels, want at least 1×1", d.Rows, d.Cols)
	}
	if n := d.Rows * d.Cols; len(d.Images) != d.Len()*n {
		if len(d.Images)%n != 0 {
			return fmt.Errorf("the data set holds %d bytes of pixels, not a whole number of %d×%d images", len(d.Images), d.Rows, d.Cols)
		}
		return countsAgree(len(d.Images)/n, d.Len())
	}
	for i, l := range d.Labels {
		if int(l) >= classes {
			return fmt.Errorf("label %d (of image %d) is not one of the %d classes 0 to %d", l, i, classes, classes-1)
		}
	}
	return nil
}

// openIDX returns r, or a gunzipping reader over it if it starts with the
// gzip magic 1f 8b, and a function that releases what was opened.
func openIDX(kind string, r io.Reader) (io.Reader, func(), error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil && len(head) < 2 {
		if err == io.EOF {
			return nil, nil, fmt.Errorf("%s: the file is empty or shorter than an IDX header", kind)
		}
		return nil, nil, fmt.Errorf("%s: %v", kind, err)
	}
	if head[0] != 0x1f || head[1] != 0x8b {
		return br, func() {}, nil
	}
	z, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: the file starts like gzip but its gzip header is broken: %v", kind, err)
	}
	return z, func() { z.Close() }, nil
}

// readHeader fills hdr, checking the magic number as soon as its four
// bytes are in, so that a file of the other kind is named as such even
// when it is shorter than this kind's header. kind, "images" or "labels",
// is the word its errors use.
func readHeader(kind string, r io.Reader, hdr []byte, magic uint32) error {
	n, err := io.ReadFull(r, hdr[:4])
	if err == nil {
		if err := checkMagic(kind, hdr[:4], magic); err != nil {
			return err
		}
		var m int
		m, err = io.ReadFull(r, hdr[4:])
		n += m
	}
	if err == nil {
		return nil
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("the file is truncated: it is shorter than an IDX header (an IDX %s header has %d bytes, found %d)", kind, len(hdr), n)
	}
	return fmt.Errorf("reading the header: %v", err)
}

func checkMagic(kind string, b []byte, want uint32) error {
	got := binary.BigEndian.Uint32(b)
	if got == want {
		return nil
	}
	var what string
	switch got {
	case idxImagesMagic:
		what = ", which is an IDX image file's"
	case idxLabelsMagic:
		what = ", which is an IDX label file's"
	}
	return fmt.Errorf("magic number 0x%08x%s, want 0x%08x (an IDX %s file)", got, what, want, kind)
}

// readBody reads exactly n bytes. It allocates as the data arrives (at most
// twice what was read, never more than n), so a header that declares more
// than the file holds costs nothing. On error it returns what was read.
func readBody(r io.Reader, n int) ([]byte, error) {
	buf := make([]byte, 0, min(n, 1<<16))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			next := make([]byte, len(buf), min(n, 2*cap(buf)))
			copy(next, buf)
			buf = next
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			if len(buf) < n {
				return buf, errors.New("the file is truncated")
			}
			break
		}
		if err != nil {
			return buf, fmt.Errorf("reading failed (%v)", err)
		}
	}
	return buf, nil
}

// expectEnd checks that r has nothing left after what was read (what names
// it, for the error): an IDX file is exactly its header and the data the
// header declares. For gzip, reaching the end also verifies the checksum.
func expectEnd(kind string, r io.Reader, what string) error {
	var one [1]byte
	for {
		m, err := r.Read(one[:])
		if m > 0 {
			return fmt.Errorf("%s: the file has bytes after %s: it is corrupt or its header is wrong", kind, what)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: after %s: %v", kind, what, err)
		}
	}
}
