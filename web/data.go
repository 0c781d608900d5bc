package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
)

// MNISTFiles are the IDX files of all of MNIST, as the GoMNIST module's
// data/ folder holds them (gzipped), served at /mnist/<name without .gz>
// for the page to fetch once it runs on its embedded subset.
var MNISTFiles = []string{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

// AddMNIST reads MNISTFiles from fsys (the GoMNIST module's data/ folder)
// and serves them at /mnist/<name without .gz>: gzipped as they are stored,
// with Content-Encoding gzip, so the browser unpacks them natively (off the
// page's main thread); to a client that does not accept gzip, unpacked as
// they are sent. It returns an error naming a missing or broken file.
func (h *Handler) AddMNIST(fsys fs.FS) error {
	for _, name := range MNISTFiles {
		gz, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("web: all of MNIST needs %s: %v", name, err)
		}
		if len(gz) < 18 || gz[0] != 0x1f || gz[1] != 0x8b {
			return fmt.Errorf("web: %s is not a gzip file", name)
		}
		path := "/mnist/" + name[:len(name)-len(".gz")]
		sum := sha256.Sum256(gz)
		h.files[path] = &file{
			name:  path,
			ctype: "application/octet-stream",
			gz:    gz,
			etag:  hex.EncodeToString(sum[:12]),
			size:  int(binary.LittleEndian.Uint32(gz[len(gz)-4:])), // gzip's ISIZE: the unpacked length, mod 2³² (MNIST's are < 50 MB)
		}
		h.mnist += len(gz)
	}
	return nil
}

// mnistIndex is /mnist/: the names of the files served there, one a
// line, none if AddMNIST was not called; the page asks it first, so that a
// server without the data costs it no failed request.
func (h *Handler) mnistIndex() *file {
	var b bytes.Buffer
	for _, name := range MNISTFiles {
		if path := "/mnist/" + name[:len(name)-len(".gz")]; h.files[path] != nil {
			b.WriteString(path[len("/mnist/"):] + "\n")
		}
	}
	raw := append([]byte{}, b.Bytes()...) // not nil: nil raw means a gzip-only file
	sum := sha256.Sum256(raw)
	return &file{name: "/mnist/", ctype: "text/plain; charset=utf-8", raw: raw, etag: hex.EncodeToString(sum[:12])}
}

// MNISTWeight is the bytes that fetching all of MNIST adds to the page
// (gzipped), 0 if AddMNIST was not called.
func (h *Handler) MNISTWeight() int { return h.mnist }

// serveUnpacked sends a gzip-only file unpacked, to a client that does
// not accept gzip.
func serveUnpacked(w http.ResponseWriter, r *http.Request, f *file) {
	w.Header().Set("Content-Length", strconv.Itoa(f.size))
	if r.Method == http.MethodHead {
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(f.gz))
	if err != nil {
		http.Error(w, "broken file", http.StatusInternalServerError)
		return
	}
	io.Copy(w, zr)
}
