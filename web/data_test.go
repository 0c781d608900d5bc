package web

import (
	"bytes"
	"compress/gzip"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// TestServesMNIST: the four IDX files at /mnist/, gzipped as stored to a
// browser (which unpacks them), unpacked to a client without gzip, and
// nothing else under /mnist/.
func TestServesMNIST(t *testing.T) {
	data := fstest.MapFS{}
	raw := map[string][]byte{}
	for i, name := range MNISTFiles {
		b := bytes.Repeat([]byte{byte(i), 7, 0, 255}, 1000*(i+1))
		raw[strings.TrimSuffix(name, ".gz")] = b
		data[name] = &fstest.MapFile{Data: gzipped(b)}
	}
	h, err := NewHandler(pageFS(t))
	if err != nil {
		t.Fatal(err)
	}
	weight := h.Weight()
	if err := h.AddMNIST(data); err != nil {
		t.Fatal(err)
	}
	if h.Weight() != weight || h.MNISTWeight() == 0 {
		t.Errorf("page weight %d → %d, MNIST %d: want the page's first download unchanged and MNIST counted apart", weight, h.Weight(), h.MNISTWeight())
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for name, want := range raw {
		resp, body := get(t, srv, "GET", "/mnist/"+name, "gzip, deflate, br")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" ||
			resp.Header.Get("X-Uncompressed-Length") != strconv.Itoa(len(want)) {
			t.Errorf("%s: %d, encoding %q, X-Uncompressed-Length %q; want 200, gzip, %d", name, resp.StatusCode,
				resp.Header.Get("Content-Encoding"), resp.Header.Get("X-Uncompressed-Length"), len(want))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got bytes.Buffer
		got.ReadFrom(zr)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: the gzipped body does not unpack to the file", name)
		}
		resp, body = get(t, srv, "GET", "/mnist/"+name, "identity")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, want) {
			t.Errorf("%s without gzip: %d, encoding %q, %d bytes; want the file unpacked, %d bytes", name, resp.StatusCode, resp.Header.Get("Content-Encoding"), len(body), len(want))
		}
	}
	if resp, _ := get(t, srv, "GET", "/mnist/train-images-idx3-ubyte.gz", "gzip"); resp.StatusCode != 404 {
		t.Errorf("/mnist/…gz: %d, want 404", resp.StatusCode)
	}
	if resp, body := get(t, srv, "GET", "/mnist/", ""); resp.StatusCode != 200 || strings.Count(string(body), "-ubyte\n") != 4 {
		t.Errorf("/mnist/: %d %q, want the four names", resp.StatusCode, body)
	}
	bare := httptest.NewServer(func() *Handler { h, _ := NewHandler(pageFS(t)); return h }())
	defer bare.Close()
	if resp, body := get(t, bare, "GET", "/mnist/", ""); resp.StatusCode != 200 || len(body) != 0 {
		t.Errorf("/mnist/ without MNIST: %d %q, want 200 and no names (so the page asks for nothing that fails)", resp.StatusCode, body)
	}
	delete(data, MNISTFiles[2])
	h2, _ := NewHandler(pageFS(t))
	if err := h2.AddMNIST(data); err == nil || !strings.Contains(err.Error(), MNISTFiles[2]) {
		t.Errorf("AddMNIST without %s = %v, want an error naming it", MNISTFiles[2], err)
	}
}
