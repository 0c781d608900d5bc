//go:build !js

package web

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pageSites is what BenchmarkPageStep compares: BACKPROP_PAGE_SITES, a
// comma-separated list of name=dir (each dir a built page, as make wasm
// BUILD=dir makes), or else this tree's page, built now.
func pageSites(b *testing.B) (names, dirs []string) {
	spec := os.Getenv("BACKPROP_PAGE_SITES")
	if spec == "" {
		return []string{"this"}, []string{buildPage(b)}
	}
	for _, s := range strings.Split(spec, ",") {
		name, dir, ok := strings.Cut(s, "=")
		if !ok {
			b.Fatalf("BACKPROP_PAGE_SITES=%q: give name=dir pairs, such as main=/tmp/a,new=/tmp/b", spec)
		}
		dir, query, _ := strings.Cut(dir, "?")
		if _, err := os.Stat(dir + "/backproplab.wasm"); err != nil {
			b.Fatalf("BACKPROP_PAGE_SITES: %s has no backproplab.wasm (make wasm BUILD=%s)", dir, dir)
		}
		if query != "" {
			dir += "?" + query
		}
		names, dirs = append(names, name), append(dirs, dir)
	}
	return names, dirs
}

// BenchmarkPageStep measures the frame rate at one step a frame (the speed
// a class watches: every frame trains a step and paints a new picture) in
// headless Chromium (SwiftShader, DPR 1, 1280×800), from the page's own
// counters over 3 s. With BACKPROP_PAGE_SITES=a=dirA,b=dirB it visits the
// pages in turn, once each per round, in one browser, so that two builds
// are compared under the same load (the machine is shared: compare within
// one run, as ratios):
//
//	make wasm BUILD=/tmp/a; (other tree) make wasm BUILD=/tmp/b
//	BACKPROP_PAGE_SITES=a=/tmp/a,b=/tmp/b go test -run '^$' -bench PageStep -benchtime 5x ./web
//
// It reports each page's frames/s (Draws a second) and paints/s (new
// pictures a second), and with two pages the second's frames/s over the
// first's.
func BenchmarkPageStep(b *testing.B) {
	needChromium(b)
	names, dirs := pageSites(b)
	urls := make([]string, len(dirs))
	for i, d := range dirs {
		d, query, _ := strings.Cut(d, "?")
		urls[i], _ = serve(b, d)
		if query != "" {
			urls[i] += "/?" + query
		}
	}
	bctx := browser(b)
	var errs []string
	type sample struct {
		S state   `json:"s"`
		T float64 `json:"t"`
	}
	frames := make([]float64, len(urls))
	paints := make([]float64, len(urls))
	secs := make([]float64, len(urls))
	round := 0
	for b.Loop() {
		round++
		for i, u := range urls {
			// A tab of its own for each visit, closed after it: a page
			// left open would still take frames from the next.
			ctx, cancel := chromedp.NewContext(bctx)
			p := tab{b, ctx}
			console := watchConsole(ctx)
			p.do("viewport", chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1)))
			read := func() sample {
				return eval[sample](p, `({s: window.backpropLab.state(), t: performance.now()})`)
			}
			p.do("navigate", chromedp.Navigate(u))
			p.waitReady()
			time.Sleep(time.Second) // the first frames compile shaders and fill atlases
			if msg := p.command(`"run"`); msg != "" {
				b.Fatalf(`command("run") = %q`, msg)
			}
			time.Sleep(time.Second) // let V8 tier up
			a := read()
			time.Sleep(3 * time.Second)
			z := read()
			errs = append(errs, console.errors()...)
			cancel()
			s := (z.T - a.T) / 1000
			f := float64(z.S.Draws - a.S.Draws)
			n := float64(z.S.Paints - a.S.Paints)
			frames[i] += f
			paints[i] += n
			secs[i] += s
			b.Logf("round %d %-6s %5.1f frames/s %5.1f paints/s %4d steps (render %.1f ms, upload %.1f ms, paint %.1f ms)",
				round, names[i], f/s, n/s, z.S.Step-a.S.Step, z.S.RenderMs, z.S.UploadMs, z.S.PaintMs)
		}
	}
	for i, name := range names {
		b.ReportMetric(frames[i]/secs[i], name+"-frames/s")
		b.ReportMetric(paints[i]/secs[i], name+"-paints/s")
	}
	if len(names) == 2 {
		b.ReportMetric((frames[1]/secs[1])/(frames[0]/secs[0]), fmt.Sprintf("%s/%s-frames", names[1], names[0]))
	}
	for _, e := range errs {
		b.Errorf("console: %s", e)
	}
}
