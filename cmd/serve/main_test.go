package main

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

func TestWhereNamesTheAddressesItListensOn(t *testing.T) {
	cidr := func(s string) net.Addr {
		ip, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		n.IP = ip
		return n
	}
	local := []net.Addr{cidr("127.0.0.1/8"), cidr("192.168.1.20/24"), cidr("::1/128"), cidr("fd00::2/64"), cidr("fe80::1/64")}

	// -addr :8093 and 0.0.0.0:8093 listen on every interface, IPv4 and IPv6.
	for _, addr := range []string{":0", "0.0.0.0:0"} {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		got := where(ln.Addr(), local)
		ln.Close()
		want := []string{"every interface", "http://127.0.0.1:", "http://192.168.1.20:", "http://[::1]:", "http://[fd00::2]:"}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("-addr %s: %q lacks %q", addr, got, w)
			}
		}
		if strings.Count(got, ":"+strconv.Itoa(port)+"/") != 4 {
			t.Errorf("-addr %s: %q does not give port %d with each address", addr, got, port)
		}
		if strings.Contains(got, "fe80") {
			t.Errorf("-addr %s: %q offers a link-local address, which a browser cannot open without its zone", addr, got)
		}
		if got := where(ln.Addr(), nil); !strings.Contains(got, "every interface") || !strings.Contains(got, "port "+strconv.Itoa(port)) {
			t.Errorf("-addr %s without the interfaces' addresses: %q, want every interface and the port", addr, got)
		}
	}

	// localhost is what it resolves to, with the port actually taken.
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if got, want := where(ln.Addr(), local), "http://"+ln.Addr().String()+"/"; !strings.Contains(got, want) || strings.Contains(got, "192.168") {
		t.Errorf("-addr localhost:0: %q, want only %s", got, want)
	}
}
