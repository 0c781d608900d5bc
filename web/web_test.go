package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// page returns the committed index.html and wasm_exec.js with a stand-in
// wasm: what NewHandler reads, without building anything.
func pageFS(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"index.html", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("backprop "), 10000)...)
	fsys["backproplab.wasm"] = &fstest.MapFile{Data: wasm}
	return fsys
}

func newServer(t *testing.T) (*httptest.Server, fstest.MapFS) {
	t.Helper()
	fsys := pageFS(t)
	h, err := NewHandler(fsys)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, fsys
}

// get fetches path with the given Accept-Encoding ("" sends none; the
// transport's own gzip handling is off, so the body is as sent).
func get(t *testing.T, srv *httptest.Server, method, path, encoding string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if encoding != "" {
		req.Header.Set("Accept-Encoding", encoding)
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestServesPageFilesWithTheirContentTypes(t *testing.T) {
	srv, fsys := newServer(t)
	for _, tc := range []struct{ path, file, ctype string }{
		{"/", "index.html", "text/html; charset=utf-8"},
		{"/index.html", "index.html", "text/html; charset=utf-8"},
		{"/wasm_exec.js", "wasm_exec.js", "text/javascript; charset=utf-8"},
		{"/backproplab.wasm", "backproplab.wasm", "application/wasm"},
	} {
		resp, body := get(t, srv, "GET", tc.path, "")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", tc.path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, got, tc.ctype)
		}
		if got := resp.Header.Get("Content-Encoding"); got != "" {
			t.Errorf("GET %s without Accept-Encoding: Content-Encoding %q, want none", tc.path, got)
		}
		if !bytes.Equal(body, fsys[tc.file].Data) {
			t.Errorf("GET %s: body differs from %s (%d bytes, want %d)", tc.path, tc.file, len(body), len(fsys[tc.file].Data))
		}
		if got, want := resp.Header.Get("X-Uncompressed-Length"), strconv.Itoa(len(fsys[tc.file].Data)); got != want {
			t.Errorf("GET %s: X-Uncompressed-Length %q, want %q", tc.path, got, want)
		}
	}
}

func TestGzipsWhenTheClientAcceptsIt(t *testing.T) {
	srv, fsys := newServer(t)
	for _, enc := range []string{"gzip", "gzip, deflate, br, zstd", "br;q=1.0, GZIP;q=0.5", "*"} {
		for _, name := range Files {
			resp, body := get(t, srv, "GET", "/"+name, enc)
			if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
				t.Errorf("GET /%s, Accept-Encoding %q: Content-Encoding %q, want gzip", name, enc, got)
				continue
			}
			if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("GET /%s: Vary %q, want Accept-Encoding", name, resp.Header.Get("Vary"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("GET /%s: body is not gzip: %v", name, err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain, fsys[name].Data) {
				t.Errorf("GET /%s gzipped: decompressed body differs from the file", name)
			}
			if len(body) >= len(plain) {
				t.Errorf("GET /%s gzipped: %d bytes, not smaller than %d", name, len(body), len(plain))
			}
		}
	}
	for _, enc := range []string{"identity", "gzip;q=0", "deflate, br"} {
		resp, _ := get(t, srv, "GET", "/backproplab.wasm", enc)
		if got := resp.Header.Get("Content-Encoding"); got != "" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want none", enc, got)
		}
	}
}

func TestPrecompressesOnce(t *testing.T) {
	h, err := NewHandler(pageFS(t))
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/backproplab.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	h.ServeHTTP(httptest.NewRecorder(), req) // warm up
	allocs := testing.AllocsPerRun(20, func() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	})
	// A gzip.Writer alone allocates hundreds of kilobytes in many pieces;
	// serving precompressed bytes costs only the headers.
	if allocs > 60 {
		t.Errorf("serving the gzipped wasm allocates %.0f times a request, want few (no compression per request)", allocs)
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	srv, _ := newServer(t)
	for _, path := range []string{"/favicon.ico", "/build/backproplab.wasm", "/../go.mod", "/index.html/", "/web.go", "/mnist/train-images-idx3-ubyte", "/mnist/x"} { // /mnist/ itself lists what is served (data.go)
		resp, _ := get(t, srv, "GET", path, "gzip")
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
	resp, _ := get(t, srv, "POST", "/", "")
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", resp.StatusCode)
	}
	resp, body := get(t, srv, "HEAD", "/backproplab.wasm", "gzip")
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("HEAD /backproplab.wasm: status %d, %d body bytes, Content-Type %q; want 200, none, application/wasm",
			resp.StatusCode, len(body), resp.Header.Get("Content-Type"))
	}
}

// TestRevalidatesWithETag: a reload asks again (Cache-Control: no-cache)
// and gets a 304 without a body for each unchanged file; a new build of
// the wasm has another ETag, so a browser holding the old one gets the
// new file, never the stale one.
func TestRevalidatesWithETag(t *testing.T) {
	srv, fsys := newServer(t)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	revalidate := func(srv *httptest.Server, path, encoding, etag string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", encoding)
		req.Header.Set("If-None-Match", etag)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	etags := map[string]string{}
	for _, path := range []string{"/", "/wasm_exec.js", "/backproplab.wasm"} {
		for _, enc := range []string{"gzip", "identity"} {
			resp, _ := get(t, srv, "GET", path, enc)
			etag := resp.Header.Get("ETag")
			if etag == "" || resp.Header.Get("Cache-Control") != "no-cache" {
				t.Fatalf("GET %s (%s): ETag %q, Cache-Control %q; want an ETag and no-cache", path, enc, etag, resp.Header.Get("Cache-Control"))
			}
			if other, ok := etags[etag]; ok {
				t.Errorf("GET %s (%s) has the ETag of %s", path, enc, other)
			}
			etags[etag] = path + " (" + enc + ")"
			resp2, body := revalidate(srv, path, enc, etag)
			if resp2.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("GET %s (%s) with If-None-Match %s: status %d and %d bytes, want 304 and none", path, enc, etag, resp2.StatusCode, len(body))
			}
		}
	}

	resp, _ := get(t, srv, "GET", "/backproplab.wasm", "gzip")
	old := resp.Header.Get("ETag")
	rebuilt := pageFS(t)
	rebuilt["backproplab.wasm"].Data = append(rebuilt["backproplab.wasm"].Data, "rebuilt"...)
	h, err := NewHandler(rebuilt)
	if err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(h)
	defer srv2.Close()
	resp2, body := revalidate(srv2, "/backproplab.wasm", "gzip", old)
	if resp2.StatusCode != http.StatusOK || resp2.Header.Get("ETag") == old {
		t.Fatalf("a new build, asked with the old ETag %s: status %d, ETag %s; want 200 and a new ETag", old, resp2.StatusCode, resp2.Header.Get("ETag"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, rebuilt["backproplab.wasm"].Data) || bytes.Equal(plain, fsys["backproplab.wasm"].Data) {
		t.Error("the new build served the old wasm")
	}
}

// TestSendsContentLength: every file says its length, gzipped or not, for
// GET and HEAD, so that the browser knows how much of the wasm is to come
// and the body is not sent chunked.
func TestSendsContentLength(t *testing.T) {
	srv, _ := newServer(t)
	for _, name := range Files {
		for _, enc := range []string{"gzip", ""} {
			resp, body := get(t, srv, "GET", "/"+name, enc)
			if resp.ContentLength != int64(len(body)) || len(resp.TransferEncoding) != 0 {
				t.Errorf("GET /%s (Accept-Encoding %q): Content-Length %d, Transfer-Encoding %v, body %d bytes; want the body's length, not chunked",
					name, enc, resp.ContentLength, resp.TransferEncoding, len(body))
			}
			head, _ := get(t, srv, "HEAD", "/"+name, enc)
			if head.ContentLength != resp.ContentLength {
				t.Errorf("HEAD /%s (Accept-Encoding %q): Content-Length %d, GET's is %d", name, enc, head.ContentLength, resp.ContentLength)
			}
		}
	}
	// A range of the gzipped wasm has its own length.
	req, _ := http.NewRequest("GET", srv.URL+"/backproplab.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Range", "bytes=0-99")
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || resp.ContentLength != 100 || len(body) != 100 {
		t.Errorf("GET bytes=0-99 of the gzipped wasm: status %d, Content-Length %d, %d bytes; want 206, 100, 100", resp.StatusCode, resp.ContentLength, len(body))
	}
}

func TestMissingFileIsNamed(t *testing.T) {
	fsys := pageFS(t)
	delete(fsys, "backproplab.wasm")
	_, err := NewHandler(fsys)
	if err == nil || !strings.Contains(err.Error(), "backproplab.wasm") {
		t.Errorf("NewHandler without the wasm: error %v, want one naming backproplab.wasm", err)
	}
}

// TestIndexLoadsNothingFromOtherOrigins reads index.html as a reviewer
// would: every src and href is relative (or an empty data: icon), and no
// address with a scheme or a host appears anywhere in the page.
func TestIndexLoadsNothingFromOtherOrigins(t *testing.T) {
	index, err := os.ReadFile("../index.html")
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?i)\b(src|href)\s*=\s*["']?([^"'\s>]*)`).FindAllSubmatch(index, -1)
	if len(refs) == 0 {
		t.Fatal("index.html has no src or href at all")
	}
	for _, m := range refs {
		ref := string(m[2])
		if ref != "data:," && (strings.Contains(ref, ":") || strings.HasPrefix(ref, "//") || strings.HasPrefix(ref, "/")) {
			t.Errorf("index.html: %s=%q is not a relative path on this server", m[1], ref)
		}
	}
	if m := regexp.MustCompile(`(?i)(https?:|wss?:)?//[a-z0-9.-]+\.[a-z]{2,}`).Find(index); m != nil {
		t.Errorf("index.html mentions an address on another host: %q", m)
	}
	if !bytes.Contains(index, []byte(`fetchWasm("backproplab.wasm")`)) {
		t.Error(`index.html does not fetch the wasm by a relative path ("backproplab.wasm")`)
	}
}

// TestPolicyAllowsOnlyThePagesOwnScripts checks the Content-Security-Policy:
// other origins are refused, and the hashes match index.html's inline
// script and style, so the browser runs them (a stale hash would block the
// loader, which the browser test would see as a console error).
func TestPolicyAllowsOnlyThePagesOwnScripts(t *testing.T) {
	srv, fsys := newServer(t)
	resp, _ := get(t, srv, "GET", "/", "")
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "'wasm-unsafe-eval'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "http") || strings.Contains(csp, "*") {
		t.Errorf("Content-Security-Policy %q allows more than this origin", csp)
	}
	index := fsys["index.html"].Data
	for _, tag := range []string{"script", "style"} {
		m := regexp.MustCompile(`(?s)<` + tag + `>(.*?)</` + tag + `>`).FindSubmatch(index)
		if m == nil {
			t.Fatalf("index.html has no inline <%s>", tag)
		}
		sum := sha256.Sum256(m[1])
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, h) {
			t.Errorf("Content-Security-Policy lacks the hash of the inline <%s>, %s", tag, h)
		}
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no X-Content-Type-Options: nosniff")
	}
}

// TestWasmExecMatchesToolchain checks that the committed wasm_exec.js is
// the one of the Go toolchain that builds the wasm: the two are a pair, and
// a mismatch fails at run time in the browser with an obscure error.
func TestWasmExecMatchesToolchain(t *testing.T) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	want, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../wasm_exec.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("wasm_exec.js differs from %s/lib/wasm/wasm_exec.js: copy it again (make serve checks this too)", goroot)
	}
}
