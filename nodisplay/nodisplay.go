//go:build linux && !android

package nodisplay

// Without a display ebiten's own start-up panics with a Go stack trace,
// even for -h. Importing this package (blank) is all it takes to say so in
// a sentence instead. It imports no ebiten, and its import path sorts
// before ebiten's, so Go initialises it first.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"backproplab/lab"
)

func init() {
	if os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" {
		return
	}
	os.Exit(check(os.Args[1:], os.Stderr))
}

// check is what the app says and its exit status without a display: the
// usage for -h (status 0), else one sentence (status 1).
func check(args []string, out io.Writer) int {
	fs := flag.NewFlagSet("backproplab", flag.ContinueOnError)
	fs.SetOutput(out)
	s := lab.DefaultSettings
	var problems []error
	s.RegisterFlags(fs, &problems)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(out, "backproplab: the desktop window needs a display, and there is none (DISPLAY is not set). "+
		"Run it in a desktop session, or serve the page with make serve and open http://127.0.0.1:8080 in a browser.")
	return 1
}
