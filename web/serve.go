package web

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what one client can hold of the server: how long it may
// take to send a request, to take a response and to sit idle between
// requests, and how many connections it and everyone together may keep
// open. Use them with Server and Listener.
type Limits struct {
	Header time.Duration // to send a request's headers
	Read   time.Duration // to send a whole request (the page's are GETs, without a body)
	Idle   time.Duration // a keep-alive connection with no request for this long is closed
	Stall  time.Duration // a response that makes no progress for this long is abandoned
	Write  time.Duration // to take a whole response, however steadily
	Conns  int           // connections open at once; more wait to be accepted
	Client int           // connections open at once from one IP address; more are closed
}

// Classroom are the limits of cmd/serve, sized for a room of 60 laptops
// loading the page at once over the school's Wi-Fi.
//
// The big file is the wasm, 3.7 MB gzipped: at 1 Mbit/s a laptop, what 60
// laptops sharing a weak access point get, it takes 30 s. A response is
// therefore not given a fixed time, which a crowded room would exceed for
// everyone at once, but must make progress: each write to the connection
// (32 KB of the wasm) must be taken within Stall, 30 s, so that a client
// that stops reading is dropped after half a minute while one reading at a
// few kB/s is still served. Write, 10 minutes, bounds a client that reads
// just fast enough: the wasm at 50 kbit/s, 20 times slower than the room's
// 1 Mbit/s, still finishes.
//
// A browser opens at most 6 connections to a server, so 60 laptops open at
// most 360: Conns is 512, and more wait in the kernel's queue until one
// closes. Client is 16 (two browsers on one laptop, and some), so that one
// bad client cannot take the connections of the rest. Behind a proxy or NAT
// every laptop has the proxy's address: then Client must be 0 (no limit).
// Idle keep-alive connections are closed after 30 s, so that 60 laptops
// left open on the page do not hold connections all lesson; a reload
// reconnects and, the files being unchanged, gets 304s (see ServeHTTP).
var Classroom = Limits{
	Header: 10 * time.Second,
	Read:   30 * time.Second,
	Idle:   30 * time.Second,
	Stall:  30 * time.Second,
	Write:  10 * time.Minute,
	Conns:  512,
	Client: 16,
}

// Server returns an http.Server for h with the timeouts of l. Serve it on
// l.Listener, which enforces Stall and the connection limits.
func (l Limits) Server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.Header,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
	}
}

// Listener wraps ln: it accepts at most l.Conns connections at once
// (Accept waits for one to close), closes at once a connection from an IP
// address that has l.Client open already, and gives each write to a
// connection l.Stall to finish (within the deadline the server sets).
// A zero limit is no limit.
func (l Limits) Listener(ln net.Listener) *Listener {
	lim := &Listener{Listener: ln, stall: l.Stall, client: l.Client, open: make(map[string]int), done: make(chan struct{})}
	if l.Conns > 0 {
		lim.slots = make(chan struct{}, l.Conns)
	}
	return lim
}

// A Listener is a net.Listener with the connection limits of Limits.
type Listener struct {
	net.Listener
	stall  time.Duration
	client int
	slots  chan struct{} // one token per open connection; nil for no limit

	mu      sync.Mutex
	open    map[string]int // open connections by IP address
	n       int            // open connections in all
	refused int            // connections closed for Client

	done      chan struct{}
	closeOnce sync.Once
}

// Accept waits for a free slot, then for a connection, and returns it
// unless its IP address already has l.Client connections open: those are
// closed and Accept waits for the next one.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		if l.slots != nil {
			select {
			case l.slots <- struct{}{}:
			case <-l.done:
				return nil, net.ErrClosed
			}
		}
		c, err := l.Listener.Accept()
		if err != nil {
			l.release()
			return nil, err
		}
		host := c.RemoteAddr().String()
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		l.mu.Lock()
		if l.client > 0 && l.open[host] >= l.client {
			l.refused++
			l.mu.Unlock()
			c.Close()
			l.release()
			continue
		}
		l.open[host]++
		l.n++
		l.mu.Unlock()
		return &conn{Conn: c, l: l, host: host}, nil
	}
}

func (l *Listener) release() {
	if l.slots != nil {
		<-l.slots
	}
}

// Close closes the listener; a waiting Accept returns net.ErrClosed.
func (l *Listener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// Open is the number of connections open now, and Refused the number
// closed so far because their address had too many.
func (l *Listener) Open() (open, refused int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n, l.refused
}

// conn is an accepted connection: it frees its slot when closed, and
// gives each Write l.stall to finish, or less if the server's own deadline
// (its WriteTimeout) comes first.
type conn struct {
	net.Conn
	l    *Listener
	host string

	mu       sync.Mutex
	deadline time.Time // the server's write deadline; zero for none
	closed   bool
}

func (c *conn) Write(p []byte) (int, error) {
	if c.l.stall > 0 {
		c.mu.Lock()
		d := time.Now().Add(c.l.stall)
		if !c.deadline.IsZero() && c.deadline.Before(d) {
			d = c.deadline
		}
		c.Conn.SetWriteDeadline(d)
		c.mu.Unlock()
	}
	return c.Conn.Write(p)
}

func (c *conn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
	return c.Conn.SetWriteDeadline(t)
}

func (c *conn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
	return c.Conn.SetDeadline(t)
}

func (c *conn) Close() error {
	c.mu.Lock()
	first := !c.closed
	c.closed = true
	c.mu.Unlock()
	err := c.Conn.Close()
	if first {
		c.l.mu.Lock()
		c.l.n--
		if c.l.open[c.host]--; c.l.open[c.host] == 0 {
			delete(c.l.open, c.host)
		}
		c.l.mu.Unlock()
		c.l.release()
	}
	return err
}
