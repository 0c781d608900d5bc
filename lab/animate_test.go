package lab

import (
	"testing"
	"time"

	"backproplab/core"
)

// TestRouteAnimation: in the class mode, arriving at δᴬ by a key starts
// the routing animation, each Tick is one frame of it whatever the clock,
// and the next command ends it; the lab mode does not animate.
func TestRouteAnimation(t *testing.T) {
	l := newTestLab(t)
	mustApply(t, l, Command{"mode", "class"})
	mustApply(t, l, Command{"goto", "0 delta_P"})
	if l.Animating() {
		t.Fatal("animating at δᴾ")
	}
	mustApply(t, l, Do("stage-next"))
	if st := l.Status(); st.Stage != core.StageDeltaA || st.Route != RouteTicks || !l.Animating() {
		t.Fatalf("stage-next to δᴬ: stage %v, route %d; want δᴬ and %d frames", st.Stage, st.Route, RouteTicks)
	}
	stopped := func() time.Time { return time.Time{} } // the clock stands still: frames still count
	for i := 1; i < RouteTicks; i++ {
		l.Tick(DefaultFrameBudget, stopped)
		if got := l.Status().Route; got != RouteTicks-i {
			t.Fatalf("after %d ticks: %d frames left, want %d", i, got, RouteTicks-i)
		}
	}
	l.Tick(DefaultFrameBudget, stopped)
	if l.Animating() {
		t.Errorf("after %d ticks the animation goes on", RouteTicks)
	}
	mustApply(t, l, Command{"goto", "0 delta_A"})
	l.Tick(DefaultFrameBudget, stopped)
	mustApply(t, l, Command{"select", "delta_A.3"}) // any command skips it
	if l.Animating() || l.Status().Stage != core.StageDeltaA {
		t.Errorf("a command during the animation: animating %v at %v, want it ended at δᴬ", l.Animating(), l.Status().Stage)
	}
	mustApply(t, l, Command{"mode", "lab"})
	mustApply(t, l, Command{"goto", "0 delta_A"})
	if l.Animating() {
		t.Error("the lab mode animates δᴬ")
	}
}
