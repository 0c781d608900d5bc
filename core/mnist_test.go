package core

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"runtime"
	"strings"
	"testing"

	"backproplab/internal/mnisttest"
)

// idxImages builds an IDX image file with the given header and pixels.
func idxImages(magic, count, rows, cols uint32, pix []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	b = binary.BigEndian.AppendUint32(b, count)
	b = binary.BigEndian.AppendUint32(b, rows)
	b = binary.BigEndian.AppendUint32(b, cols)
	return append(b, pix...)
}

// idxLabels builds an IDX label file with the given header and labels.
func idxLabels(magic, count uint32, labels []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	b = binary.BigEndian.AppendUint32(b, count)
	return append(b, labels...)
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	if _, err := z.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Two 2×3 images, row-major, and their labels.
var (
	tinyPix    = []byte{0, 255, 0, 10, 20, 30, 1, 2, 3, 4, 5, 6}
	tinyLabels = []byte{7, 0}
)

func TestReadDatasetPlainAndGzipped(t *testing.T) {
	img := idxImages(0x803, 2, 2, 3, tinyPix)
	lab := idxLabels(0x801, 2, tinyLabels)
	for _, tc := range []struct {
		name     string
		img, lab []byte
	}{
		{"plain", img, lab},
		{"gzipped", gzipped(t, img), gzipped(t, lab)},
		{"gzipped images, plain labels", gzipped(t, img), lab},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadDataset(bytes.NewReader(tc.img), bytes.NewReader(tc.lab))
			if err != nil {
				t.Fatalf("ReadDataset: %v", err)
			}
			if d.Rows != 2 || d.Cols != 3 || d.Len() != 2 {
				t.Fatalf("ReadDataset = %d×%d, %d images, want 2×3, 2 images", d.Rows, d.Cols, d.Len())
			}
			if !bytes.Equal(d.Images, tinyPix) || !bytes.Equal(d.Labels, tinyLabels) {
				t.Fatalf("ReadDataset images %v labels %v, want %v and %v", d.Images, d.Labels, tinyPix, tinyLabels)
			}
			x := make([]float64, 6)
			if got := d.Sample(x, 0); got != 7 {
				t.Errorf("Sample(x, 0) label = %d, want 7", got)
			}
			if x[0] != 0 || x[1] != 1 || x[3] != 10.0/255 {
				t.Errorf("Sample(x, 0) = %v, want pixel/255: [0 1 0 %v …]", x, 10.0/255)
			}
			if got := d.Sample(x, 1); got != 0 || x[5] != 6.0/255 {
				t.Errorf("Sample(x, 1) = %v, label %d, want last pixel 6/255, label 0", x, got)
			}
		})
	}
}

func TestReadDatasetErrors(t *testing.T) {
	goodImg := idxImages(0x803, 2, 2, 3, tinyPix)
	goodLab := idxLabels(0x801, 2, tinyLabels)
	corruptGz := gzipped(t, goodImg)
	corruptGz[len(corruptGz)-6] ^= 0xff // a byte of the CRC-32 trailer
	for _, tc := range []struct {
		name     string
		img, lab []byte
		want     []string // every one must appear in the error
	}{
		{"empty image file", nil, goodLab, []string{"images:", "empty"}},
		{"truncated image header", goodImg[:10], goodLab, []string{"images:", "truncated", "16 bytes", "found 10"}},
		{"labels given as images", goodLab, goodLab, []string{"images:", "0x00000801", "label file", "want 0x00000803"}},
		{"images given as labels", goodImg, goodImg, []string{"labels:", "0x00000803", "image file", "want 0x00000801"}},
		{"not IDX at all", []byte("\x89PNG\r\n\x1a\n........"), goodLab, []string{"images:", "magic number 0x89504e47"}},
		{"truncated pixels", goodImg[:len(goodImg)-1], goodLab, []string{"images:", "truncated", "11 of the 12 bytes", "2 images of 2×3"}},
		{"truncated gzipped pixels", gzipped(t, goodImg[:len(goodImg)-5]), goodLab, []string{"images:", "truncated", "7 of the 12"}},
		{"cut gzip stream", gzipped(t, goodImg)[:30], goodLab, []string{"images:"}},
		{"gzip checksum", corruptGz, goodLab, []string{"images:", "checksum"}},
		{"broken gzip header", []byte{0x1f, 0x8b, 0, 0}, goodLab, []string{"images:", "gzip header"}},
		{"trailing pixels", append(append([]byte{}, goodImg...), 9), goodLab, []string{"images:", "bytes after the 2 images of 2×3"}},
		{"trailing labels", goodImg, append(append([]byte{}, goodLab...), 1), []string{"labels:", "bytes after the 2 labels"}},
		{"truncated labels", goodImg, goodLab[:9], []string{"labels:", "truncated", "1 of the 2 labels"}},
		{"zero rows", idxImages(0x803, 2, 0, 3, nil), goodLab, []string{"images:", "0×3", "between 1 and 1024"}},
		{"huge count", idxImages(0x803, 1<<31, 28, 28, nil), goodLab, []string{"images:", "2147483648 images", "more than"}},
		{"huge sides", idxImages(0x803, 1, 1<<20, 1<<20, nil), goodLab, []string{"images:", "1048576×1048576"}},
		{"too many bytes", idxImages(0x803, 1<<20, 1024, 1024, nil), goodLab, []string{"images:", "bytes of pixels, more than"}},
		{"huge label count", goodImg, idxLabels(0x801, 0xffffffff, nil), []string{"labels:", "4294967295 labels"}},
		{"count mismatch", goodImg, idxLabels(0x801, 3, []byte{1, 2, 3}), []string{"2 images", "3 labels"}},
		{"no images", idxImages(0x803, 0, 28, 28, nil), idxLabels(0x801, 0, nil), []string{"empty", "no images"}},
		{"label not a digit", goodImg, idxLabels(0x801, 2, []byte{3, 10}), []string{"label 10", "image 1", "0 to 9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadDataset(bytes.NewReader(tc.img), bytes.NewReader(tc.lab))
			if err == nil {
				t.Fatalf("ReadDataset = %d images, want an error containing %q", d.Len(), tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ReadDataset error %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestReadIDXHeader checks what a reader of the files in slices (the
// page) relies on: the header's numbers, its length and the data's, and
// that nothing past the header is read.
func TestReadIDXHeader(t *testing.T) {
	for _, tc := range []struct {
		file    []byte
		images  bool
		want    IDXHeader
		hdr, dl int
	}{
		{idxImages(0x803, 2, 2, 3, tinyPix), true, IDXHeader{Images: true, Count: 2, Rows: 2, Cols: 3}, 16, 12},
		{idxLabels(0x801, 2, tinyLabels), false, IDXHeader{Count: 2}, 8, 2},
	} {
		r := bytes.NewReader(tc.file)
		h, err := ReadIDXHeader(r, tc.images)
		if err != nil {
			t.Fatal(err)
		}
		if h != tc.want || h.Len() != tc.hdr || h.DataLen() != tc.dl {
			t.Errorf("ReadIDXHeader = %+v, %d + %d bytes, want %+v, %d + %d", h, h.Len(), h.DataLen(), tc.want, tc.hdr, tc.dl)
		}
		if r.Len() != tc.dl {
			t.Errorf("ReadIDXHeader left %d bytes, want the %d after the header", r.Len(), tc.dl)
		}
	}
	img, _ := ReadIDXHeader(bytes.NewReader(idxImages(0x803, 2, 2, 3, nil)), true)
	lab, _ := ReadIDXHeader(bytes.NewReader(idxLabels(0x801, 3, nil)), false)
	if err := IDXPair(img, lab); err == nil || !strings.Contains(err.Error(), "2 images but 3 labels") {
		t.Errorf("IDXPair(2 images, 3 labels) = %v, want them refused", err)
	}
}

// TestDatasetCheck: a data set put together in memory is refused as
// ReadDataset refuses files: with a sentence saying what is wrong.
func TestDatasetCheck(t *testing.T) {
	for _, tc := range []struct {
		name    string
		d       *Dataset
		classes int
		want    string // "" for none
	}{
		{"whole", &Dataset{Rows: 2, Cols: 3, Images: tinyPix, Labels: tinyLabels}, 10, ""},
		{"nil", nil, 10, "empty"},
		{"no images", &Dataset{Rows: 2, Cols: 3}, 10, "empty"},
		{"a label short", &Dataset{Rows: 2, Cols: 3, Images: tinyPix, Labels: tinyLabels[:1]}, 10, "2 images but 1 labels"},
		{"a pixel short", &Dataset{Rows: 2, Cols: 3, Images: tinyPix[:11], Labels: tinyLabels}, 10, "11 bytes of pixels, not a whole number of 2×3 images"},
		{"no pixels", &Dataset{Rows: 0, Cols: 3, Labels: tinyLabels}, 10, "0×3"},
		{"label 7 of 5 classes", &Dataset{Rows: 2, Cols: 3, Images: tinyPix, Labels: tinyLabels}, 5, "label 7 (of image 0) is not one of the 5 classes 0 to 4"},
	} {
		err := tc.d.Check(tc.classes)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: Check = %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestReadIDXHostileHeaderMemory checks that a header declaring the largest
// accepted file costs memory in proportion to the bytes actually present,
// not to what it declares.
func TestReadIDXHostileHeaderMemory(t *testing.T) {
	hdr := idxImages(0x803, 1<<18, 32, 32, make([]byte, 100)) // declares 256 MiB
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, _, err := ReadIDXImages(bytes.NewReader(hdr))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("ReadIDXImages(header declaring 256 MiB, 100 bytes) error %v, want truncated", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("ReadIDXImages allocated %d bytes for a 116-byte file, want under 1 MiB", got)
	}
}

// TestReadDatasetMNIST reads the real files. The expected labels and class
// counts are MNIST's published ones (checked against the files with zcat
// and xxd: train starts 5 0 4 1 9 2 1 3, test starts 7 2 1 0 4 1 4 9).
func TestReadDatasetMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 55 MB of MNIST")
	}
	for _, tc := range []struct {
		prefix string
		n      int
		first  []uint8
		counts [10]int
		mean   float64
	}{
		{"train", 60000, []uint8{5, 0, 4, 1, 9, 2, 1, 3}, [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, 0.1307},
		{"t10k", 10000, []uint8{7, 2, 1, 0, 4, 1, 4, 9}, [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, 0.1325},
	} {
		d := mnisttest.Set(t, tc.prefix, ReadDataset)
		if d.Len() != tc.n || d.Rows != 28 || d.Cols != 28 || len(d.Images) != tc.n*784 {
			t.Fatalf("%s: %d images of %d×%d (%d bytes), want %d of 28×28", tc.prefix, d.Len(), d.Rows, d.Cols, len(d.Images), tc.n)
		}
		if !bytes.Equal(d.Labels[:len(tc.first)], tc.first) {
			t.Errorf("%s: first labels %v, want %v", tc.prefix, d.Labels[:len(tc.first)], tc.first)
		}
		var counts [10]int
		for _, l := range d.Labels {
			counts[l]++
		}
		if counts != tc.counts {
			t.Errorf("%s: class counts %v, want %v", tc.prefix, counts, tc.counts)
		}
		// MNIST's well-known normalisation constants: the mean pixel of
		// the training set is 0.1307 (of 1), and the test set's 0.1325.
		var sum float64
		x := make([]float64, 784)
		for i := range d.Len() {
			d.Sample(x, i)
			for _, v := range x {
				sum += v
			}
		}
		if mean := sum / float64(len(d.Images)); math.Abs(mean-tc.mean) > 1e-4 {
			t.Errorf("%s: mean pixel %.5f, want %.4f", tc.prefix, mean, tc.mean)
		}
	}
}

func FuzzReadDataset(f *testing.F) {
	img := idxImages(0x803, 2, 2, 3, tinyPix)
	lab := idxLabels(0x801, 2, tinyLabels)
	f.Add(img, lab)
	f.Add(gzipped(f, img), gzipped(f, lab))
	f.Add(img[:20], lab[:9])
	f.Add(idxImages(0x803, 1<<20, 1024, 1024, nil), lab)
	f.Fuzz(func(t *testing.T, img, lab []byte) {
		d, err := ReadDataset(bytes.NewReader(img), bytes.NewReader(lab))
		if err != nil {
			if d != nil {
				t.Fatalf("ReadDataset returned a dataset and the error %v", err)
			}
			return
		}
		n := d.Rows * d.Cols
		if d.Len() == 0 || len(d.Images) != d.Len()*n {
			t.Fatalf("ReadDataset = %d labels, %d bytes of %d×%d images: inconsistent", d.Len(), len(d.Images), d.Rows, d.Cols)
		}
		// Only a plain file can hold its pixels in fewer bytes than it
		// declares: a valid result never holds more than was given
		// (gzip aside, where the ratio is bounded by deflate's 1032:1).
		if len(d.Images) > 1032*len(img)+1<<16 {
			t.Fatalf("ReadDataset = %d bytes of pixels from a %d-byte file", len(d.Images), len(img))
		}
		x := make([]float64, n)
		for i := range d.Len() {
			if l := d.Sample(x, i); l < 0 || l >= NumDigits {
				t.Fatalf("Sample(%d) label %d, want a digit", i, l)
			}
		}
	})
}

// TestPixelValues: Sample looks pixel values up; the table must hold
// exactly pixel/255 for every byte.
func TestPixelValues(t *testing.T) {
	for b := range 256 {
		if got, want := pixelValues[b], float64(b)/255; got != want {
			t.Errorf("pixelValues[%d] = %v, want %v", b, got, want)
		}
	}
}
