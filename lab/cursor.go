package lab

import (
	"fmt"
	"strings"
)

// The cell cursor: the selection moved by keys, for a keyboard user, and
// toggled by taps, for a touch user. Tab and Shift+Tab ("cursor next",
// "cursor prev") go from panel to panel in the order of Tensors; the
// arrows move within one while a cell is selected; while none is, ← and →
// are the stage keys (where they always were) and ↑ ↓ start the cursor,
// as Tab does; Esc clears the
// selection ("dismiss"). A tap on a cell ("pick") selects it, a second
// tap on it or a tap elsewhere ("pick none") clears it.

func init() {
	register(
		command{CommandDoc{"cursor", "next|prev|left|right|up|down", "move the cell cursor: to the next or previous panel, or within one (with no cell selected, left and right are the stages)"}, (*Lab).doCursor},
		command{CommandDoc{"pick", "<tensor>.<index>|none", "select a cell, or clear it if it is the one selected (a tap)"}, (*Lab).doPick},
	)
}

// rowLen is how many elements one row of the named tensor's maps has as
// the screen draws them: the width of an image, a filter or a feature
// map; 1 for the vectors (b, c, s, ŷ and their gradients), which are
// columns.
func (l *Lab) rowLen(name string) int {
	c := l.cfg
	switch name {
	case "X", "dX":
		return c.W
	case "W", "dW":
		return c.K
	case "Z", "A", "delta_Z", "delta_A":
		return c.WZ()
	case "P", "delta_P", "U", "dU":
		return c.WP()
	}
	return 1
}

// firstCell is where the cursor lands in a panel: the middle of its first
// map (the middle of a digit is where there is something to see), or
// the first element of a vector.
func (l *Lab) firstCell(name string) Cell {
	w := l.rowLen(name)
	if w == 1 {
		return Cell{name, 0}
	}
	h := w // every map here is square but the flattened ones, whose maps are too
	if name == "X" || name == "dX" {
		h = l.cfg.H
	}
	return Cell{name, (h/2)*w + w/2}
}

func (l *Lab) doCursor(arg string) error {
	arg = strings.TrimSpace(arg)
	sel := l.selected
	names := tensorNames[:]
	switch arg {
	case "next", "prev":
		i := -1
		for k, n := range names {
			if n == sel.Tensor {
				i = k
			}
		}
		switch {
		case arg == "next":
			i = (i + 1) % len(names)
		case i <= 0:
			i = len(names) - 1
		default:
			i--
		}
		l.selected = l.firstCell(names[i])
		return nil
	case "left", "right", "up", "down":
	default:
		return fmt.Errorf("cursor %q: give next, prev, left, right, up or down", clip(arg))
	}
	// In the class mode ← and → stay the stages, so that a teacher walks
	// the step with the equation panel of a cell open.
	if sel.Tensor == "" || l.mode == ModeClass && (arg == "left" || arg == "right") {
		switch arg {
		case "left":
			return l.doStagePrev("")
		case "right":
			return l.doStageNext("")
		}
		return l.doCursor("next") // up or down start the cursor, as Tab does
	}
	n, w := l.tensorLen(sel.Tensor), l.rowLen(sel.Tensor)
	i := sel.Index
	switch arg {
	case "left":
		i--
	case "right":
		i++
	case "up":
		i -= w
	case "down":
		i += w
	}
	if i >= 0 && i < n {
		l.selected.Index = i
	}
	return nil
}

func (l *Lab) doPick(arg string) error {
	if strings.TrimSpace(arg) == "none" {
		l.selected = Cell{}
		return nil
	}
	c, err := parseCell(arg)
	if err != nil {
		return err
	}
	if c == l.selected {
		l.selected = Cell{}
		return nil
	}
	return l.doSelect(arg)
}
