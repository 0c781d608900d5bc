// Package tracefmt is the writer of `backprop trace`'s JSON: one training
// step's numbers (the inputs X, W, b, U, c and label, and every tensor the
// forward and backward passes compute), in one format that cmd/backprop
// and the page's trace() and export share, so that the two cannot write
// different bytes for the same inputs. The reader of the format (checking a
// case) is cmd/backprop's.
//
// tracefmt imports the standard library and core only.
package tracefmt

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"backproplab/core"
)

// Inputs are the tensors a case gives, in output order.
var Inputs = []string{"X", "W", "b", "U", "c"}

// Outputs are the tensors a trace computes, in output order.
var Outputs = []string{"Z", "A", "P", "argmax_index", "argmax_mask", "s", "yhat",
	"delta_s", "dU", "dc", "delta_P", "delta_A", "delta_Z", "dW", "db", "dX"}

// Dims is the shape of the named tensor for cfg, nil for no such tensor.
func Dims(cfg core.Config, name string) []int {
	F, C, H, W, K, M := cfg.F, cfg.C, cfg.H, cfg.W, cfg.K, cfg.M
	switch name {
	case "X", "dX":
		return []int{C, H, W}
	case "W", "dW":
		return []int{F, C, K, K}
	case "b", "db":
		return []int{F}
	case "U", "dU":
		return []int{M, cfg.N()}
	case "c", "s", "yhat", "delta_s", "dc":
		return []int{M}
	case "Z", "A", "argmax_mask", "delta_A", "delta_Z":
		return []int{F, cfg.HZ(), cfg.WZ()}
	case "P", "argmax_index", "delta_P":
		return []int{F, cfg.HP(), cfg.WP()}
	}
	return nil
}

// Step runs one forward and backward pass (with ∂L/∂X, no update) of a
// network of size cfg with parameters p on input x of class label, and
// returns every tensor of the trace by name, and L. The values are those
// of core's network, as the lab computes them.
func Step(cfg core.Config, p *core.Params, x []float64, label int) (map[string][]float64, float64, error) {
	net, err := core.New(cfg, nil)
	if err != nil {
		return nil, 0, err
	}
	net.Params.CopyFrom(p)
	net.SetInput(x, label)
	net.Forward()
	net.Backward(true)
	a, g, q := &net.Act, &net.Grad, &net.Params
	index := make([]float64, len(a.Argmax))
	for i, w := range a.Argmax {
		index[i] = float64(w)
	}
	mask := make([]float64, cfg.F*cfg.HZ()*cfg.WZ())
	core.ArgmaxMask(cfg, mask, a.Argmax)
	return map[string][]float64{
		"X": a.X.Data, "W": q.W.Data, "b": q.B.Data, "U": q.U.Data, "c": q.C.Data,
		"Z": a.Z.Data, "A": a.A.Data, "P": a.P.Data, "argmax_index": index, "argmax_mask": mask,
		"s": a.S.Data, "yhat": a.Yhat.Data, "delta_s": g.DeltaS.Data, "dU": g.DU.Data, "dc": g.Dc.Data,
		"delta_P": g.DeltaP.Data, "delta_A": g.DeltaA.Data, "delta_Z": g.DeltaZ.Data,
		"dW": g.DW.Data, "db": g.Db.Data, "dX": g.DX.Data,
	}, a.L, nil
}

// Write writes a trace to w: the config, the label, every tensor on one
// line (inputs, then outputs in the order of the step), L, then the extra
// fields (each value compact JSON) in key order. It returns the first
// error of w.
func Write(w io.Writer, cfg core.Config, label int, vals map[string][]float64, L float64, extra map[string][]byte) error {
	names := append(slices.Clone(Inputs), Outputs...)
	b := bufio.NewWriterSize(w, 64<<10)
	b.WriteString("{\n")
	fmt.Fprintf(b, "  \"config\": {\"C\": %d, \"H\": %d, \"W\": %d, \"K\": %d, \"F\": %d, \"M\": %d},\n",
		cfg.C, cfg.H, cfg.W, cfg.K, cfg.F, cfg.M)
	fmt.Fprintf(b, "  \"label\": %d,\n", label)
	b.WriteString("  \"tensors\": {\n")
	for i, name := range names {
		fmt.Fprintf(b, "    %q: {\"shape\": %s, \"data\": [", name, JSONInts(Dims(cfg, name)))
		for j, v := range vals[name] {
			nb := b.AvailableBuffer()
			if j > 0 {
				nb = append(nb, ", "...)
			}
			b.Write(AppendNumber(nb, v))
		}
		b.WriteString("]}")
		if i < len(names)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  },\n  \"L\": ")
	b.Write(AppendNumber(b.AvailableBuffer(), L))
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		fmt.Fprintf(b, ",\n  %s: %s", quote(k), extra[k])
	}
	b.WriteString("\n}\n")
	return b.Flush()
}

// Case writes the inputs of a trace alone: what `backprop trace` reads.
func Case(cfg core.Config, label int, p *core.Params, x []float64) []byte {
	var b []byte
	b = fmt.Appendf(b, "{\n  \"config\": {\"C\": %d, \"H\": %d, \"W\": %d, \"K\": %d, \"F\": %d, \"M\": %d},\n",
		cfg.C, cfg.H, cfg.W, cfg.K, cfg.F, cfg.M)
	b = fmt.Appendf(b, "  \"label\": %d,\n  \"tensors\": {\n", label)
	vals := map[string][]float64{"X": x, "W": p.W.Data, "b": p.B.Data, "U": p.U.Data, "c": p.C.Data}
	for i, name := range Inputs {
		b = fmt.Appendf(b, "    %q: {\"shape\": %s, \"data\": [", name, JSONInts(Dims(cfg, name)))
		for j, v := range vals[name] {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = AppendNumber(b, v)
		}
		b = append(b, "]}"...)
		if i < len(Inputs)-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	return append(b, "  }\n}\n"...)
}

// AppendNumber writes v as encoding/json does (shortest repr that reads
// back exactly; exponent form below 1e-6 and from 1e21), with −0 written 0.
func AppendNumber(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	f := byte('f')
	if a := math.Abs(v); a < 1e-6 || a >= 1e21 {
		f = 'e'
	}
	b = strconv.AppendFloat(b, v, f, -1, 64)
	if f == 'e' { // 1e-07 → 1e-7, as encoding/json writes it
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// JSONInts writes a shape: [1, 28, 28].
func JSONInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// quote writes s as a JSON string exactly as encoding/json's Marshal does
// (HTML's <, > and & escaped, U+2028 and U+2029 too, invalid UTF-8 as
// U+FFFD), without the package: the page's wasm is smaller without it.
func quote(s string) []byte {
	const hex = "0123456789abcdef"
	b := []byte{'"'}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
