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
