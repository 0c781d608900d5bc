package lab

import (
	"strings"
	"testing"
)

// The colour theme round-trips the address: colors=contrast opens the
// high-contrast theme, the lab's link carries it, and the standard theme
// leaves the address as it was before the setting existed.
func TestColorsRoundTripTheAddress(t *testing.T) {
	s, problems := ParseQuery("seed=3&colors=contrast")
	if len(problems) > 0 || s.Colors != ColorsContrast {
		t.Fatalf("ParseQuery(colors=contrast) = %v, %v; want the contrast theme", s.Colors, problems)
	}
	l := newTestLab(t)
	for _, c := range s.Commands() {
		if err := l.Apply(c); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
	}
	if got := l.Status().Colors; got != ColorsContrast {
		t.Fatalf("the address's commands give the theme %v, want contrast", got)
	}
	q := l.Settings().Values()
	if q.Get("colors") != "contrast" {
		t.Errorf("the lab's link %q does not carry colors=contrast", q.Encode())
	}
	back, _ := ParseQuery(q.Encode())
	if back.Colors != ColorsContrast {
		t.Errorf("the link %q opens the theme %v", q.Encode(), back.Colors)
	}
	// The key's command toggles, and the standard theme is left out.
	if err := l.Apply(Do("colors")); err != nil || l.Status().Colors != ColorsStandard {
		t.Fatalf("colors toggled: %v, %v; want standard", l.Status().Colors, err)
	}
	if q := l.Settings().Values(); q.Has("colors") {
		t.Errorf("the standard theme's link %q names colors", q.Encode())
	}
	// A bad value keeps the default, and says so.
	s, problems = ParseQuery("colors=neon&seed=2")
	if s.Colors != ColorsStandard || s.Seed != 2 || len(problems) != 1 ||
		!strings.Contains(problems[0].Error(), `colors "neon"`) || !strings.Contains(problems[0].Error(), "using colors standard") {
		t.Errorf("ParseQuery(colors=neon&seed=2) = %v seed %d, %v; want standard, seed 2, and a sentence naming the value", s.Colors, s.Seed, problems)
	}
	if err := l.Apply(Command{Name: "colors", Arg: "neon"}); err == nil || l.Status().Colors != ColorsStandard {
		t.Errorf("colors neon: %v, theme %v; want an error and the theme kept", err, l.Status().Colors)
	}
}

// The seed by touch or key: up and down give the next and the previous
// seed's weights, at step 0; the ends refuse in words.
func TestSeedUpAndDown(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Do("step"))
	s0 := l.Status().Seed
	if err := l.Apply(Command{"seed", "up"}); err != nil || l.Status().Seed != s0+1 || l.Status().Step != 0 {
		t.Fatalf("seed up: %v, seed %d step %d; want seed %d at step 0", err, l.Status().Seed, l.Status().Step, s0+1)
	}
	if err := l.Apply(Command{"seed", "down"}); err != nil || l.Status().Seed != s0 {
		t.Fatalf("seed down: %v, seed %d; want %d", err, l.Status().Seed, s0)
	}
	l.Apply(Command{"seed", "0"})
	if err := l.Apply(Command{"seed", "down"}); err == nil || !strings.Contains(err.Error(), "smallest") || l.Status().Seed != 0 {
		t.Errorf("seed down at 0: %v, seed %d; want a refusal and 0 kept", err, l.Status().Seed)
	}
	if err := l.Apply(Do("zoom")); err != nil || !l.Status().Zoom {
		t.Errorf("zoom: %v, %v", err, l.Status().Zoom)
	}
}
