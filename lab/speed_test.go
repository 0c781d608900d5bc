package lab

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestTickAtMaxFillsTheBudgetReadingTheClockSeldom: at "max", a frame of
// steps of 100 µs fills a 30 ms budget to within a few steps without
// passing it, and reads the clock some tens of times, not before each of
// its 300 steps (in wasm a reading costs about 2% of a step).
func TestTickAtMaxFillsTheBudgetReadingTheClockSeldom(t *testing.T) {
	l := newTestLab(t)
	const stepTime, budget = 100 * time.Microsecond, 30 * time.Millisecond
	reads := 0
	clock := func() time.Time {
		reads++
		return time.Time{}.Add(time.Duration(l.Status().Step) * stepTime)
	}
	apply(t, l, Command{"speed", "max"}, Do("run"))
	for frame := range 3 {
		before := l.Status().Step
		reads = 0
		l.Tick(budget, clock)
		if got := l.Status().Step - before; got < 290 || got > 300 {
			t.Errorf("frame %d: %d steps of 100 µs in a 30 ms budget, want 290 to 300", frame, got)
		}
		if reads > 30 {
			t.Errorf("frame %d: the clock was read %d times, want at most 30", frame, reads)
		}
	}
}

// TestMeasuringKeepsToItsBudget: a frame's slice of test digits takes its
// budget and no more, whatever a digit takes: it stops when one more would
// pass it, not once past it. It reads the clock a few times, not after
// each of 30 digits.
func TestMeasuringKeepsToItsBudget(t *testing.T) {
	const budget = 3 * time.Millisecond
	for _, digit := range []time.Duration{100 * time.Microsecond, 300 * time.Microsecond, 700 * time.Microsecond, 1100 * time.Microsecond} {
		l := newTestLab(t)
		if err := l.SetData(synthData(50), synthData(evalChunk)); err != nil {
			t.Fatal(err)
		}
		measured, reads := 0, 0 // digits measured before this frame's slice, clock readings in it
		clock := func() time.Time {
			reads++
			return time.Time{}.Add(time.Duration(l.run.eval.next-measured) * digit)
		}
		for frame := range 3 {
			measured, reads = l.run.eval.next, 0
			l.evalTick(budget, clock)
			took := time.Duration(l.run.eval.next-measured) * digit
			if took > budget || took <= budget-digit {
				t.Errorf("digits of %v, frame %d: the slice took %v (%d digits), want at most %v and within a digit of it",
					digit, frame, took, l.run.eval.next-measured, budget)
			}
			if reads > 12 {
				t.Errorf("digits of %v, frame %d: the clock was read %d times, want at most 12", digit, frame, reads)
			}
		}
	}
}

// TestRunningAccuracyCountsItsWindow: through pushes and pops (steps and
// steps undone) in any order, the running accuracy is the share of right
// predictions among the last AccuracyWindow (or all, when fewer), counted
// afresh.
func TestRunningAccuracyCountsItsWindow(t *testing.T) {
	var r accRing
	var all []bool // every prediction pushed and not popped, in order
	rnd := rand.New(rand.NewPCG(1, 1))
	for i := range 5000 {
		// Mostly steps, and runs of undoing, never further back than the
		// ring keeps.
		if len(all) > 0 && rnd.IntN(4) == 0 && r.count > 0 {
			r.pop()
			all = all[:len(all)-1]
		} else {
			v := rnd.IntN(3) > 0
			r.push(v)
			all = append(all, v)
		}
		n := min(len(all), AccuracyWindow, r.count)
		right := 0
		for _, v := range all[len(all)-n:] {
			if v {
				right++
			}
		}
		got, gotN := r.value()
		if n == 0 {
			if gotN != 0 || !math.IsNaN(got) {
				t.Fatalf("after %d changes, nothing kept: value() = %v over %d, want NaN over 0", i+1, got, gotN)
			}
			continue
		}
		if want := float64(right) / float64(n); got != want || gotN != n {
			t.Fatalf("after %d changes: value() = %v over %d, want %v over %d", i+1, got, gotN, want, n)
		}
	}
}

// TestCoarseClockKeepsTheBudget: with a clock that moves a millisecond at
// a time, as a browser's may, a frame at "max" still trains for its budget
// and no longer than the clock can tell (steps of 50 µs: some 600 in 30
// ms), and a slice of test digits measures for its own (digits of 100 µs:
// some 30 in 3 ms). Reading the clock seldom must not take a clock that
// has not moved yet for steps that cost nothing (the page hung so).
func TestCoarseClockKeepsTheBudget(t *testing.T) {
	coarse := func(d time.Duration) time.Time { return time.Time{}.Add(d.Truncate(time.Millisecond)) }

	l := newTestLab(t) // 50 digits: 40 epochs are 2,000 steps
	apply(t, l, Command{"schedule", "linear"}, Command{"epochs", "40"}, Command{"speed", "max"}, Do("run"))
	clock := func() time.Time { return coarse(time.Duration(l.Status().Step) * 50 * time.Microsecond) }
	before := l.Status().Step
	l.Tick(30*time.Millisecond, clock)
	if got := l.Status().Step - before; got < 540 || got > 620 {
		t.Errorf("steps of 50 µs, a clock of 1 ms, a 30 ms budget: %d steps, want 540 to 620", got)
	}

	m := newTestLab(t)
	if err := m.SetData(synthData(50), synthData(evalChunk)); err != nil {
		t.Fatal(err)
	}
	digits := func() time.Time { return coarse(time.Duration(m.run.eval.next) * 100 * time.Microsecond) }
	m.evalTick(3*time.Millisecond, digits)
	if got := m.run.eval.next; got < 20 || got > 40 {
		t.Errorf("digits of 100 µs, a clock of 1 ms, a 3 ms budget: %d digits, want 20 to 40", got)
	}
}
