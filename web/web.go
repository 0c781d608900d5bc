// Package web serves Backprop Lab's page: index.html, wasm_exec.js and
// backproplab.wasm, read once and gzipped once when the handler is made.
// It serves nothing else, and the page it serves loads nothing from any
// other origin (its Content-Security-Policy says so to the browser).
//
// Limits (serve.go) are the server's timeouts and connection caps, sized
// for a classroom; the listener is cmd/serve; the browser tests (chromedp)
// are in this package's tests. It imports the standard library only: no ebiten.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Files are the names the page is made of, as they must appear in the
// file system given to NewHandler and as they are served.
var Files = []string{"index.html", "wasm_exec.js", "backproplab.wasm"}

// Handler serves the page. Make it with NewHandler.
type Handler struct {
	files map[string]*file // by URL path
	csp   string
	mnist int // bytes of MNIST's gzipped files (data.go), 0 if none
}

type file struct {
	name  string
	ctype string
	raw   []byte
	gz    []byte // nil when gzip does not make it smaller
	etag  string // strong ETag of raw; the gzipped form adds "-gz"
	size  int    // for a file held gzipped only (raw nil, data.go): its unpacked length
}

var started = time.Now()

// NewHandler reads Files from fsys, gzips each once (best compression) and
// returns a handler serving them at /<name>, with / serving index.html.
// It returns an error naming a missing file.
func NewHandler(fsys fs.FS) (*Handler, error) {
	h := &Handler{files: make(map[string]*file)}
	for _, name := range Files {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("web: the page needs %s: %v", name, err)
		}
		f := &file{name: name, ctype: contentType(name), raw: raw}
		sum := sha256.Sum256(raw)
		f.etag = hex.EncodeToString(sum[:12])
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		if buf.Len() < len(raw) {
			f.gz = buf.Bytes()
		}
		h.files["/"+name] = f
	}
	h.files["/"] = h.files["/index.html"]
	h.csp = policy(h.files["/index.html"].raw)
	return h, nil
}

func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".wasm"):
		return "application/wasm" // needed by WebAssembly.instantiateStreaming
	case strings.HasSuffix(name, ".html"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		return "text/javascript; charset=utf-8"
	}
	if t := mime.TypeByExtension(name[strings.LastIndexByte(name, '.')+1:]); t != "" {
		return t
	}
	return "application/octet-stream"
}

var inline = regexp.MustCompile(`(?s)<(script|style)>(.*?)</(?:script|style)>`)

// policy is the Content-Security-Policy for the page: everything from this
// origin only, the page's own inline script and style by hash, and wasm
// compilation ('wasm-unsafe-eval', which WebAssembly needs and which allows
// no JavaScript eval). The icon is an empty data: URL, so that the browser
// asks for no /favicon.ico.
func policy(index []byte) string {
	var scripts, styles []string
	for _, m := range inline.FindAllSubmatch(index, -1) {
		sum := sha256.Sum256(m[2])
		h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if string(m[1]) == "script" {
			scripts = append(scripts, h)
		} else {
			styles = append(styles, h)
		}
	}
	return "default-src 'self'; " +
		"script-src 'self' 'wasm-unsafe-eval' " + strings.Join(scripts, " ") + "; " +
		"style-src 'self' " + strings.Join(styles, " ") + "; " +
		"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
}

// Weight is the number of bytes a browser downloads for the page when it
// accepts gzip: the sum of the gzipped files (raw where gzip does not help).
func (h *Handler) Weight() int {
	n := 0
	for _, name := range Files {
		f := h.files["/"+name]
		if f.gz != nil {
			n += len(f.gz)
		} else {
			n += len(f.raw)
		}
	}
	return n
}

// ServeHTTP serves GET and HEAD for the page's files, gzipped when the
// client accepts gzip, and 404 for anything else.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := h.files[r.URL.Path]
	if !ok && r.URL.Path == "/mnist/" {
		f, ok = h.mnistIndex(), true // data.go
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", f.ctype)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cache-Control", "no-cache") // revalidate: a rebuilt wasm shows at once
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("X-Uncompressed-Length", strconv.Itoa(len(f.raw)+f.size))
	if f.ctype == "text/html; charset=utf-8" {
		hd.Set("Content-Security-Policy", h.csp)
	}
	body, etag := f.raw, f.etag
	if f.raw == nil && !acceptsGzip(r.Header.Get("Accept-Encoding")) {
		serveUnpacked(w, r, f) // data.go
		return
	}
	if f.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		hd.Set("Content-Encoding", "gzip")
		body, etag = f.gz, f.etag+"-gz"
	}
	hd.Set("ETag", `"`+etag+`"`)
	http.ServeContent(&lengthWriter{w, len(body)}, r, f.name, started, bytes.NewReader(body))
}

// lengthWriter sends Content-Length with a whole (200) response.
// http.ServeContent leaves it out when Content-Encoding is set, and the
// gzipped files would then go chunked: the browser could not show how much
// of the 3.9 MB (gzipped) wasm has arrived, nor tell a cut download from a whole one
// before unzipping it. ServeContent sets it itself for partial (206)
// responses and drops it for 304s.
type lengthWriter struct {
	http.ResponseWriter
	n int
}

func (w *lengthWriter) WriteHeader(code int) {
	if code == http.StatusOK {
		w.Header().Set("Content-Length", strconv.Itoa(w.n))
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *lengthWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// acceptsGzip reports whether an Accept-Encoding header value allows gzip:
// it names gzip (or *) without q=0.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				q, _ = strconv.ParseFloat(v, 64)
			}
		}
		return q > 0
	}
	return false
}
