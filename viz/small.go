package viz

// Small screens: the text never shrinks below minFont, and a window in
// which the pipeline cannot be drawn at it is told a size that can: one
// found by trying, so that it is never the window's own size or smaller.

// minFont is the least body text size, px: 14 px reads on a laptop at
// arm's length and on a tablet (the legends' small face is 12 px then).
const minFont = 14

// maxTry is the largest side leastSize tries.
const maxTry = 4096

// leastSize is a size at which the screen can be drawn, as close to w×h as
// a search finds: the least height at the window's width, else the least
// width at its height, else both grown together. Each side it names is at
// least the window's, and one is larger (w×h itself does not fit).
func (v *View) leastSize(w, h int) (int, int) {
	arr := []arrangement{arrangePipeline}
	if v.opts.mode == ModeLab {
		arr = append(arr, arrangeAcross, arrangeAcrossSmall, arrangeDown, arrangeColumn)
	}
	fits := func(w, h int) bool {
		for _, a := range arr {
			o := v.opts
			o.arrange = a
			if computeLayout(v.cfg, v.fontsAt(minFont), o, w, h).ok {
				return true
			}
		}
		return false
	}
	// least returns the smallest n in (lo, hi] with ok(n), given ok(hi):
	// a binary search, so the answer is always one that was tried and fit.
	least := func(lo, hi int, ok func(int) bool) int {
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if ok(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		return hi
	}
	w, h = max(w, minW-1), max(h, minH-1)
	if fits(max(w, minW), maxTry) {
		W := max(w, minW)
		return W, least(h, maxTry, func(n int) bool { return fits(W, n) })
	}
	if fits(maxTry, max(h, minH)) {
		H := max(h, minH)
		return least(w, maxTry, func(n int) bool { return fits(n, H) }), H
	}
	// Both sides grow in proportion, from the window's aspect.
	k := least(100, 100*maxTry/max(w, h), func(k int) bool { return fits(w*k/100, h*k/100) })
	return w * k / 100, h * k / 100
}

// minTarget is the least side of a button, px: 44 CSS px, the size a
// finger hits on a tablet or a phone (WCAG 2.5.5, Apple's guidelines).
const minTarget = 44
