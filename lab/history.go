package lab

import "math"

// AccuracyWindow is how many recent predictions the running accuracy counts.
const AccuracyWindow = 100

const accWindow = AccuracyWindow

// accRing holds the last predictions' rightness. It keeps more than
// accWindow so that pop (undoing one step) restores the window exactly,
// and counts the right ones in the window as they come and go: value is
// read after every training step, and counting the window afresh each time
// (a hundred remainders) cost about 1% of a step in wasm.
type accRing struct {
	ok    [2 * accWindow]bool
	head  int // next write
	count int
	right int // in the last min(count, accWindow)
}

// back is the entry k places before head (1: the latest).
func (r *accRing) back(k int) bool { return r.ok[(r.head-k+len(r.ok))%len(r.ok)] }

func (r *accRing) push(ok bool) {
	if r.count >= accWindow && r.back(accWindow) {
		r.right-- // leaves the window
	}
	if ok {
		r.right++
	}
	r.ok[r.head] = ok
	r.head = (r.head + 1) % len(r.ok)
	r.count = min(r.count+1, len(r.ok))
}

func (r *accRing) pop() {
	if r.count == 0 {
		return
	}
	if r.back(1) {
		r.right--
	}
	r.head = (r.head - 1 + len(r.ok)) % len(r.ok)
	r.count--
	if r.count >= accWindow && r.back(accWindow) {
		r.right++ // comes back into the window
	}
}

func (r *accRing) value() (float64, int) {
	n := min(r.count, accWindow)
	if n == 0 {
		return math.NaN(), 0
	}
	return float64(r.right) / float64(n), n
}

type histPoint struct{ loss, acc float64 }

// historyCap is the number of points a History keeps.
const historyCap = 512

// History is the run's curve in bounded memory: point i is the mean loss
// and mean running accuracy of steps [i·Per, (i+1)·Per). When the points
// fill up, neighbours are merged and Per doubles, so the whole run always
// fits in historyCap points.
type History struct {
	pts  [historyCap]histPoint
	n    int
	per  int
	cur  histPoint // sums of the partial point
	curN int

	tests []TestPoint // the test accuracy's measurements (train.go)
}

func (h *History) reset() { *h = History{per: 1, tests: h.tests[:0]} }

// Tests is the test accuracy measured during the run, in step order, at
// most maxTestPoints of them (when full, every other one goes).
func (h *History) Tests() []TestPoint { return h.tests }

func (h *History) addTest(p TestPoint) {
	if len(h.tests) == maxTestPoints {
		k := 0
		for i := 0; i < len(h.tests); i += 2 {
			h.tests[k] = h.tests[i]
			k++
		}
		h.tests = h.tests[:k]
	}
	h.tests = append(h.tests, p)
}

// Add appends one step's loss and running accuracy.
func (h *History) Add(loss, acc float64) { h.add(loss, acc) }

func (h *History) add(loss, acc float64) {
	if h.per == 0 {
		h.per = 1
	}
	h.cur.loss += loss
	h.cur.acc += acc
	h.curN++
	if h.curN < h.per {
		return
	}
	if h.n == len(h.pts) {
		for i := 0; i < len(h.pts)/2; i++ {
			a, b := h.pts[2*i], h.pts[2*i+1]
			h.pts[i] = histPoint{(a.loss + b.loss) / 2, (a.acc + b.acc) / 2}
		}
		h.n = len(h.pts) / 2
		h.per *= 2
		// The partial sum was for the old Per: it is complete at half the
		// new one, so it stays partial.
		return
	}
	h.pts[h.n] = histPoint{h.cur.loss / float64(h.per), h.cur.acc / float64(h.per)}
	h.n++
	h.cur, h.curN = histPoint{}, 0
}

// Len is the number of points.
func (h *History) Len() int { return h.n }

// Per is the number of steps each point stands for.
func (h *History) Per() int { return max(h.per, 1) }

// At is point i: mean loss and mean running accuracy.
func (h *History) At(i int) (loss, acc float64) { return h.pts[i].loss, h.pts[i].acc }
