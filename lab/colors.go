package lab

import (
	"fmt"
	"strings"
)

// The screen's looks, which the lab keeps and the view follows: the
// colour theme, and the zoom on one panel.

// Colors is the screen's colour theme: the standard light screen, or high
// contrast for a washed-out projector (black on white, saturated maps).
// The legends carry their numbers in both.
type Colors int

const (
	ColorsStandard Colors = iota
	ColorsContrast
)

var colorsWords = [...]string{ColorsStandard: "standard", ColorsContrast: "contrast"}

func (c Colors) String() string {
	if c >= 0 && int(c) < len(colorsWords) {
		return colorsWords[c]
	}
	return fmt.Sprintf("Colors(%d)", int(c))
}

func parseColors(v string) (Colors, error) {
	w := strings.ToLower(strings.TrimSpace(v))
	for c, s := range colorsWords {
		if w == s {
			return Colors(c), nil
		}
	}
	return 0, fmt.Errorf("colors %q is not standard or contrast", clip(v))
}

func init() {
	register(
		command{CommandDoc{"colors", "[standard|contrast]", "the colour theme: standard, or high contrast for a washed-out projector (none: the other)"}, (*Lab).doColors},
		command{CommandDoc{"zoom", "[on|off]", "the selected panel (none selected: the stage's output) alone, as large as the screen allows (none: toggle)"}, (*Lab).doZoom},
	)
}

func (l *Lab) doZoom(arg string) error {
	if arg == "" {
		l.zoom = !l.zoom
		return nil
	}
	on, err := parseOnOff("zoom", arg)
	if err != nil {
		return err
	}
	l.zoom = on
	return nil
}

func (l *Lab) doColors(arg string) error {
	if arg == "" {
		l.colors = 1 - l.colors
		return nil
	}
	c, err := parseColors(arg)
	if err != nil {
		return err
	}
	l.colors = c
	return nil
}
