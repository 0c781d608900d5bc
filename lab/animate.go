package lab

import "backproplab/core"

// The class mode's routing animation. At δᴬ, the stage that routes each
// δᴾ[f,u′,v′] to the winner of its pool block (δᴬ is 0 elsewhere), the
// view draws δᴾ's values travelling to the winners: over RouteTicks frames,
// counted in ticks (Tick, once a frame) and not by the clock, so that a
// slow frame slows it and a screenshot or a test sees the same frame. Any
// next command ends it at once, as a class that has seen it goes on.

// RouteTicks is how many frames the routing takes: 36, about 0.6 s at
// 60 frames a second, long enough to follow and short enough not to wait
// for.
const RouteTicks = 36

// startRoute starts the routing animation when the class mode arrives at
// δᴬ.
func (l *Lab) startRoute() {
	if l.mode == ModeClass && l.stepper.Done() == core.StageDeltaA {
		l.route = RouteTicks
	}
}

// Animating reports whether the view is animating (the routing of δᴾ into
// δᴬ): then Tick must run and the view repaint every frame until it is not.
func (l *Lab) Animating() bool { return l.route > 0 }
