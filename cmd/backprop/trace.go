package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"backproplab/core"
	"backproplab/tracefmt"
)

// maxTraceInput bounds what trace reads from stdin. A worksheet case is a
// few kilobytes; MNIST's size with its weights is under 1 MB.
const maxTraceInput = 64 << 20

// maxTraceElems bounds every tensor of a traced case (core.MaxElems is far
// larger): the output writes each one as text.
const maxTraceElems = 1 << 20

// traceCase is a parsed, checked trace input.
type traceCase struct {
	cfg   core.Config
	label int
	in    map[string][]float64 // X, W, b, U, c
	extra map[string]json.RawMessage
}

// inputTensors are the tensors that a case must give, in output order.
var inputTensors = []string{"X", "W", "b", "U", "c"}

// outputTensors are the tensors that trace computes, in output order. A
// case may carry them (a trace fed back in): they are recomputed.
var outputTensors = []string{"Z", "A", "P", "argmax_index", "argmax_mask", "s", "yhat",
	"delta_s", "dU", "dc", "delta_P", "delta_A", "delta_Z", "dW", "db", "dX"}

// shapes gives each tensor's shape for cfg and how it reads in the spec's sizes.
func shapes(cfg core.Config) map[string]struct {
	dims []int
	desc string
} {
	F, C, H, W, K, M := cfg.F, cfg.C, cfg.H, cfg.W, cfg.K, cfg.M
	hz, wz, hp, wp, n := cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP(), cfg.N()
	type s = struct {
		dims []int
		desc string
	}
	zs := s{[]int{F, hz, wz}, "F×HZ×WZ"}
	ps := s{[]int{F, hp, wp}, "F×HP×WP"}
	ms := s{[]int{M}, "M"}
	return map[string]s{
		"X": {[]int{C, H, W}, "C×H×W"}, "W": {[]int{F, C, K, K}, "F×C×K×K"}, "b": {[]int{F}, "F"},
		"U": {[]int{M, n}, "M×N"}, "c": ms,
		"Z": zs, "A": zs, "P": ps, "argmax_index": ps, "argmax_mask": zs,
		"s": ms, "yhat": ms, "delta_s": ms, "dU": {[]int{M, n}, "M×N"}, "dc": ms,
		"delta_P": ps, "delta_A": zs, "delta_Z": zs,
		"dW": {[]int{F, C, K, K}, "F×C×K×K"}, "db": {[]int{F}, "F"}, "dX": {[]int{C, H, W}, "C×H×W"},
	}
}

// runTrace is "backprop trace": read a case from stdin, write its trace to
// stdout. On any error it writes one line to stderr, naming the field, and
// nothing to stdout.
func runTrace(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "backprop trace: unexpected argument %q: the case is read from stdin (backprop trace < case.json)\n", args[0])
		return 2
	}
	out, err := trace(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "backprop trace: %s\n", oneLine(err.Error()))
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "backprop trace: writing the trace: %s\n", oneLine(err.Error()))
		return 1
	}
	return 0
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// trace reads a case and returns its trace as JSON text.
func trace(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxTraceInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading the case: %v", err)
	}
	if len(data) > maxTraceInput {
		return nil, fmt.Errorf("the case is larger than %d MiB", maxTraceInput>>20)
	}
	tc, err := parseCase(data)
	if err != nil {
		return nil, err
	}
	return runCase(tc)
}

// parseCase checks a case: every field present and of the right type,
// sizes that make a network, every tensor of its shape, every value a
// finite number, the label a class. Errors name the field, as
// "tensors.W.data[3]".
func parseCase(data []byte) (*traceCase, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New(`the case is empty: want a JSON object {"config": …, "label": …, "tensors": …} on stdin`)
	}
	var top map[string]json.RawMessage
	if err := unmarshal(data, &top, "the case"); err != nil {
		return nil, err
	}
	tc := &traceCase{in: map[string][]float64{}, extra: map[string]json.RawMessage{}}
	for k, v := range top {
		switch k {
		case "config", "label", "tensors":
		case "L": // an earlier trace's output: recomputed
		default:
			tc.extra[k] = v // a title or a note: copied to the output
		}
	}

	// config
	raw, ok := top["config"]
	if !ok {
		return nil, errors.New(`config is missing: want {"C":…, "H":…, "W":…, "K":…, "F":…, "M":…}`)
	}
	var cm map[string]json.RawMessage
	if err := unmarshal(raw, &cm, "config"); err != nil {
		return nil, err
	}
	names := []string{"C", "H", "W", "K", "F", "M"}
	for k := range cm {
		if !slices.Contains(names, k) {
			return nil, fmt.Errorf("config.%s is not a size of this network: want only C, H, W, K, F, M (stride 1, no padding, 2×2 pool)", k)
		}
	}
	var size [6]int
	for i, k := range names {
		v, ok := cm[k]
		if !ok {
			return nil, fmt.Errorf("config.%s is missing", k)
		}
		n, err := integer(v, "config."+k)
		if err != nil {
			return nil, err
		}
		size[i] = n
	}
	tc.cfg = core.Config{C: size[0], H: size[1], W: size[2], K: size[3], F: size[4], M: size[5]}
	if err := tc.cfg.Validate(); err != nil {
		return nil, err
	}
	sh := shapes(tc.cfg)
	// Z first: Z ≥ N, so once Z fits, N (and U's shape) cannot have
	// overflowed.
	for _, name := range []string{"X", "W", "Z", "U"} {
		if n := product(sh[name].dims); n > maxTraceElems {
			return nil, fmt.Errorf("config: %s would have %.0f elements (%s), more than the %d that trace writes", name, n, sh[name].desc, maxTraceElems)
		}
	}

	// label
	raw, ok = top["label"]
	if !ok {
		return nil, fmt.Errorf("label is missing: want the true class, 0 to %d", tc.cfg.M-1)
	}
	label, err := integer(raw, "label")
	if err != nil {
		return nil, err
	}
	if label < 0 || label >= tc.cfg.M {
		return nil, fmt.Errorf("label = %d is not a class: want 0 to %d (M = %d)", label, tc.cfg.M-1, tc.cfg.M)
	}
	tc.label = label

	// tensors
	raw, ok = top["tensors"]
	if !ok {
		return nil, errors.New(`tensors is missing: want {"X": …, "W": …, "b": …, "U": …, "c": …}`)
	}
	var tm map[string]json.RawMessage
	if err := unmarshal(raw, &tm, "tensors"); err != nil {
		return nil, err
	}
	for k := range tm {
		if !slices.Contains(inputTensors, k) && !slices.Contains(outputTensors, k) {
			return nil, fmt.Errorf("tensors.%s is not a tensor of this network: want X, W, b, U, c", k)
		}
	}
	for _, name := range inputTensors {
		v, ok := tm[name]
		if !ok {
			return nil, fmt.Errorf("tensors.%s is missing: want {\"shape\": %s, \"data\": […]} (%s)", name, jsonInts(sh[name].dims), sh[name].desc)
		}
		t, err := parseTensor(v, "tensors."+name, sh[name].dims, sh[name].desc)
		if err != nil {
			return nil, err
		}
		tc.in[name] = t
	}
	return tc, nil
}

// unmarshal decodes JSON into v, with errors that name the field.
func unmarshal(data []byte, v any, field string) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return fmt.Errorf("%s is null, want %s", field, wantOf(v))
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%s is not valid JSON: %v (at byte %d)", field, se, se.Offset)
	case errors.As(err, &te):
		return fmt.Errorf("%s is %s, want %s", field, describe(data), wantOf(v))
	}
	return fmt.Errorf("%s: %v", field, err)
}

func wantOf(v any) string {
	switch v.(type) {
	case *[]json.RawMessage:
		return "an array"
	}
	return "an object"
}

// describe names a JSON value's kind, for errors: "a string", "null", …
func describe(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		if len(raw) <= 20 {
			return "the string " + string(raw)
		}
		return "a string"
	case '[':
		return "an array"
	case '{':
		return "an object"
	}
	if len(raw) <= 30 {
		return string(raw)
	}
	return "a number"
}

// number parses one JSON value as a finite float64.
func number(raw json.RawMessage, field string) (float64, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || !(raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		return 0, fmt.Errorf("%s is %s, want a number", field, describe(raw))
	}
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%s = %s is out of the range of float64 numbers", field, describe(raw))
	}
	return v, nil
}

// integer parses one JSON value as an int, refusing fractions.
func integer(raw json.RawMessage, field string) (int, error) {
	v, err := number(raw, field)
	if err != nil {
		return 0, err
	}
	if v != math.Trunc(v) {
		return 0, fmt.Errorf("%s = %s, want a whole number", field, describe(raw))
	}
	if math.Abs(v) > 1<<31 {
		return 0, fmt.Errorf("%s = %s is far too large", field, describe(raw))
	}
	return int(v), nil
}

// parseTensor parses {"shape": […], "data": […]} and checks it against want.
func parseTensor(raw json.RawMessage, field string, want []int, desc string) ([]float64, error) {
	var m map[string]json.RawMessage
	if err := unmarshal(raw, &m, field); err != nil {
		return nil, err
	}
	for k := range m {
		if k != "shape" && k != "data" {
			return nil, fmt.Errorf("%s.%s is not part of a tensor: want only shape and data", field, k)
		}
	}
	rs, ok := m["shape"]
	if !ok {
		return nil, fmt.Errorf("%s.shape is missing: want %s (%s)", field, jsonInts(want), desc)
	}
	var dims []json.RawMessage
	if err := unmarshal(rs, &dims, field+".shape"); err != nil {
		return nil, err
	}
	shape := make([]int, len(dims))
	for i, d := range dims {
		n, err := integer(d, fmt.Sprintf("%s.shape[%d]", field, i))
		if err != nil {
			return nil, err
		}
		shape[i] = n
	}
	if !slices.Equal(shape, want) {
		return nil, fmt.Errorf("%s.shape = %s, want %s (%s)", field, jsonInts(shape), jsonInts(want), desc)
	}
	rd, ok := m["data"]
	if !ok {
		return nil, fmt.Errorf("%s.data is missing: want %.0f values in row-major order", field, product(want))
	}
	var vals []json.RawMessage
	if err := unmarshal(rd, &vals, field+".data"); err != nil {
		return nil, err
	}
	if n := int(product(want)); len(vals) != n {
		return nil, fmt.Errorf("%s.data has %d values, want %d (the product of its shape %s)", field, len(vals), n, jsonInts(want))
	}
	out := make([]float64, len(vals))
	for i, v := range vals {
		x, err := number(v, fmt.Sprintf("%s.data[%d]", field, i))
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// product is the number of elements of a shape, in float64 so that it
// cannot overflow.
func product(dims []int) float64 {
	p := 1.0
	for _, d := range dims {
		p *= float64(d)
	}
	return p
}

func jsonInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// runCase runs one forward and backward pass (no update) and writes the
// trace, with the writer that the page's trace() uses too (tracefmt).
func runCase(tc *traceCase) ([]byte, error) {
	cfg := tc.cfg
	p := core.NewParams(cfg)
	copy(p.W.Data, tc.in["W"])
	copy(p.B.Data, tc.in["b"])
	copy(p.U.Data, tc.in["U"])
	copy(p.C.Data, tc.in["c"])
	vals, L, err := tracefmt.Step(cfg, &p, tc.in["X"], tc.label)
	if err != nil {
		return nil, err
	}
	sh := shapes(cfg)
	names := append(slices.Clone(inputTensors), outputTensors...)
	for _, name := range names {
		for i, v := range vals[name] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("tensors.%s.data[%d] = %v: the case's values are too large for float64 arithmetic", name, i, v)
			}
		}
		if len(vals[name]) != int(product(sh[name].dims)) {
			return nil, fmt.Errorf("internal error: %s has %d values, want %v", name, len(vals[name]), sh[name].dims)
		}
	}
	if math.IsNaN(L) || math.IsInf(L, 0) {
		return nil, fmt.Errorf("L = %v: the case's values are too large for float64 arithmetic", L)
	}
	return writeTrace(cfg, tc.label, vals, L, tc.extra)
}

// writeTrace formats a trace (tracefmt.Write): the config, the label,
// every tensor on one line, L, then the case's extra fields in key order.
func writeTrace(cfg core.Config, label int, vals map[string][]float64, L float64, extra map[string]json.RawMessage) ([]byte, error) {
	return tracefmt.Write(cfg, label, vals, L, extra)
}

// appendNumber writes v as encoding/json does (tracefmt.AppendNumber).
func appendNumber(b []byte, v float64) []byte { return tracefmt.AppendNumber(b, v) }
