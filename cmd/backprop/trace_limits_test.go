package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTraceMemory runs trace on hostile cases of up to 64 MB, the inputs of
// issue 13, and checks that it allocates less than ten times the case's
// size plus 50 MB. runtime.MemStats.TotalAlloc counts every byte allocated
// during the run, garbage included, so it bounds the peak of the heap from
// above; the case itself is built before the count starts.
func TestTraceMemory(t *testing.T) {
	good := string(caseJSON(cancelZeroCase(), ""))
	const xShape, xData = `"shape": [1, 5, 4]`, `"data": [1, 1, 0, 2, 1, 1, 0, 0, 1, 1, 2, 0, 1, 1, 2, 3, 0, 1, 1, 1]`
	keys := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `,"k%07d":0`, i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		in   func() string
		code int
	}{
		{"X.shape with 33.5 million entries", func() string {
			return strings.Replace(good, xShape, `"shape": [`+strings.Repeat("1,", 33_500_000-1)+"1]", 1)
		}, 1},
		{"X.data with 33.5 million values", func() string {
			return strings.Replace(good, xData, `"data": [`+strings.Repeat("0,", 33_500_000-1)+"0]", 1)
		}, 1},
		{"4.45 million extra fields", func() string {
			return string(caseJSON(cancelZeroCase(), keys(4_450_000)))
		}, 1},
		// Trace skips L but checks its keys.
		{"4.45 million keys in L", func() string {
			return string(caseJSON(cancelZeroCase(), `, "L": {"a": 0`+keys(4_450_000)+"}"))
		}, 0},
		// The network is sized by the config: this one is the largest that
		// trace accepts for the least input.
		{"Z of maxTraceElems values from a 3×3 input", func() string {
			return wideCase(maxTraceElems / 9)
		}, 0},
	} {
		in := []byte(tc.in())
		var errb bytes.Buffer
		code := -1
		alloc := allocated(func() { code = run([]string{"trace"}, bytes.NewReader(in), io.Discard, &errb) })
		limit := 10*uint64(len(in)) + 50<<20
		t.Logf("%s: %.1f MB in, %.1f MB allocated", tc.name, float64(len(in))/1e6, float64(alloc)/1e6)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d (stderr %.200q)", tc.name, code, tc.code, errb.String())
		}
		if alloc > limit {
			t.Errorf("%s: %.1f MB in, %.1f MB allocated, want at most ten times the input plus 50 MB (%.1f MB)", tc.name, float64(len(in))/1e6, float64(alloc)/1e6, float64(limit)/1e6)
		}
		if n := errb.Len(); n > maxErrLine+len("backprop trace: …\n") {
			t.Errorf("%s: an error line of %d bytes, want at most %d", tc.name, n, maxErrLine)
		}
	}
}

// allocated returns the bytes that f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// wideCase is a 3×3 input with F filters of size 1 and every value 0: Z is
// F×3×3, the most values for the fewest bytes of input (P is F×1×1, N = F).
func wideCase(F int) string {
	zeros := func(n int) string { return strings.TrimSuffix(strings.Repeat("0,", n), ",") }
	return fmt.Sprintf(`{"config": {"C": 1, "H": 3, "W": 3, "K": 1, "F": %d, "M": 2}, "label": 0, "tensors": {`+
		`"X": {"shape": [1, 3, 3], "data": [%s]}, "W": {"shape": [%d, 1, 1, 1], "data": [%s]}, `+
		`"b": {"shape": [%d], "data": [%s]}, "U": {"shape": [2, %d], "data": [%s]}, "c": {"shape": [2], "data": [0, 0]}}}`,
		F, zeros(9), F, zeros(F), F, zeros(F), F, zeros(2*F))
}

// TestTraceWideCase: the widest case that trace accepts is traced, and one
// more filter is refused by its config.
func TestTraceWideCase(t *testing.T) {
	F := maxTraceElems / 9
	out, errs, code := runTraceOn([]byte(wideCase(F)))
	if code != 0 {
		t.Fatalf("F = %d: exit %d: %s", F, code, errs)
	}
	var tr traceJSON
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	if got := len(tr.Tensors["Z"].Data); got != 9*F {
		t.Errorf("F = %d: Z has %d values, want %d", F, got, 9*F)
	}
	if _, errs, code := runTraceOn([]byte(wideCase(F + 1))); code != 1 || !strings.Contains(errs, "Z would have") {
		t.Errorf("F = %d: exit %d, stderr %q; want Z refused as too large", F+1, code, errs)
	}
}

// FuzzTraceScanner checks trace's JSON scanner against encoding/json: it
// accepts exactly the JSON texts that are valid, in UTF-8, and without a
// key twice in any object, and what it copies is json.Compact's text. Its
// buffer is 7 bytes, so that characters and tokens straddle refills.
func FuzzTraceScanner(f *testing.F) {
	for _, c := range keptCases() {
		f.Add(caseJSON(c, ",\n  \"title\": \"Worksheet 3: été\""))
	}
	for _, s := range []string{
		`{"a": 1, "a": 2}`, `{"a": 1, "\u0061": 2}`, `{"x": [1, {"b": true, "c": null, "b": 0}]}`,
		`{"\ud800": 1, "\udfff": 2}`, "\"\xff\"", "\"\xe2\x82\"", "\"\u00e9\xc3\xa9\"", `[1e5, -0.0, 0.5E-3, "x\n\t\\\/"]`,
		`{"k": {"k": {}}, "l": []}`, `01`, `1.`, `-`, `[1,]`, `{"a" 1}`, `  "\u12G4"  `, "[" + strings.Repeat("[", 10000) + strings.Repeat("]", 10001),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s := &scanner{r: bytes.NewReader(in), buf: make([]byte, 0, 7)}
		d := &sink{max: len(in)}
		s.dst = d
		s.space()
		err := s.value("the input")
		s.dst = nil
		if err == nil {
			s.space()
			if _, ok := s.peek(); ok || s.err != nil {
				err = s.unexpected("the end of the input")
			}
		}
		valid := json.Valid(in) && utf8.Valid(in) && !dupKeys(in)
		if (err == nil) != valid {
			t.Fatalf("scanner error %v; valid JSON in UTF-8 with no key twice: %v", err, valid)
		}
		if err != nil {
			if line := errLine(err.Error()); len(line) > maxErrLine+len("…") {
				t.Fatalf("an error line of %d bytes: %q", len(line), line)
			}
			return
		}
		var want bytes.Buffer
		if err := json.Compact(&want, in); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.b, want.Bytes()) {
			t.Fatalf("copied %q, want json.Compact's %q", d.b, want.Bytes())
		}
	})
}

// dupKeys reports whether a valid JSON text has a key twice in one object,
// the keys compared as encoding/json decodes them.
func dupKeys(in []byte) bool {
	type level struct {
		keys    map[string]bool // nil in an array
		wantKey bool
	}
	var stack []level
	dec := json.NewDecoder(bytes.NewReader(in))
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, level{keys: map[string]bool{}, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].keys != nil && stack[n-1].wantKey {
			k := tok.(string)
			if stack[n-1].keys[k] {
				return true
			}
			stack[n-1].keys[k] = true
			stack[n-1].wantKey = false
			continue
		}
		valueDone()
	}
}
