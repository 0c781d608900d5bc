package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backproplab/core"
)

var update = flag.Bool("update", false, "rewrite cmd/backprop/testdata from the independent reference")

// traceTol is the agreement required between trace and the reference.
const traceTol = 1e-9

// traceJSON is a trace as a reader sees it.
type traceJSON struct {
	Config  map[string]int `json:"config"`
	Label   int            `json:"label"`
	Tensors map[string]struct {
		Shape []int     `json:"shape"`
		Data  []float64 `json:"data"`
	} `json:"tensors"`
	L float64 `json:"L"`
}

// caseJSON writes c as a trace input.
func caseJSON(c *refCase, extra string) []byte {
	var b []byte
	b = fmt.Appendf(b, "{\n  \"config\": {\"C\": %d, \"H\": %d, \"W\": %d, \"K\": %d, \"F\": %d, \"M\": %d},\n", c.C, c.H, c.W, c.K, c.F, c.M)
	b = fmt.Appendf(b, "  \"label\": %d,\n  \"tensors\": {\n", c.Label)
	sh := refShapes(c)
	for i, name := range []string{"X", "W", "b", "U", "c"} {
		b = fmt.Appendf(b, "    %q: {\"shape\": %s, \"data\": [", name, jsonInts(sh[name]))
		for j, v := range reference(c).T[name] {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = appendNumber(b, v)
		}
		b = append(b, "]}"...)
		if i < 4 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = append(b, "  }"...)
	b = append(b, extra...)
	return append(b, "\n}\n"...)
}

// runTraceOn runs "backprop trace" on input and returns stdout, stderr and
// the exit code.
func runTraceOn(input []byte) (string, string, int) {
	var out, errb bytes.Buffer
	code := run([]string{"trace"}, bytes.NewReader(input), &out, &errb)
	return out.String(), errb.String(), code
}

// checkTrace compares a trace with the reference: the same config and
// label, every tensor present with the reference's shape, every value
// within traceTol (relative above 1), and L.
func checkTrace(t *testing.T, name string, c *refCase, out string) {
	t.Helper()
	var got traceJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%s: the trace is not JSON: %v", name, err)
	}
	want := reference(c)
	wantCfg := map[string]int{"C": c.C, "H": c.H, "W": c.W, "K": c.K, "F": c.F, "M": c.M}
	if fmt.Sprint(got.Config) != fmt.Sprint(wantCfg) || got.Label != c.Label {
		t.Errorf("%s: config %v label %d, want %v label %d", name, got.Config, got.Label, wantCfg, c.Label)
	}
	shapes := refShapes(c)
	if len(got.Tensors) != len(shapes) {
		t.Errorf("%s: %d tensors, want %d: %v", name, len(got.Tensors), len(shapes), slices.Sorted(maps.Keys(got.Tensors)))
	}
	for tn, shape := range shapes {
		g, ok := got.Tensors[tn]
		if !ok {
			t.Errorf("%s: tensor %s is missing", name, tn)
			continue
		}
		if !slices.Equal(g.Shape, shape) {
			t.Errorf("%s: %s.shape = %v, want %v", name, tn, g.Shape, shape)
			continue
		}
		w := want.T[tn]
		if len(g.Data) != len(w) {
			t.Errorf("%s: %s has %d values, want %d", name, tn, len(g.Data), len(w))
			continue
		}
		bad := 0
		for i := range w {
			if !closeEnough(g.Data[i], w[i]) {
				if bad++; bad <= 3 {
					t.Errorf("%s: %s.data[%d] = %.17g, want %.17g", name, tn, i, g.Data[i], w[i])
				}
			}
		}
	}
	if !closeEnough(got.L, want.L) {
		t.Errorf("%s: L = %.17g, want %.17g", name, got.L, want.L)
	}
}

func closeEnough(got, want float64) bool {
	return math.Abs(got-want) <= traceTol*math.Max(1, math.Abs(want))
}

// Planted cases, kept in testdata/ with their expected traces. Their values
// are binary fractions, so every sum is exact in any order and the ties
// and zeros below are exact.

// tieZeroCase has K = 1, so Z is X (filter 0) and −X (filter 1), and
// 5×5, so the last row and column of Z are dropped by the pool (and hold
// values that would win if they were not). Filter 0's blocks are:
// (0,0) a tie between (0,0) and (0,1): (0,0) wins; (0,1) a tie between
// (0,1) and (1,1): (0,1) wins; (1,0) Z = 0 exactly at (0,0) and negative
// elsewhere: (0,0) wins with P = 0, and the ReLU gate stops its δ; (1,1) a
// clear winner at (1,0).
func tieZeroCase() *refCase {
	return &refCase{
		C: 1, H: 5, W: 5, K: 1, F: 2, M: 3, Label: 1,
		X: []float64{
			0.5, 0.5, 0, 0.75, 4,
			0.25, 0, 0.25, 0.75, -4,
			0, -0.5, -0.5, 0.25, 4,
			-0.25, -1, 1, 0.5, 4,
			8, 8, 8, 8, 8,
		},
		Wt: []float64{1, -1},
		B:  []float64{0, 0},
		U: []float64{ // M×N, N = 2·2·2
			0.5, -0.25, 1, 0.75, -0.5, 0.25, 0, 1,
			-1, 0.5, 0.25, -0.5, 1, -0.75, 0.5, -0.25,
			0.25, 0.25, -0.5, 0, 0.75, 0.5, -1, 0.5,
		},
		Cb: []float64{0.125, -0.25, 0.0625},
	}
}

// cancelZeroCase has K = 2 with W = [[½, −½], [¼, −¼]] and b = 0, so
// Z[u,v] = ½(X[u,v]−X[u,v+1]) + ¼(X[u+1,v]−X[u+1,v+1]) is 0 wherever a
// window's two columns are equal. Z is 4×3 (its odd last column is
// dropped):
//
//	 0     0.75  −1
//	 0     0.25   0.5
//	 0    −0.75   0.75
//	−0.25 −0.5   −0.5
//
// Block (1,0) is [0, −0.75; −0.25, −0.5]: Z[2,0] = 0 exactly, by
// cancellation, and wins, and the gate 1{Z>0} stops its δ.
func cancelZeroCase() *refCase {
	return &refCase{
		C: 1, H: 5, W: 4, K: 2, F: 1, M: 2, Label: 0,
		X: []float64{
			1, 1, 0, 2,
			1, 1, 0, 0,
			1, 1, 2, 0,
			1, 1, 2, 3,
			0, 1, 1, 1,
		},
		Wt: []float64{0.5, -0.5, 0.25, -0.25},
		B:  []float64{0},
		U:  []float64{1.5, -2, -0.5, 1},
		Cb: []float64{0.25, -0.25},
	}
}

// randomCase draws a case of the given sizes from seed: X in [0, 1), W, b,
// U, c normal with scale 0.5. Values are rounded to `digits` decimals if
// digits > 0 (for cases meant to be read).
func randomCase(C, H, W, K, F, M int, seed uint64, digits int) *refCase {
	r := rand.New(rand.NewPCG(seed, 99))
	c := &refCase{C: C, H: H, W: W, K: K, F: F, M: M, Label: r.IntN(M)}
	round := func(v float64) float64 {
		if digits <= 0 {
			return v
		}
		s := math.Pow(10, float64(digits))
		return math.Round(v*s) / s
	}
	fill := func(n int, f func() float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = round(f())
		}
		return v
	}
	norm := func() float64 { return 0.5 * r.NormFloat64() }
	c.X = fill(C*H*W, r.Float64)
	c.Wt = fill(F*C*K*K, norm)
	c.B = fill(F, func() float64 { return 0.1 * r.NormFloat64() })
	c.U = fill(M*c.n(), norm)
	c.Cb = fill(M, func() float64 { return 0.1 * r.NormFloat64() })
	return c
}

// keptCases are the cases in testdata/, by file name.
func keptCases() map[string]*refCase {
	return map[string]*refCase{
		"tie_zero":    tieZeroCase(),
		"cancel_zero": cancelZeroCase(),
		// C = 3, odd Z (5×4 → P 2×2), values with two decimals.
		"c3_odd": randomCase(3, 7, 6, 3, 2, 4, 3, 2),
	}
}

// TestTraceKeptCases runs trace on the cases kept in testdata/ and checks
// each against the independent reference, and the expected traces kept
// beside them (NAME.trace.json) against both, so that the files agree
// with the reference and a reader can trust them. -update rewrites them.
func TestTraceKeptCases(t *testing.T) {
	for name, c := range keptCases() {
		in := filepath.Join("testdata", name+".json")
		wantFile := filepath.Join("testdata", name+".trace.json")
		if *update {
			want := reference(c)
			var tb bytes.Buffer
			if err := writeTrace(&tb, refConfig(c), c.Label, want.T, want.L, nil); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(in, caseJSON(c, ""), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(wantFile, tb.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		input, err := os.ReadFile(in)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/backprop -update to write it)", err)
		}
		if !bytes.Equal(input, caseJSON(c, "")) {
			t.Errorf("%s differs from the case in keptCases: run go test ./cmd/backprop -update", in)
		}
		out, errs, code := runTraceOn(input)
		if code != 0 || errs != "" {
			t.Fatalf("%s: exit %d, stderr %q", name, code, errs)
		}
		checkTrace(t, name, c, out)
		kept, err := os.ReadFile(wantFile)
		if err != nil {
			t.Fatal(err)
		}
		checkTrace(t, name+".trace.json", c, string(kept))
	}
}

// TestTracePlanted checks what a teacher would point at on the planted
// cases: which cell wins each tie, where the gate stops δ at Z = 0, and
// that the dropped row and column carry nothing.
func TestTracePlanted(t *testing.T) {
	out, errs, code := runTraceOn(caseJSON(tieZeroCase(), ""))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var tr traceJSON
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	T := func(name string) []float64 { return tr.Tensors[name].Data }
	// Filter 0: ties go to the first maximum in row-major order; the zero
	// block and its Z = 0 winner route to (0,0). Filter 1 (Z = −X): block
	// (0,0) is all ≤ 0, so A is all zero and (0,0) wins; block (1,0) has
	// its maximum 1 at (1,1).
	if got, want := T("argmax_index"), []float64{0, 1, 0, 2, 0, 0, 3, 0}; !slices.Equal(got, want) {
		t.Errorf("argmax_index = %v, want %v", got, want)
	}
	at := func(f, u, v int) int { return (f*5+u)*5 + v }
	if z, dA, dZ := T("Z")[at(0, 2, 0)], T("delta_A")[at(0, 2, 0)], T("delta_Z")[at(0, 2, 0)]; z != 0 || dA == 0 || dZ != 0 {
		t.Errorf("at Z[0,2,0] = %v: δᴬ = %v, δᶻ = %v; want Z = 0, δᴬ ≠ 0 and δᶻ = 0 (the gate is 1{Z>0})", z, dA, dZ)
	}
	if dA, dZ := T("delta_A")[at(1, 0, 0)], T("delta_Z")[at(1, 0, 0)]; dA == 0 || dZ != 0 {
		t.Errorf("filter 1 block (0,0), Z = −0.5 at its winner: δᴬ = %v, δᶻ = %v, want δᴬ ≠ 0 and δᶻ = 0", dA, dZ)
	}
	for f := 0; f < 2; f++ {
		for k := 0; k < 5; k++ {
			for _, i := range []int{at(f, 4, k), at(f, k, 4)} {
				if T("delta_A")[i] != 0 || T("argmax_mask")[i] != 0 {
					t.Errorf("dropped cell %d of filter %d: δᴬ = %v, mask %v, want 0", i, f, T("delta_A")[i], T("argmax_mask")[i])
				}
			}
		}
	}
	var sum float64
	for _, y := range T("yhat") {
		sum += y
	}
	if math.Abs(sum-1) > 1e-15 {
		t.Errorf("Σ yhat = %v, want 1", sum)
	}

	out, _, _ = runTraceOn(caseJSON(cancelZeroCase(), ""))
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	// Z is 4×3; Z[2,0] = ½(1−1) + ¼(1−1) = 0 exactly and wins block (1,0).
	if z, idx, dA, dZ := T("Z")[2*3+0], T("argmax_index")[1], T("delta_A")[2*3+0], T("delta_Z")[2*3+0]; z != 0 || idx != 0 || dA == 0 || dZ != 0 {
		t.Errorf("cancel_zero: Z[2,0] = %v, argmax %v, δᴬ = %v, δᶻ = %v; want 0, 0, nonzero, 0", z, idx, dA, dZ)
	}
}

// refConfig is c's sizes as a core.Config, for writeTrace (the formatting
// is shared; the numbers are the reference's).
func refConfig(c *refCase) core.Config {
	return core.Config{C: c.C, H: c.H, W: c.W, K: c.K, F: c.F, M: c.M}
}

// TestTraceRandomAgainstReference checks trace against the reference on
// random cases of many shapes, the MNIST size among them.
func TestTraceRandomAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 1))
	sizes := [][6]int{{1, 28, 28, 5, 8, 10}, {3, 7, 6, 3, 2, 4}, {1, 2, 2, 1, 1, 2}, {2, 9, 5, 4, 3, 3}}
	for range 40 {
		K := 1 + r.IntN(4)
		sizes = append(sizes, [6]int{1 + r.IntN(3), K + 1 + r.IntN(8), K + 1 + r.IntN(8), K, 1 + r.IntN(4), 2 + r.IntN(5)})
	}
	for i, s := range sizes {
		var c *refCase
		for seed := uint64(i * 1000); ; seed++ {
			c = randomCase(s[0], s[1], s[2], s[3], s[4], s[5], seed, 0)
			if !nearKink(c, reference(c), 1e-6) {
				break
			}
		}
		out, errs, code := runTraceOn(caseJSON(c, ""))
		if code != 0 {
			t.Fatalf("case %d %v: exit %d: %s", i, s, code, errs)
		}
		checkTrace(t, fmt.Sprintf("case %d %v", i, s), c, out)
	}
}

// TestTraceRoundTrip: a trace fed back in gives the same trace (outputs
// in the input are recomputed), and extra top-level fields, such as a
// worksheet's title, are kept.
func TestTraceRoundTrip(t *testing.T) {
	in := caseJSON(tieZeroCase(), ",\n  \"title\": \"Worksheet 3: a tie\",\n  \"notes\": [1, {\"a\": true}]")
	first, errs, code := runTraceOn(in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(first, `"title": "Worksheet 3: a tie"`) || !strings.Contains(first, `"notes": [1,{"a":true}]`) {
		t.Errorf("the trace lost the case's extra fields:\n%s", first[len(first)-200:])
	}
	second, errs, code := runTraceOn([]byte(first))
	if code != 0 {
		t.Fatalf("trace of a trace: exit %d: %s", code, errs)
	}
	if second != first {
		t.Errorf("trace(trace(case)) differs from trace(case)")
	}
}

// TestTraceErrors: every bad input gets exactly one line on stderr naming
// the field, exit code 1, and nothing on stdout.
func TestTraceErrors(t *testing.T) {
	good := string(caseJSON(cancelZeroCase(), ""))
	sub := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("the case has no %q", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	const xData = `"data": [1, 1, 0, 2, 1, 1, 0, 0, 1, 1, 2, 0, 1, 1, 2, 3, 0, 1, 1, 1]`
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "", []string{"empty"}},
		{"spaces", "  \n ", []string{"empty"}},
		{"not JSON", "{config", []string{"not valid JSON"}},
		{"trailing garbage", good + "}", []string{"not valid JSON"}},
		{"array", "[1, 2]", []string{"the case is an array, want an object"}},
		{"null", "null", []string{"the case is null"}},
		{"no config", sub(`"config"`, `"konfig"`), []string{"config is missing"}},
		{"config null", sub(`{"C": 1, "H": 5, "W": 4, "K": 2, "F": 1, "M": 2}`, `null`), []string{"config is null"}},
		{"config size missing", sub(`"K": 2, `, ``), []string{"config.K is missing"}},
		{"config size a string", sub(`"K": 2`, `"K": "2"`), []string{`config.K is the string "2", want a number`}},
		{"config size fractional", sub(`"K": 2`, `"K": 2.5`), []string{"config.K = 2.5, want a whole number"}},
		{"config size huge", sub(`"K": 2`, `"K": 1e300`), []string{"config.K = 1e300 is far too large"}},
		{"config stride", sub(`"M": 2}`, `"M": 2, "stride": 2}`), []string{"config.stride is not a size"}},
		{"kernel too large", sub(`"K": 2`, `"K": 6`), []string{"K = 6"}},
		{"pool does not fit", sub(`"K": 2`, `"K": 4`), []string{"W = 4 with K = 4", "pool"}},
		{"one class", sub(`"M": 2`, `"M": 1`), []string{"M = 1"}},
		{"too large for trace", sub(`"F": 1`, `"F": 30000`), []string{"Z would have", "more than"}},
		{"overflowing sizes", sub(`"C": 1, "H": 5, "W": 4, "K": 2, "F": 1`, `"C": 3000000, "H": 3000000, "W": 3000000, "K": 1000000, "F": 3000000`), []string{"config"}},
		{"label missing", sub(`"label": 0,`, ``), []string{"label is missing"}},
		{"label out of range", sub(`"label": 0`, `"label": 2`), []string{"label = 2 is not a class: want 0 to 1"}},
		{"label negative", sub(`"label": 0`, `"label": -1`), []string{"label = -1"}},
		{"label a string", sub(`"label": 0`, `"label": "cat"`), []string{`label is the string "cat"`}},
		{"label fractional", sub(`"label": 0`, `"label": 0.5`), []string{"label = 0.5, want a whole number"}},
		{"tensors missing", `{"config": {"C": 1, "H": 5, "W": 4, "K": 2, "F": 1, "M": 2}, "label": 0}`, []string{"tensors is missing"}},
		{"unknown tensor", sub(`"U"`, `"V"`), []string{"tensors.V is not a tensor"}},
		{"tensor missing", sub(`"b": {"shape": [1], "data": [0]},`, ``), []string{"tensors.b is missing", "[1]"}},
		{"tensor null", sub(`"b": {"shape": [1], "data": [0]}`, `"b": null`), []string{"tensors.b is null"}},
		{"tensor an array", sub(`"b": {"shape": [1], "data": [0]}`, `"b": [0]`), []string{"tensors.b is an array, want an object"}},
		{"wrong shape", sub(`"shape": [1, 1, 2, 2]`, `"shape": [1, 1, 4]`), []string{"tensors.W.shape = [1, 1, 4], want [1, 1, 2, 2] (F×C×K×K)"}},
		{"transposed U", sub(`"shape": [2, 2]`, `"shape": [2, 2, 1]`), []string{"tensors.U.shape", "(M×N)"}},
		{"shape missing", sub(`"shape": [1], `, ``), []string{"tensors.b.shape is missing"}},
		{"shape of strings", sub(`"shape": [1]`, `"shape": ["1"]`), []string{`tensors.b.shape[0] is the string "1"`}},
		{"data missing", sub(`, "data": [0]`, ``), []string{"tensors.b.data is missing"}},
		{"too few values", sub(xData, `"data": [1, 1, 0]`), []string{"tensors.X.data has 3 values, want 20"}},
		{"null value", sub(`"data": [1.5, -2, -0.5, 1]`, `"data": [1.5, null, -0.5, 1]`), []string{"tensors.U.data[1] is null, want a number"}},
		{"NaN string", sub(`"data": [1.5, -2, -0.5, 1]`, `"data": [1.5, -2, "NaN", 1]`), []string{`tensors.U.data[2] is the string "NaN", want a number`}},
		{"bare NaN", sub(`"data": [1.5, -2, -0.5, 1]`, `"data": [1.5, -2, NaN, 1]`), []string{"not valid JSON"}},
		{"huge number", sub(`"data": [0.25, -0.25]`, `"data": [0.25, 1e999]`), []string{"tensors.c.data[1] = 1e999 is out of the range"}},
		{"nested data", sub(`"data": [0.25, -0.25]`, `"data": [[0.25], [-0.25]]`), []string{"tensors.c.data[0] is an array, want a number"}},
		{"boolean value", sub(`"data": [0.25, -0.25]`, `"data": [true, -0.25]`), []string{"tensors.c.data[0] is a boolean"}},
		{"tensor extra key", sub(`"data": [0.25, -0.25]`, `"data": [0.25, -0.25], "dtype": "f64"`), []string{"tensors.c.dtype is not part of a tensor"}},
		{"overflow", sub(xData, strings.Replace(xData, "[1, 1, 0, 2, 1, 1", "[1.7e308, -1.7e308, 0, 2, 1.7e308, -1.7e308", 1)), []string{"too large for float64"}},
		{"too many values", sub(xData, strings.Replace(xData, "[1, 1, 0", "[1, 1, 1, 1, 1, 1, 0", 1)), []string{"tensors.X.data has more than 20 values, want 20"}},
		{"long shape", sub(`"shape": [1, 5, 4]`, `"shape": [1, 5, 4, 1, 1, 1]`), []string{"tensors.X.shape has more than 4 entries, want [1, 5, 4] (C×H×W)"}},
		{"data before the config", `{"tensors": {"X": {"data": [` + strings.Repeat("0,", 1<<18) + `0]}}}`, []string{"tensors.X.data has more than 262144 values"}},
		{"shape before the config", `{"tensors": {"X": {"shape": [1, 1, 1, 1, 1]}}}`, []string{"tensors.X.shape has more than 4 entries"}},
		{"duplicate label", sub(`"label": 0,`, `"label": 1, "label": 0,`), []string{`the key "label" appears twice in the case`}},
		{"duplicate size", sub(`"K": 2`, `"K": 2, "K": 2`), []string{`the key "K" appears twice in config`}},
		{"duplicate tensor", sub(`"b": {"shape": [1], "data": [0]}`, `"b": {"shape": [1], "data": [0]}, "b": {"shape": [1], "data": [0]}`), []string{`the key "b" appears twice in tensors`}},
		{"duplicate shape", sub(`"shape": [1], `, `"shape": [1], "shape": [1], `), []string{`the key "shape" appears twice in tensors.b`}},
		{"duplicate by escape", sub(`"label": 0,`, `"label": 0, "l\u0061bel": 0,`), []string{`the key "label" appears twice`}},
		{"duplicate in a note", sub(`"label": 0,`, `"label": 0, "notes": [{"a": 1, "a": 2}],`), []string{`the key "a" appears twice in notes`}},
		{"duplicate in an output", sub(`"label": 0,`, `"label": 0, "L": {"a": 1, "a": 2},`), []string{`the key "a" appears twice in L`}},
		{"invalid UTF-8 in a note", sub(`"label": 0,`, "\"label\": 0, \"title\": \"caf\xe9\","), []string{"not valid UTF-8", "0xe9"}},
		{"invalid UTF-8 in a key", sub(`"label": 0,`, "\"label\": 0, \"t\xffitle\": 1,"), []string{"not valid UTF-8", "0xff"}},
		{"a surrogate in UTF-8", sub(`"label": 0,`, "\"label\": 0, \"t\": \"\xed\xa0\x80\","), []string{"not valid UTF-8"}},
		{"control character", sub(`"label": 0,`, "\"label\": 0, \"t\": \"a\tb\","), []string{"not valid JSON", "control character"}},
		{"too many extra fields", sub(`"label": 0,`, `"label": 0,`+extraFields(65)), []string{"f64 is one field too many: trace copies at most 64"}},
		{"extra field too large", sub(`"label": 0,`, `"label": 0, "notes": "`+strings.Repeat("x", 64<<10)+`",`), []string{"notes is larger than 64 KiB"}},
		{"too deep", sub(`"label": 0,`, `"label": 0, "n": `+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+`,`), []string{"nested more than 10000 deep"}},
		{"long unknown key", sub(`"M": 2}`, `"M": 2, "`+strings.Repeat("stride", 1000)+`": 1}`), []string{`config."stridestridestridestridestridest"… is not a size`}},
		{"long string value", sub(`"label": 0`, `"label": "`+strings.Repeat("cat", 1000)+`"`), []string{"label is a string, want a number"}},
		{"long number", sub(`"label": 0`, `"label": 0.`+strings.Repeat("5", 1000)), []string{"label = a number, want a whole number"}},
		{"larger than 64 MiB", sub(`"label": 0,`, `"label": 0, "L": [`+strings.Repeat("0,", 32<<20)+`0],`), []string{"the case is larger than 64 MiB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runTraceOn([]byte(tc.in))
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if strings.Count(errs, "\n") != 1 || !strings.HasSuffix(errs, "\n") || !strings.HasPrefix(errs, "backprop trace: ") {
				t.Errorf("stderr %q, want one line starting \"backprop trace: \"", errs)
			}
			if len(errs) > 400 {
				t.Errorf("stderr of %d bytes %.400q, want a line of at most 400", len(errs), errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q, want it to contain %q", errs, w)
				}
			}
		})
	}
}

// extraFields is n top-level fields "f00": 0, "f01": 0, …, each followed by a comma.
func extraFields(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "\"f%02d\": 0, ", i)
	}
	return b.String()
}

func TestTraceUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"trace", "case.json"}, strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), "backprop trace < case.json") {
		t.Errorf("trace case.json: exit %d, stderr %q; want 2 and a hint to use stdin", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"frobnicate"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), `unknown command "frobnicate"`) {
		t.Errorf("frobnicate: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run(nil, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage:") {
		t.Errorf("no command: exit %d, stderr %q", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"help"}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "-epochs") {
		t.Errorf("help: exit %d, stdout %q", code, out.String())
	}
}

func FuzzTrace(f *testing.F) {
	for _, c := range keptCases() {
		f.Add(caseJSON(c, ""))
	}
	f.Add([]byte(`{"config": {"C": 1, "H": 2, "W": 2, "K": 1, "F": 1, "M": 2}, "label": 1, "tensors": {"X": {"shape": [1, 2, 2], "data": [0, 1, 2, 3]}, "W": {"shape": [1, 1, 1, 1], "data": [1]}, "b": {"shape": [1], "data": [0]}, "U": {"shape": [2, 1], "data": [1, -1]}, "c": {"shape": [2], "data": [0, 0]}}}`))
	f.Add([]byte(`{"config": null}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, errs, code := runTraceOn(in)
		switch code {
		case 0:
			if errs != "" {
				t.Fatalf("exit 0 with stderr %q", errs)
			}
			var tr traceJSON
			if err := json.Unmarshal([]byte(out), &tr); err != nil {
				t.Fatalf("exit 0 but the trace is not JSON: %v", err)
			}
			if len(tr.Tensors) != 21 {
				t.Fatalf("exit 0 with %d tensors, want 21", len(tr.Tensors))
			}
		case 1:
			if out != "" || strings.Count(errs, "\n") != 1 || !strings.HasSuffix(errs, "\n") {
				t.Fatalf("exit 1 with stdout %q, stderr %q: want no stdout and one line", out, errs)
			}
		default:
			t.Fatalf("exit %d", code)
		}
	})
}
