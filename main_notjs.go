//go:build !js

package main

import (
	"fmt"
	"io"
	"io/fs"
	"log"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/lab"
	_ "backproplab/nodisplay" // says so, instead of ebiten's panic, when there is no display
)

// platform is empty on the desktop: the browser glue is in main_js.go.
type platform struct{}

// platformSettings reads the settings from the command line.
func platformSettings(args []string, out io.Writer) (lab.Settings, []error, error) {
	return parseFlags(args, out)
}

// platformDevice is ebiten's keyboard, mouse and touch.
func (g *Game) platformDevice() Device { return &ebitenDevice{} }

// fatal prints err and exits with status 1.
func fatal(err error) { log.Fatal(err) }

func (g *Game) initPlatform() {}

// platformUpdate opens an image file dropped on the window.
func (g *Game) platformUpdate() {
	files := ebiten.DroppedFiles()
	if files == nil {
		return
	}
	// The first file of the drop: one image goes on the pad.
	fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := readAtMost(files, path, maxImageFile)
		if err != nil {
			g.apply(lab.Command{Name: "say", Arg: err.Error()})
		} else {
			g.openImage(d.Name(), data)
		}
		return fs.SkipAll
	})
}

// readAtMost reads the file, or says that it is larger than n bytes
// without reading more than n+1.
func readAtMost(fsys fs.FS, path string, n int64) ([]byte, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, n+1))
	if err != nil {
		return nil, fmt.Errorf("%s could not be read: %v", path, err)
	}
	if int64(len(data)) > n {
		return nil, fmt.Errorf("%s is larger than %d MB: open a smaller image", path, n>>20)
	}
	return data, nil
}
