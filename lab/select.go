package lab

import (
	"fmt"
	"strconv"
	"strings"
)

// Cell is one element of a tensor of the step: the tensor by the name
// `backprop trace` gives it ("X", "W", "Z", "delta_Z", "dW", …) and its
// flat, row-major index.
type Cell struct {
	Tensor string
	Index  int
}

// String is the cell as the address and the JS API write it: "Z.300".
func (c Cell) String() string {
	if c.Tensor == "" {
		return ""
	}
	return c.Tensor + "." + strconv.Itoa(c.Index)
}

// Tensors are the names of the tensors whose cells can be selected, in
// the order of the spec's pipeline, forward then backward.
func Tensors() []string { return tensorNames[:] }

var tensorNames = [...]string{"X", "W", "b", "Z", "A", "P", "U", "c", "s", "yhat",
	"delta_s", "dU", "dc", "delta_P", "delta_A", "delta_Z", "dW", "db", "dX"}

// tensorLen is how many elements the named tensor has, 0 if there is no
// such tensor.
func (l *Lab) tensorLen(name string) int {
	c := l.cfg
	z, p := c.F*c.HZ()*c.WZ(), c.F*c.HP()*c.WP()
	switch name {
	case "X", "dX":
		return c.C * c.H * c.W
	case "W", "dW":
		return c.F * c.C * c.K * c.K
	case "b", "db":
		return c.F
	case "Z", "A", "delta_Z", "delta_A":
		return z
	case "P", "delta_P":
		return p
	case "U", "dU":
		return c.M * c.N()
	case "c", "s", "yhat", "delta_s", "dc":
		return c.M
	}
	return 0
}

// parseCell reads "Z.300" (or "Z 300").
func parseCell(v string) (Cell, error) {
	v = strings.TrimSpace(v)
	name, idx, ok := strings.Cut(v, ".")
	if !ok {
		name, idx, ok = strings.Cut(v, " ")
	}
	i, err := strconv.Atoi(strings.TrimSpace(idx))
	if !ok || err != nil || i < 0 {
		return Cell{}, fmt.Errorf("cell %q is not a tensor and an index, such as Z.300", clip(v))
	}
	for _, n := range tensorNames {
		if n == name {
			return Cell{name, i}, nil
		}
	}
	return Cell{}, fmt.Errorf("cell %q: there is no tensor %q (the tensors are %s)", clip(v), clip(name), strings.Join(tensorNames[:], ", "))
}

func init() {
	register(command{CommandDoc{"select", "[<tensor>.<index>]", "select a cell, such as Z.300 (none: clear the selection)"}, (*Lab).doSelect})
}

func (l *Lab) doSelect(arg string) error {
	if arg == "" || arg == "none" {
		l.selected = Cell{}
		return nil
	}
	c, err := parseCell(arg)
	if err != nil {
		return err
	}
	if n := l.tensorLen(c.Tensor); c.Index >= n {
		return fmt.Errorf("cell %s does not exist: %s has %d elements, 0 to %d", c, c.Tensor, n, n-1)
	}
	l.selected = c
	return nil
}
