package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"backproplab/core"
	"backproplab/tracefmt"
)

// The limits of trace. Each is far above what a classroom case needs (the
// MNIST size with its weights is under 1 MB of JSON and its largest tensor,
// Z, has 4,608 values), and together they keep what trace holds in
// proportion to what it has read: a case is refused as soon as it passes
// one, so that any input is refused or traced in less than ten times its
// size plus 50 MB (TestTraceMemory).
const (
	// maxTraceInput bounds what trace reads from stdin.
	maxTraceInput = 64 << 20
	// maxTraceElems bounds every tensor of a traced case (core.MaxElems is
	// far larger). The network is sized by the config, not by the input:
	// a 3×3 input with 29,127 filters is 0.23 MB of JSON and gives a Z of
	// 262,143 values. At 2^20, the same case was 0.93 MB and held 132 MB.
	maxTraceElems = 1 << 18
	// maxShapeLen is the longest shape of the network's tensors: W, F×C×K×K.
	maxShapeLen = 4
	// maxExtraFields and maxExtraSize bound the fields of a case other than
	// config, label, tensors and L (a title, a note), which trace copies to
	// its output: at most 64, each at most 64 KiB as compact JSON, its
	// name included.
	maxExtraFields = 64
	maxExtraSize   = 64 << 10
	// maxDepth bounds nesting, as in encoding/json.
	maxDepth = 10000
	// maxErrLine bounds an error line. Values are quoted only when short
	// (describe, name); this catches anything else.
	maxErrLine = 300
)

// traceCase is a parsed, checked trace input.
type traceCase struct {
	cfg   core.Config
	label int
	in    map[string][]float64 // X, W, b, U, c
	extra map[string][]byte    // each field's value as compact JSON
}

// inputTensors are the tensors that a case must give, and outputTensors
// those that trace computes, in output order: the writer's lists, so that
// reader and writer cannot drift apart. A case may carry the outputs (a
// trace fed back in): they are recomputed.
var inputTensors, outputTensors = tracefmt.Inputs, tracefmt.Outputs

// A tensorShape is a tensor's shape and how it reads in the spec's sizes.
type tensorShape struct {
	dims []int
	desc string
}

// shapes gives each tensor's shape for cfg.
func shapes(cfg core.Config) map[string]tensorShape {
	F, C, H, W, K, M := cfg.F, cfg.C, cfg.H, cfg.W, cfg.K, cfg.M
	hz, wz, hp, wp, n := cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP(), cfg.N()
	type s = tensorShape
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
	if err := trace(stdin, stdout); err != nil {
		fmt.Fprintf(stderr, "backprop trace: %s\n", errLine(err.Error()))
		return 1
	}
	return 0
}

// errLine makes s one line of at most maxErrLine bytes.
func errLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxErrLine {
		return s
	}
	i := maxErrLine
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// trace reads a case from r and writes its trace to w. Nothing is written
// unless the case is read, checked and run without error.
func trace(r io.Reader, w io.Writer) error {
	tc, err := readCase(r)
	if err != nil {
		return err
	}
	vals, L, err := runCase(tc)
	if err != nil {
		return err
	}
	if err := writeTrace(w, tc.cfg, tc.label, vals, L, tc.extra); err != nil {
		return fmt.Errorf("writing the trace: %v", err)
	}
	return nil
}

// readCase reads a case and checks it: every field present and of the
// right type, sizes that make a network, every tensor of its shape, every
// value a finite number, the label a class, no key twice in an object,
// strings in UTF-8. Errors name the field, as "tensors.W.data[3]".
//
// It reads one value at a time and keeps only the five input tensors and
// the extra fields. A shape longer than maxShapeLen, data longer than its
// shape allows, an extra field past the limits are refused as soon as they
// are seen, before the rest is read.
func readCase(r io.Reader) (*traceCase, error) {
	s := &scanner{r: r, buf: make([]byte, 0, 64<<10)}
	s.space()
	if _, ok := s.peek(); !ok {
		if s.err != nil {
			return nil, s.err
		}
		return nil, errors.New(`the case is empty: want a JSON object {"config": …, "label": …, "tensors": …} on stdin`)
	}
	c := &caseReader{scanner: s, in: map[string]*tensorIn{}, extra: map[string][]byte{}}
	if err := c.top(); err != nil {
		return nil, err
	}
	s.space()
	if _, ok := s.peek(); ok || s.err != nil {
		return nil, s.unexpected("the end of the input after the case")
	}
	return c.finish()
}

// A caseReader reads a case's fields from its scanner as they come, and
// checks each as soon as what it depends on is known: the data's length
// against its shape, the shape against the config.
type caseReader struct {
	*scanner
	cfg                   *core.Config           // nil until the config is read
	sh                    map[string]tensorShape // shapes(*cfg)
	label                 int
	haveLabel, haveTensor bool
	in                    map[string]*tensorIn
	extra                 map[string][]byte
}

// tensorIn is an input tensor as read: its shape, its values, and the
// first value that is not a finite number (reported only if the count of
// values is right, as the count is the likelier mistake).
type tensorIn struct {
	shape               []int
	data                []float64
	haveShape, haveData bool
	bad                 error
}

func (c *caseReader) top() error {
	if err := c.is('{', "the case", "an object"); err != nil {
		return err
	}
	return c.object("the case", func(k string) error {
		switch k {
		case "config":
			return c.config()
		case "label":
			return c.readLabel()
		case "tensors":
			return c.tensors()
		case "L": // an earlier trace's output: recomputed
			return c.value("L")
		}
		return c.extraField(k) // a title or a note: copied to the output
	})
}

var sizeNames = []string{"C", "H", "W", "K", "F", "M"}

func (c *caseReader) config() error {
	if err := c.is('{', "config", "an object"); err != nil {
		return err
	}
	var size [6]int
	var have [6]bool
	err := c.object("config", func(k string) error {
		i := slices.Index(sizeNames, k)
		if i < 0 {
			return fmt.Errorf("config.%s is not a size of this network: want only C, H, W, K, F, M (stride 1, no padding, 2×2 pool)", name(k))
		}
		n, err := c.integer("config." + k)
		size[i], have[i] = n, true
		return err
	})
	if err != nil {
		return err
	}
	for i, k := range sizeNames {
		if !have[i] {
			return fmt.Errorf("config.%s is missing", k)
		}
	}
	cfg := core.Config{C: size[0], H: size[1], W: size[2], K: size[3], F: size[4], M: size[5]}
	if err := cfg.Validate(); err != nil {
		return err
	}
	sh := shapes(cfg)
	// Z first: Z ≥ N, so once Z fits, N (and U's shape) cannot have
	// overflowed.
	for _, name := range []string{"X", "W", "Z", "U"} {
		if n := product(sh[name].dims); n > maxTraceElems {
			return fmt.Errorf("config: %s would have %.0f elements (%s), more than the %d that trace writes", name, n, sh[name].desc, maxTraceElems)
		}
	}
	c.cfg, c.sh = &cfg, sh
	return nil
}

func (c *caseReader) readLabel() error {
	n, err := c.integer("label")
	if err != nil {
		return err
	}
	c.label, c.haveLabel = n, true
	return c.checkLabel()
}

// checkLabel checks the label against the config, once both are read.
func (c *caseReader) checkLabel() error {
	if c.cfg == nil || !c.haveLabel {
		return nil
	}
	if M := c.cfg.M; c.label < 0 || c.label >= M {
		return fmt.Errorf("label = %d is not a class: want 0 to %d (M = %d)", c.label, M-1, M)
	}
	return nil
}

func (c *caseReader) tensors() error {
	if err := c.is('{', "tensors", "an object"); err != nil {
		return err
	}
	c.haveTensor = true
	return c.object("tensors", func(k string) error {
		switch {
		case slices.Contains(inputTensors, k):
			return c.tensor(k)
		case slices.Contains(outputTensors, k):
			return c.value("tensors." + k) // recomputed
		}
		return fmt.Errorf("tensors.%s is not a tensor of this network: want X, W, b, U, c", name(k))
	})
}

// tensor reads {"shape": […], "data": […]}.
func (c *caseReader) tensor(tn string) error {
	field := "tensors." + tn
	if err := c.is('{', field, "an object"); err != nil {
		return err
	}
	t := &tensorIn{}
	c.in[tn] = t
	err := c.object(field, func(k string) error {
		switch k {
		case "shape":
			return c.shape(tn, t)
		case "data":
			return c.data(tn, t)
		}
		return fmt.Errorf("%s.%s is not part of a tensor: want only shape and data", field, name(k))
	})
	if err != nil {
		return err
	}
	return c.checkTensor(tn)
}

func (c *caseReader) shape(tn string, t *tensorIn) error {
	field := "tensors." + tn + ".shape"
	if err := c.is('[', field, "an array"); err != nil {
		return err
	}
	t.haveShape = true
	err := c.array(func(i int) error {
		if i == maxShapeLen {
			if c.cfg == nil {
				return fmt.Errorf("%s has more than %d entries: no tensor of this network has more", field, maxShapeLen)
			}
			return fmt.Errorf("%s has more than %d entries, want %s (%s)", field, maxShapeLen, jsonInts(c.sh[tn].dims), c.sh[tn].desc)
		}
		n, err := c.integer(fmt.Sprintf("%s[%d]", field, i))
		t.shape = append(t.shape, n)
		return err
	})
	if err != nil {
		return err
	}
	if c.cfg != nil && !slices.Equal(t.shape, c.sh[tn].dims) {
		return fmt.Errorf("%s = %s, want %s (%s)", field, jsonInts(t.shape), jsonInts(c.sh[tn].dims), c.sh[tn].desc)
	}
	return nil
}

// data reads a tensor's values, refusing one more than its shape allows:
// the shape given before it, else the config's, else maxTraceElems.
func (c *caseReader) data(tn string, t *tensorIn) error {
	field := "tensors." + tn + ".data"
	if err := c.is('[', field, "an array"); err != nil {
		return err
	}
	t.haveData = true
	max, why := maxTraceElems, fmt.Sprintf("more than the %d that trace writes", maxTraceElems)
	shape := t.shape
	if !t.haveShape && c.cfg != nil {
		shape = c.sh[tn].dims
	}
	if t.haveShape || c.cfg != nil {
		if n := product(shape); n >= 0 && n <= maxTraceElems {
			max, why = int(n), fmt.Sprintf("want %d (the product of its shape %s)", int(n), jsonInts(shape))
		}
	}
	return c.array(func(i int) error {
		if i == max {
			return fmt.Errorf("%s has more than %d values, %s", field, max, why)
		}
		num, other, err := c.scalar(field)
		if err != nil {
			return err
		}
		x, ok := finite(num)
		if !ok && t.bad == nil {
			_, t.bad = number(num, other, fmt.Sprintf("%s[%d]", field, i))
		}
		t.data = append(t.data, x)
		return nil
	})
}

// checkTensor checks an input tensor against the config, once both are read.
func (c *caseReader) checkTensor(tn string) error {
	t := c.in[tn]
	if c.cfg == nil || t == nil {
		return nil
	}
	field, want, desc := "tensors."+tn, c.sh[tn].dims, c.sh[tn].desc
	switch n := int(product(want)); {
	case !t.haveShape:
		return fmt.Errorf("%s.shape is missing: want %s (%s)", field, jsonInts(want), desc)
	case !slices.Equal(t.shape, want):
		return fmt.Errorf("%s.shape = %s, want %s (%s)", field, jsonInts(t.shape), jsonInts(want), desc)
	case !t.haveData:
		return fmt.Errorf("%s.data is missing: want %d values in row-major order", field, n)
	case len(t.data) != n:
		return fmt.Errorf("%s.data has %d values, want %d (the product of its shape %s)", field, len(t.data), n, jsonInts(want))
	}
	return t.bad
}

// extraField reads a field that trace copies to its output.
func (c *caseReader) extraField(k string) error {
	if len(c.extra) == maxExtraFields {
		return fmt.Errorf("%s is one field too many: trace copies at most %d fields besides config, label and tensors", name(k), maxExtraFields)
	}
	tooLarge := fmt.Errorf("%s is larger than %d KiB: trace copies fields of up to %d KiB", name(k), maxExtraSize>>10, maxExtraSize>>10)
	if len(k) > maxExtraSize {
		return tooLarge
	}
	d := &sink{max: maxExtraSize - len(k), over: tooLarge}
	c.dst = d
	err := c.value(name(k))
	c.dst = nil
	if err != nil {
		return err
	}
	c.extra[k] = d.b
	return nil
}

// finish checks what could not be checked as it was read: what is missing,
// and, if the config came last, the label and the tensors.
func (c *caseReader) finish() (*traceCase, error) {
	if c.cfg == nil {
		return nil, errors.New(`config is missing: want {"C":…, "H":…, "W":…, "K":…, "F":…, "M":…}`)
	}
	if !c.haveLabel {
		return nil, fmt.Errorf("label is missing: want the true class, 0 to %d", c.cfg.M-1)
	}
	if err := c.checkLabel(); err != nil {
		return nil, err
	}
	if !c.haveTensor {
		return nil, errors.New(`tensors is missing: want {"X": …, "W": …, "b": …, "U": …, "c": …}`)
	}
	tc := &traceCase{cfg: *c.cfg, label: c.label, in: map[string][]float64{}, extra: c.extra}
	for _, tn := range inputTensors {
		if c.in[tn] == nil {
			return nil, fmt.Errorf("tensors.%s is missing: want {\"shape\": %s, \"data\": […]} (%s)", tn, jsonInts(c.sh[tn].dims), c.sh[tn].desc)
		}
		if err := c.checkTensor(tn); err != nil {
			return nil, err
		}
		tc.in[tn] = c.in[tn].data
	}
	return tc, nil
}

// integer reads a value as an int, refusing fractions.
func (c *caseReader) integer(field string) (int, error) {
	num, other, err := c.scalar(field)
	if err != nil {
		return 0, err
	}
	v, err := number(num, other, field)
	if err != nil {
		return 0, err
	}
	if v != math.Trunc(v) {
		return 0, fmt.Errorf("%s = %s, want a whole number", field, describe(num))
	}
	if math.Abs(v) > 1<<31 {
		return 0, fmt.Errorf("%s = %s is far too large", field, describe(num))
	}
	return int(v), nil
}

// finite parses a JSON number's text as a finite float64; ok is false if
// num is nil (the value was not a number) or out of range.
func finite(num []byte) (v float64, ok bool) {
	if num == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(num), 64)
	return v, err == nil && !math.IsInf(v, 0) && !math.IsNaN(v)
}

// number is finite with the error a reader sees: num is a JSON number's
// text, or nil with other saying what the value was instead.
func number(num []byte, other, field string) (float64, error) {
	if num == nil {
		return 0, fmt.Errorf("%s is %s, want a number", field, other)
	}
	v, ok := finite(num)
	if !ok {
		return 0, fmt.Errorf("%s = %s is out of the range of float64 numbers", field, describe(num))
	}
	return v, nil
}

// describe names a JSON value's kind from its compact text, for errors:
// "a string", "null", …; short strings and numbers are quoted. raw may be
// cut after 31 bytes.
func describe(raw []byte) string {
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

// name shows a key in an error: as it is if short and plain, else quoted
// and cut to 32 bytes.
func name(k string) string {
	plain := len(k) <= 32 && k != ""
	for _, r := range k {
		plain = plain && unicode.IsPrint(r) && !unicode.IsSpace(r) && r != '"'
	}
	if plain {
		return k
	}
	if len(k) > 32 {
		i := 32
		for !utf8.RuneStart(k[i]) {
			i--
		}
		return strconv.Quote(k[:i]) + "…"
	}
	return strconv.Quote(k)
}

// quoteKey is name, always quoted.
func quoteKey(k string) string {
	if n := name(k); n != k {
		return n
	}
	return strconv.Quote(k)
}

// A scanner reads JSON (RFC 8259) from a stream a byte at a time and keeps
// only what its caller asks for: the text of a number or a key, and the
// compact text of what it reads into dst. It refuses invalid syntax,
// invalid UTF-8, a key given twice in an object, nesting past maxDepth and
// input past maxTraceInput. Its first such error sticks: it reads nothing
// more, and every later failure returns that error.
type scanner struct {
	r     io.Reader
	buf   []byte // buf[pos:] is read and not yet consumed
	pos   int
	off   int64 // bytes consumed before buf
	eof   bool
	err   error
	depth int
	tok   []byte // the last key or number read with keep
	dst   *sink  // where the compact text of what is read goes, if not nil
}

// A sink keeps the compact text of what a scanner reads, up to max bytes.
// Past max it drops the rest or, if over is set, stops the scanner with it.
type sink struct {
	b    []byte
	max  int
	over error
}

// peek returns the next byte without consuming it; ok is false at the end
// of the input and after an error.
func (s *scanner) peek() (c byte, ok bool) {
	for s.pos == len(s.buf) {
		if s.err != nil || s.eof {
			return 0, false
		}
		s.off += int64(len(s.buf))
		n, err := s.r.Read(s.buf[:cap(s.buf)])
		s.buf, s.pos = s.buf[:n], 0
		switch {
		case s.off+int64(n) > maxTraceInput:
			s.err = fmt.Errorf("the case is larger than %d MiB", maxTraceInput>>20)
		case err == io.EOF:
			s.eof = true
		case err != nil:
			s.err = fmt.Errorf("reading the case: %v", err)
		}
	}
	if s.err != nil {
		return 0, false
	}
	return s.buf[s.pos], true
}

// take consumes the byte c that peek returned and gives it to dst.
func (s *scanner) take(c byte) {
	s.pos++
	s.emit(c)
}

// emit gives c to dst.
func (s *scanner) emit(c byte) {
	if d := s.dst; d != nil {
		if len(d.b) < d.max {
			d.b = append(d.b, c)
		} else if d.over != nil && s.err == nil {
			s.err = d.over
		}
	}
}

// space skips whitespace.
func (s *scanner) space() {
	for {
		c, ok := s.peek()
		if !ok || c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return
		}
		s.pos++
	}
}

// unexpected fails at the next byte, which is not what the syntax wants there.
func (s *scanner) unexpected(want string) error {
	if s.err != nil {
		return s.err
	}
	at := s.off + int64(s.pos) + 1
	found := "the end of the input"
	if c, ok := s.peek(); ok {
		found = quoteChar(c)
	}
	s.err = fmt.Errorf("the case is not valid JSON: found %s, want %s (at byte %d)", found, want, at)
	return s.err
}

func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c >= 0x20 && c < 0x7f:
		return "'" + string(c) + "'"
	}
	return fmt.Sprintf("the byte 0x%02x", c)
}

// is returns nil if the next value starts with c; otherwise it reads the
// value and says what it is: "config is null, want an object".
func (s *scanner) is(c byte, field, want string) error {
	d, ok := s.peek()
	if !ok {
		return s.unexpected("a value")
	}
	if d == c {
		return nil
	}
	k := &sink{max: 31}
	s.dst = k
	err := s.value(field)
	s.dst = nil
	if err != nil {
		return err
	}
	return fmt.Errorf("%s is %s, want %s", field, describe(k.b), want)
}

// scalar reads a value that should be a number: num is its text if it is
// one; otherwise num is nil and other says what the value is instead. err
// is a syntax error. in names the value's container, for errors.
func (s *scanner) scalar(in string) (num []byte, other string, err error) {
	if c, ok := s.peek(); ok && (c == '-' || '0' <= c && c <= '9') {
		err = s.number(true)
		return s.tok, "", err
	}
	k := &sink{max: 31}
	s.dst = k
	err = s.value(in)
	s.dst = nil
	return nil, describe(k.b), err
}

// value reads any value. in names the value, for errors.
func (s *scanner) value(in string) error {
	c, ok := s.peek()
	switch {
	case !ok:
	case c == '{':
		return s.object(in, func(string) error { return s.value(in) })
	case c == '[':
		return s.array(func(int) error { return s.value(in) })
	case c == '"':
		_, err := s.str(false)
		return err
	case c == '-' || '0' <= c && c <= '9':
		return s.number(false)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.unexpected("a value")
}

// object reads an object, calling f on each key with the scanner at its
// value, which f must read. in names the object in errors.
func (s *scanner) object(in string, f func(key string) error) error {
	if err := s.open('{'); err != nil {
		return err
	}
	var seen map[string]struct{}
	if c, ok := s.peek(); ok && c == '}' {
		return s.close('}')
	}
	for {
		if c, ok := s.peek(); !ok || c != '"' {
			return s.unexpected("a key in double quotes")
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if seen == nil {
			seen = map[string]struct{}{}
		}
		if _, dup := seen[key]; dup {
			return fmt.Errorf("the key %s appears twice in %s: each key may appear only once in an object", quoteKey(key), in)
		}
		seen[key] = struct{}{}
		s.space()
		if c, ok := s.peek(); !ok || c != ':' {
			return s.unexpected("':' after a key")
		}
		s.take(':')
		s.space()
		if err := f(key); err != nil {
			return err
		}
		if more, err := s.more('}'); !more {
			return err
		}
	}
}

// array reads an array, calling f on each element's index with the
// scanner at the element, which f must read.
func (s *scanner) array(f func(i int) error) error {
	if err := s.open('['); err != nil {
		return err
	}
	if c, ok := s.peek(); ok && c == ']' {
		return s.close(']')
	}
	for i := 0; ; i++ {
		if err := f(i); err != nil {
			return err
		}
		if more, err := s.more(']'); !more {
			return err
		}
	}
}

// more reads what follows an element of an object or array: a ',' and
// another element (true), or the closing c (false, with any error).
func (s *scanner) more(c byte) (bool, error) {
	s.space()
	switch next, _ := s.peek(); next {
	case ',':
		s.take(',')
		s.space()
		return true, nil
	case c:
		return false, s.close(c)
	}
	return false, s.unexpected("',' or '" + string(c) + "'")
}

func (s *scanner) open(c byte) error {
	if s.depth++; s.depth > maxDepth {
		if s.err == nil {
			s.err = fmt.Errorf("the case is nested more than %d deep (at byte %d)", maxDepth, s.off+int64(s.pos)+1)
		}
		return s.err
	}
	s.take(c)
	s.space()
	return s.err
}

func (s *scanner) close(c byte) error {
	s.depth--
	s.take(c)
	return s.err
}

// key reads an object's key and returns it unescaped.
func (s *scanner) key() (string, error) {
	escaped, err := s.str(true)
	if err != nil {
		return "", err
	}
	raw := s.tok
	if !escaped {
		return string(raw[1 : len(raw)-1]), nil
	}
	var k string
	if err := json.Unmarshal(raw, &k); err != nil { // cannot fail: str checked it
		return "", fmt.Errorf("the case is not valid JSON: %v", err)
	}
	return k, nil
}

// str reads a string, checking its escapes and its UTF-8; with keep, its
// text, quotes included, is left in tok. escaped reports a backslash.
func (s *scanner) str(keep bool) (escaped bool, err error) {
	if keep {
		s.tok = s.tok[:0]
	}
	out := func(c byte) {
		s.emit(c)
		if keep {
			s.tok = append(s.tok, c)
		}
	}
	put := func(c byte) { s.pos++; out(c) }
	put('"')
	for {
		c, ok := s.peek()
		switch {
		case !ok:
			return escaped, s.unexpected("the rest of a string and its closing '\"'")
		case c == '"':
			put(c)
			return escaped, s.err
		case c < 0x20:
			return escaped, s.unexpected("a character other than a control character in a string (escape it)")
		case c == '\\':
			escaped = true
			put(c)
			e, ok := s.peek()
			if !ok || !strings.ContainsRune(`"\/bfnrtu`, rune(e)) {
				return escaped, s.unexpected(`one of "\/bfnrtu after a backslash in a string`)
			}
			put(e)
			if e != 'u' {
				continue
			}
			for range 4 {
				h, ok := s.peek()
				if !ok || !strings.ContainsRune("0123456789abcdefABCDEF", rune(h)) {
					return escaped, s.unexpected(`a hexadecimal digit in a \u escape`)
				}
				put(h)
			}
		case c < utf8.RuneSelf:
			put(c)
		default:
			if err := s.utf8Seq(out); err != nil {
				return escaped, err
			}
		}
	}
}

// utf8Seq reads one multi-byte UTF-8 character of a string and gives its
// bytes to out.
func (s *scanner) utf8Seq(out func(byte)) error {
	at := s.off + int64(s.pos) + 1
	var r [utf8.UTFMax]byte
	r[0], _ = s.peek()
	s.pos++
	n := 1
	for n < len(r) && !utf8.FullRune(r[:n]) {
		c, ok := s.peek()
		if !ok || c&0xC0 != 0x80 { // not a continuation byte
			break
		}
		s.pos++
		r[n] = c
		n++
	}
	if s.err != nil {
		return s.err
	}
	if c, size := utf8.DecodeRune(r[:n]); c == utf8.RuneError && size <= 1 || size != n {
		s.err = fmt.Errorf("the case is not valid UTF-8: a string holds the byte 0x%02x, which begins no character here (at byte %d)", r[0], at)
		return s.err
	}
	for _, c := range r[:n] {
		out(c)
	}
	return nil
}

// number reads a number; with keep, its text is left in tok.
func (s *scanner) number(keep bool) error {
	if keep {
		s.tok = s.tok[:0]
	}
	c, _ := s.peek()
	put := func() {
		s.take(c)
		if keep {
			s.tok = append(s.tok, c)
		}
		c, _ = s.peek()
	}
	digits := func(what string) error {
		if c < '0' || c > '9' {
			return s.unexpected(what)
		}
		for c >= '0' && c <= '9' && s.err == nil {
			put()
		}
		return s.err
	}
	if c == '-' {
		put()
	}
	if c == '0' {
		put()
	} else if err := digits("a digit in a number"); err != nil {
		return err
	}
	if c == '.' {
		put()
		if err := digits("a digit after a number's decimal point"); err != nil {
			return err
		}
	}
	if c == 'e' || c == 'E' {
		put()
		if c == '+' || c == '-' {
			put()
		}
		if err := digits("a digit in a number's exponent"); err != nil {
			return err
		}
	}
	return s.err
}

// literal reads true, false or null.
func (s *scanner) literal(word string) error {
	for i := range len(word) {
		if c, ok := s.peek(); !ok || c != word[i] {
			return s.unexpected(fmt.Sprintf("%q in the literal %s", word[i], word))
		}
		s.take(word[i])
	}
	return s.err
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

// runCase runs one forward and backward pass (no update) and returns every
// tensor by name, and L: tracefmt.Step, the step that the page's trace()
// takes too.
func runCase(tc *traceCase) (map[string][]float64, float64, error) {
	cfg := tc.cfg
	p := core.NewParams(cfg)
	copy(p.W.Data, tc.in["W"])
	copy(p.B.Data, tc.in["b"])
	copy(p.U.Data, tc.in["U"])
	copy(p.C.Data, tc.in["c"])
	vals, L, err := tracefmt.Step(cfg, &p, tc.in["X"], tc.label)
	if err != nil {
		return nil, 0, err
	}
	sh := shapes(cfg)
	names := append(slices.Clone(inputTensors), outputTensors...)
	for _, name := range names {
		for i, v := range vals[name] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, 0, fmt.Errorf("tensors.%s.data[%d] = %v: the case's values are too large for float64 arithmetic", name, i, v)
			}
		}
		if len(vals[name]) != int(product(sh[name].dims)) {
			return nil, 0, fmt.Errorf("internal error: %s has %d values, want %v", name, len(vals[name]), sh[name].dims)
		}
	}
	if math.IsNaN(L) || math.IsInf(L, 0) {
		return nil, 0, fmt.Errorf("L = %v: the case's values are too large for float64 arithmetic", L)
	}
	return vals, L, nil
}

// writeTrace writes a trace to w with tracefmt.Write, the writer that the
// page's trace() and export use too.
func writeTrace(w io.Writer, cfg core.Config, label int, vals map[string][]float64, L float64, extra map[string][]byte) error {
	return tracefmt.Write(w, cfg, label, vals, L, extra)
}

// appendNumber writes v as encoding/json does (tracefmt.AppendNumber).
func appendNumber(b []byte, v float64) []byte { return tracefmt.AppendNumber(b, v) }
