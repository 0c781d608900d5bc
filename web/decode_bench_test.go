//go:build !js

package web

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// frameRecorder is a script for every new document of a tab: it records
// the gap before each animation frame, window.frameGaps = [[t, gap], …];
// how long each of the page's own animation-frame callbacks ran (the Go
// program's frame: ebiten's Update and Draw, and the WebGL calls it makes),
// window.frameWork = [[start, ms], …]; and window.filesAt, the moment the
// page hands all of MNIST to Go.
var frameRecorder = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		window.frameGaps = [];
		window.frameWork = [];
		let last = 0;
		const raf = window.requestAnimationFrame.bind(window);
		const frame = (t) => { if (last) window.frameGaps.push([t, t - last]); last = t; raf(frame); };
		raf(frame);
		window.requestAnimationFrame = (cb) => raf((t) => {
			const start = performance.now();
			try { cb(t); } finally { window.frameWork.push([start, performance.now() - start]); }
		});
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

func (p tab) gaps(from, to float64) gapStats { return p.frameStats("frameGaps", from, to) }

// work is like gaps for the page's own frame callbacks: how many began in
// (from, to], the longest and the median time one ran.
func (p tab) work(from, to float64) gapStats { return p.frameStats("frameWork", from, to) }

func (p tab) frameStats(list string, from, to float64) gapStats {
	p.t.Helper()
	all := eval[[][2]float64](p, `window.`+list)
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
// idle frames. For each: the longest time one of the page's own frames ran
// (decode-cb-max-ms, eval-cb-max-ms, idle-cb-max-ms: the Go program's
// Update and Draw, by the page's clock), the longest gap between two
// animation frames (decode-max-ms, eval-max-ms, idle-max-ms), and the
// longest that a frame spent decoding or measuring by the Go program's own
// clock (decode-work-ms, eval-work-ms).
//
// A gap is the callback and whatever else the browser did before the next
// frame: on a software GPU a frame that paints a new picture (the message
// that all of MNIST is in, the new test accuracy) costs some 100 ms of
// compositing whatever caused it, and on a shared machine any frame may
// wait for a core. The callbacks are what this program adds to a frame;
// the gaps are what a user of this browser saw. The waits read cheap
// globals (backpropLabData.decodeEnd) rather than state(), which builds a
// large object in a task of its own, between frames.
func BenchmarkPageDecodeMNIST(b *testing.B) {
	needChromium(b)
	pageDir := buildPage(b)
	srv, _ := serveMNIST(b, pageDir)
	bctx := browser(b)
	var dec, meas, idle, decCb, copyCb, measCb, idleCb gapStats
	var switchCb float64
	var decodeMs, decodeWork, evalWork float64
	for b.Loop() {
		p, console := openReady(b, bctx, srv.URL, 1280, 800, frameRecorder)
		p.poll("all of MNIST decoded", `!!(window.backpropLabData && window.backpropLabData.decodeEnd)`, 90*time.Second)
		if n := eval[int](p, `window.backpropLab.state().trainSize`); n != 60000 {
			b.Fatalf("after the decode the page trains on %d digits, want 60000", n)
		}
		t0 := eval[float64](p, `window.filesAt || 0`)
		t1 := eval[float64](p, `window.backpropLabData.decodeEnd`)
		decodeMs = t1 - t0
		decodeWork = eval[float64](p, `window.backpropLabData.decodeWorstMs || 0`)
		p.poll("the test digits measured", `(s => !s.measuring && s.testN === 10000)(window.backpropLab.state())`, 60*time.Second)
		t2 := eval[float64](p, `performance.now()`)
		evalWork = eval[float64](p, `window.backpropLab.state().measureWorstMs || 0`)
		time.Sleep(3 * time.Second)
		t3 := eval[float64](p, `performance.now()`)
		dec, decCb = p.gaps(t0, t1+50), p.work(t0, t1+50)
		// The frames that copied, and the one that switched the lab over
		// (decodeEnd is read in it) and painted the message.
		for _, w := range eval[[][2]float64](p, `window.frameWork`) {
			if w[0] <= t1 && t1 <= w[0]+w[1] {
				switchCb = w[1]
			}
		}
		copyCb = p.work(t0, t1-switchCb-0.5)
		meas, measCb = p.gaps(t1+50, t2), p.work(t1+50, t2)
		idle, idleCb = p.gaps(t2+500, t3), p.work(t2+500, t3)
		for _, e := range console.errors() {
			b.Errorf("console: %s", e)
		}
	}
	b.Logf("decoding all of MNIST: %.0f ms, %d frames; the longest frame callback %.1f ms (median %.1f), of it decoding %.1f ms by Go's clock; the longest gap %.1f ms (median %.1f)",
		decodeMs, dec.N, decCb.Max, decCb.Median, decodeWork, dec.Max, dec.Median)
	b.Logf("measuring the 10,000 test digits: %d frames; the longest callback %.1f ms (median %.1f), of it measuring %.1f ms; the longest gap %.1f ms (median %.1f)",
		meas.N, measCb.Max, measCb.Median, evalWork, meas.Max, meas.Median)
	b.Logf("idle: %d frames; the longest callback %.1f ms (median %.1f); the longest gap %.1f ms (median %.1f)",
		idle.N, idleCb.Max, idleCb.Median, idle.Max, idle.Median)
	b.Logf("of the decode's frames, the ones that copied: the longest callback %.1f ms (median %.1f); the one that switched over and painted: %.1f ms",
		copyCb.Max, copyCb.Median, switchCb)
	b.ReportMetric(decCb.Max, "decode-cb-max-ms")
	b.ReportMetric(copyCb.Max, "copy-cb-max-ms")
	b.ReportMetric(switchCb, "switch-cb-ms")
	b.ReportMetric(dec.Max, "decode-max-ms")
	b.ReportMetric(decodeWork, "decode-work-ms")
	b.ReportMetric(measCb.Max, "eval-cb-max-ms")
	b.ReportMetric(meas.Max, "eval-max-ms")
	b.ReportMetric(meas.Median, "eval-median-ms")
	b.ReportMetric(evalWork, "eval-work-ms")
	b.ReportMetric(idleCb.Max, "idle-cb-max-ms")
	b.ReportMetric(idle.Max, "idle-max-ms")
	b.ReportMetric(idle.Median, "idle-median-ms")
}
