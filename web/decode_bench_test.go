//go:build !js

package web

import (
	"context"
	"net/http/httptest"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"backproplab/internal/mnisttest"
)

// frameRecorder is a script for every new document of a tab: it records
// the gap before each animation frame, window.frameGaps = [[t, gap], …],
// and window.filesAt, the moment the page hands all of MNIST to Go.
var frameRecorder = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		window.frameGaps = [];
		let last = 0;
		const frame = (t) => { if (last) window.frameGaps.push([t, t - last]); last = t; requestAnimationFrame(frame); };
		requestAnimationFrame(frame);
		let data;
		Object.defineProperty(window, "backpropLabData", { configurable: true, get: () => data, set: (v) => {
			data = v;
			let files = v.files;
			Object.defineProperty(v, "files", { get: () => files, set: (f) => {
				if (f && !window.filesAt) window.filesAt = performance.now();
				files = f;
			} });
		} });`})
	return err
})

// gapStats are the frames that began in (from, to]: how many, the longest
// gap before one and the median, in milliseconds.
type gapStats struct {
	N           int
	Max, Median float64
}

func (p tab) gaps(from, to float64) gapStats {
	p.t.Helper()
	all := eval[[][2]float64](p, `window.frameGaps`)
	var in []float64
	for _, g := range all {
		if g[0] > from && g[0] <= to {
			in = append(in, g[1])
		}
	}
	if len(in) == 0 {
		return gapStats{}
	}
	sort.Float64s(in)
	return gapStats{len(in), in[len(in)-1], in[len(in)/2]}
}

// BenchmarkPageDecodeMNIST measures, in headless Chromium at 1280×800, the
// frames while all of MNIST is decoded into Go after its download (from
// the moment the page hands the files over to the switch-over), and while
// the 10,000 test digits are measured on the paused page after it, against
// idle frames: the longest gap between two animation frames in each
// (decode-max-ms, eval-max-ms, idle-max-ms), and the longest that a frame
// spent decoding or measuring by the Go program's own clock
// (decode-work-ms, eval-work-ms). Frames that paint a new picture (the
// message that all of MNIST is in, the new test accuracy) cost a software
// GPU some 100 ms whatever caused them: eval-median-ms against
// idle-median-ms shows what measuring adds to the frames that do not.
func BenchmarkPageDecodeMNIST(b *testing.B) {
	needChromium(b)
	data := mnisttest.NeedDir(b)
	pageDir := buildPage(b)
	h, err := NewHandler(os.DirFS(pageDir))
	if err != nil {
		b.Fatal(err)
	}
	if err := h.AddMNIST(os.DirFS(data)); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	bctx := browser(b)
	var dec, meas, idle gapStats
	var decodeMs, decodeWork, evalWork float64
	for b.Loop() {
		p, console := open(b, bctx, 1280, 800, frameRecorder)
		p.do("navigate", chromedp.Navigate(srv.URL))
		p.waitReady()
		p.poll("all of MNIST", `window.backpropLab.state().trainSize === 60000`, 90*time.Second)
		t0 := eval[float64](p, `window.filesAt || 0`)
		t1 := eval[float64](p, `window.backpropLabData.decodeEnd || performance.now()`)
		decodeMs = t1 - t0
		decodeWork = eval[float64](p, `window.backpropLabData.decodeWorstMs || 0`)
		dec = p.gaps(t0, t1+50)
		p.poll("the test digits measured", `(s => !s.measuring && s.testN === 10000)(window.backpropLab.state())`, 60*time.Second)
		t2 := eval[float64](p, `performance.now()`)
		meas = p.gaps(t1+50, t2)
		evalWork = eval[float64](p, `window.backpropLab.state().measureWorstMs || 0`)
		time.Sleep(3 * time.Second)
		t3 := eval[float64](p, `performance.now()`)
		idle = p.gaps(t2+500, t3)
		for _, e := range console.errors() {
			b.Errorf("console: %s", e)
		}
	}
	b.Logf("decoding all of MNIST: %.0f ms, %d frames, the longest gap %.1f ms (median %.1f), the longest frame's decoding %.1f ms",
		decodeMs, dec.N, dec.Max, dec.Median, decodeWork)
	b.Logf("measuring the 10,000 test digits: %d frames, the longest gap %.1f ms (median %.1f), the longest frame's measuring %.1f ms; idle: %d frames, the longest gap %.1f ms (median %.1f)",
		meas.N, meas.Max, meas.Median, evalWork, idle.N, idle.Max, idle.Median)
	b.ReportMetric(dec.Max, "decode-max-ms")
	b.ReportMetric(decodeWork, "decode-work-ms")
	b.ReportMetric(meas.Max, "eval-max-ms")
	b.ReportMetric(meas.Median, "eval-median-ms")
	b.ReportMetric(evalWork, "eval-work-ms")
	b.ReportMetric(idle.Max, "idle-max-ms")
	b.ReportMetric(idle.Median, "idle-median-ms")
}
