package web

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// The tests below use limits of a fraction of a second where Classroom has
// tens of seconds, and give what they wait for seconds to happen: they
// check what happens, not how fast.

// limitedServer serves h with lim's Server and Listener on loopback; wrap,
// if not nil, wraps the bare listener first.
func limitedServer(t *testing.T, h http.Handler, lim Limits, wrap func(net.Listener) net.Listener) (*httptest.Server, *Listener) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	ln := srv.Listener
	if wrap != nil {
		ln = wrap(ln)
	}
	l := lim.Listener(ln)
	srv.Listener = l
	srv.Config = lim.Server(h)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, l
}

// noiseHandler serves the page with a wasm of n random bytes, which gzip
// cannot shrink: its body is n bytes however it is asked for.
func noiseHandler(t *testing.T, n int) *Handler {
	t.Helper()
	fsys := pageFS(t)
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	fsys["backproplab.wasm"] = &fstest.MapFile{Data: b}
	h, err := NewHandler(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// client is one raw keep-alive connection.
type client struct {
	net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, srv *httptest.Server, local string) *client {
	t.Helper()
	d := net.Dialer{Timeout: 10 * time.Second}
	if local != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(local)}
	}
	c, err := d.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &client{c, bufio.NewReader(c)}
}

func (c *client) send(path string) error {
	_, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: test\r\nAccept-Encoding: gzip\r\n\r\n", path)
	return err
}

// get sends a request and reads the whole response, within 10 s.
func (c *client) get(path string) (*http.Response, error) {
	c.SetDeadline(time.Now().Add(10 * time.Second))
	defer c.SetDeadline(time.Time{})
	if err := c.send(path); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, err
}

// closedByServer waits up to 10 s for the server to close c, reading and
// discarding what it still sends, and reports whether it did.
func (c *client) closedByServer() bool {
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err := io.Copy(io.Discard, c.r)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// eventually waits up to 10 s for cond.
func eventually(cond func() bool) bool {
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// TestIdleConnectionsAreClosed: 500 keep-alive connections that load a
// file and then sit idle are all closed after the idle timeout (without
// it, the server keeps every one open as long as the client does).
func TestIdleConnectionsAreClosed(t *testing.T) {
	h, _ := NewHandler(pageFS(t))
	srv, l := limitedServer(t, h, Limits{Header: time.Second, Idle: 100 * time.Millisecond}, nil)
	const n = 500
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = dial(t, srv, "")
		if resp, err := clients[i].get("/wasm_exec.js"); err != nil || resp.StatusCode != 200 {
			t.Fatalf("connection %d: %v", i, err)
		}
	}
	var open atomic.Int32
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			if !c.closedByServer() {
				open.Add(1)
			}
		})
	}
	wg.Wait()
	if open := open.Load(); open > 0 {
		t.Errorf("%d of %d idle keep-alive connections still open 10 s after an idle timeout of 0.1 s", open, n)
	}
	if !eventually(func() bool { n, _ := l.Open(); return n == 0 }) {
		n, _ := l.Open()
		t.Errorf("the listener counts %d connections open, want 0", n)
	}
}

// TestStalledReadersAreDropped: clients that ask for the wasm and never
// read it are disconnected once a write makes no progress for Stall, and
// got only part of it.
func TestStalledReadersAreDropped(t *testing.T) {
	const size = 8 << 20 // more than the socket buffers hold
	srv, l := limitedServer(t, noiseHandler(t, size), Limits{Stall: 200 * time.Millisecond, Write: time.Hour}, smallBuffers)
	clients := make([]*client, 50)
	for i := range clients {
		clients[i] = dial(t, srv, "")
		smallBuffers(nil).(*bufListener).set(clients[i].Conn)
		if err := clients[i].send("/backproplab.wasm"); err != nil {
			t.Fatal(err)
		}
	}
	if !eventually(func() bool { n, _ := l.Open(); return n == 0 }) {
		n, _ := l.Open()
		t.Fatalf("%d of %d clients that never read are still connected 10 s after a stall timeout of 0.2 s", n, len(clients))
	}
	// What a stalled client gets when it reads at last: part of the wasm.
	var got bytes.Buffer
	clients[0].SetReadDeadline(time.Now().Add(10 * time.Second))
	io.Copy(&got, clients[0].r)
	if got.Len() >= size {
		t.Errorf("a client that never read got all %d bytes: it was not cut off", got.Len())
	}
}

// TestSlowReaderFinishes: a client reading the wasm steadily but slowly,
// for several times Stall in all, gets all of it; a fixed write timeout
// of Stall would cut it off (which also shows the test is slow enough).
func TestSlowReaderFinishes(t *testing.T) {
	const size = 2 << 20
	const stall = 400 * time.Millisecond
	h := noiseHandler(t, size)
	read := func(t *testing.T, lim Limits) (int, error) {
		srv, _ := limitedServer(t, h, lim, smallBuffers)
		c := dial(t, srv, "")
		smallBuffers(nil).(*bufListener).set(c.Conn)
		if err := c.send("/backproplab.wasm"); err != nil {
			return 0, err
		}
		resp, err := http.ReadResponse(c.r, nil)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		// 32 KB every 20 ms: 1.6 MB/s, 1.3 s for the 2 MB, a write of 32 KB
		// taken every 20 ms, 20 times within Stall.
		n, buf := 0, make([]byte, 32<<10)
		for {
			k, err := io.ReadFull(resp.Body, buf)
			n += k
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return n, nil // the body's end, short or not
			}
			if err != nil {
				return n, err
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Run("stall timeout", func(t *testing.T) {
		n, err := read(t, Limits{Read: 100 * time.Millisecond, Stall: stall, Write: time.Hour})
		if err != nil || n != size {
			t.Errorf("the slow reader got %d of %d bytes: %v", n, size, err)
		}
	})
	t.Run("fixed write timeout", func(t *testing.T) {
		n, err := read(t, Limits{Write: stall})
		if err == nil && n == size {
			t.Errorf("with a fixed write timeout of %v the slow reader got all %d bytes: the test reads too fast to show anything", stall, n)
		}
	})
}

// TestConnectionCap: beyond Conns open connections the next one waits, and
// is served as soon as one closes.
func TestConnectionCap(t *testing.T) {
	h, _ := NewHandler(pageFS(t))
	srv, l := limitedServer(t, h, Limits{Conns: 3}, nil)
	var first []*client
	for range 3 {
		c := dial(t, srv, "")
		if _, err := c.get("/"); err != nil {
			t.Fatal(err)
		}
		first = append(first, c)
	}
	fourth := dial(t, srv, "")
	if err := fourth.send("/"); err != nil {
		t.Fatal(err)
	}
	fourth.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := fourth.r.Peek(1); err == nil {
		t.Errorf("a fourth connection was served while 3 (the cap) were open")
	}
	if n, _ := l.Open(); n != 3 {
		t.Errorf("%d connections open, want 3", n)
	}
	first[0].Close()
	fourth.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(fourth.r, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the fourth connection, once one closed: %v", err)
	}
}

// TestOneClientCannotTakeTheRest: a client opening more than Client
// connections has the extra ones closed, and another address is still
// served. Loopback has every 127.x.y.z on Linux: the second client is
// 127.0.0.2.
func TestOneClientCannotTakeTheRest(t *testing.T) {
	h, _ := NewHandler(pageFS(t))
	srv, l := limitedServer(t, h, Limits{Conns: 12, Client: 4}, nil)
	var bad []*client
	for range 12 {
		bad = append(bad, dial(t, srv, "127.0.0.1"))
	}
	served := 0
	for _, c := range bad {
		if resp, err := c.get("/"); err == nil && resp.StatusCode == 200 {
			served++
		}
	}
	if served != 4 {
		t.Errorf("one address opened 12 connections and %d were served, want 4 (Client)", served)
	}
	if open, refused := l.Open(); open != 4 || refused != 8 {
		t.Errorf("Open() = %d open, %d refused; want 4 and 8", open, refused)
	}
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	c, err := d.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Skipf("cannot connect from 127.0.0.2 here: %v", err)
	}
	c.Close()
	other := dial(t, srv, "127.0.0.2")
	if resp, err := other.get("/"); err != nil || resp.StatusCode != 200 {
		t.Errorf("another address, while the first holds its 4: %v", err)
	}
}

// smallBuffers wraps a listener so that each accepted connection has
// socket buffers of 32 KB: on loopback the kernel's own would hold
// megabytes, and a client that does not read would not hold up the writes.
func smallBuffers(ln net.Listener) net.Listener { return &bufListener{ln} }

type bufListener struct{ net.Listener }

func (l *bufListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.set(c)
	}
	return c, err
}

func (*bufListener) set(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetReadBuffer(32 << 10)
		tc.SetWriteBuffer(32 << 10)
	}
}
