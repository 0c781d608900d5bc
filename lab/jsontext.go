package lab

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The little JSON the pad's commands take (strokes and images), read
// without encoding/json: the page's first download is smaller by the
// package and the reflection it brings (some 95 KB gzipped). jsonValue
// reads standard JSON (RFC 8259) into float64, string, bool, nil, []any
// and map[string]any, as encoding/json does into an any.

// maxJSONDepth bounds nesting, so that a hostile argument cannot exhaust
// the stack.
const maxJSONDepth = 32

var errJSON = errors.New("not JSON")

type jsonReader struct {
	s string
	i int
}

// jsonValue parses s, which must hold exactly one JSON value.
func jsonValue(s string) (any, error) {
	r := &jsonReader{s: s}
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	if r.space(); r.i != len(r.s) {
		return nil, errJSON
	}
	return v, nil
}

func (r *jsonReader) space() {
	for r.i < len(r.s) && strings.IndexByte(" \t\r\n", r.s[r.i]) >= 0 {
		r.i++
	}
}

func (r *jsonReader) value(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, errJSON
	}
	r.space()
	if r.i == len(r.s) {
		return nil, errJSON
	}
	switch c := r.s[r.i]; {
	case c == '[':
		r.i++
		out := []any{}
		if r.space(); r.i < len(r.s) && r.s[r.i] == ']' {
			r.i++
			return out, nil
		}
		for {
			v, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			if r.space(); r.i == len(r.s) {
				return nil, errJSON
			}
			r.i++
			switch r.s[r.i-1] {
			case ',':
			case ']':
				return out, nil
			default:
				return nil, errJSON
			}
		}
	case c == '{':
		r.i++
		out := map[string]any{}
		if r.space(); r.i < len(r.s) && r.s[r.i] == '}' {
			r.i++
			return out, nil
		}
		for {
			if r.space(); r.i == len(r.s) || r.s[r.i] != '"' {
				return nil, errJSON
			}
			k, err := r.str()
			if err != nil {
				return nil, err
			}
			if r.space(); r.i == len(r.s) || r.s[r.i] != ':' {
				return nil, errJSON
			}
			r.i++
			v, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out[k] = v
			if r.space(); r.i == len(r.s) {
				return nil, errJSON
			}
			r.i++
			switch r.s[r.i-1] {
			case ',':
			case '}':
				return out, nil
			default:
				return nil, errJSON
			}
		}
	case c == '"':
		return r.str()
	case strings.HasPrefix(r.s[r.i:], "true"):
		r.i += 4
		return true, nil
	case strings.HasPrefix(r.s[r.i:], "false"):
		r.i += 5
		return false, nil
	case strings.HasPrefix(r.s[r.i:], "null"):
		r.i += 4
		return nil, nil
	default:
		return r.number()
	}
}

// number reads JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *jsonReader) number() (any, error) {
	start := r.i
	digits := func() int {
		n := 0
		for r.i < len(r.s) && r.s[r.i] >= '0' && r.s[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	if r.i < len(r.s) && r.s[r.i] == '-' {
		r.i++
	}
	if r.i < len(r.s) && r.s[r.i] == '0' {
		r.i++
	} else if digits() == 0 {
		return nil, errJSON
	}
	if r.i < len(r.s) && r.s[r.i] == '.' {
		r.i++
		if digits() == 0 {
			return nil, errJSON
		}
	}
	if r.i < len(r.s) && (r.s[r.i] == 'e' || r.s[r.i] == 'E') {
		r.i++
		if r.i < len(r.s) && (r.s[r.i] == '+' || r.s[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			return nil, errJSON
		}
	}
	f, err := strconv.ParseFloat(r.s[start:r.i], 64)
	if err != nil {
		return nil, errJSON // out of float64's range, as encoding/json refuses it
	}
	return f, nil
}

// str reads a string from its opening quote.
func (r *jsonReader) str() (string, error) {
	r.i++
	var b strings.Builder
	for r.i < len(r.s) {
		c := r.s[r.i]
		switch {
		case c == '"':
			r.i++
			return b.String(), nil
		case c < 0x20:
			return "", errJSON
		case c == '\\':
			if r.i+1 == len(r.s) {
				return "", errJSON
			}
			e := r.s[r.i+1]
			r.i += 2
			if k := strings.IndexByte(`"\/bfnrt`, e); k >= 0 {
				b.WriteByte("\"\\/\b\f\n\r\t"[k])
				continue
			}
			if e != 'u' || r.i+4 > len(r.s) {
				return "", errJSON
			}
			u, err := strconv.ParseUint(r.s[r.i:r.i+4], 16, 16)
			if err != nil {
				return "", errJSON
			}
			r.i += 4
			if u >= 0xd800 && u < 0xdc00 && strings.HasPrefix(r.s[r.i:], `\u`) && r.i+6 <= len(r.s) {
				if lo, err := strconv.ParseUint(r.s[r.i+2:r.i+6], 16, 16); err == nil && lo >= 0xdc00 && lo < 0xe000 {
					r.i += 6
					b.WriteRune(rune((u-0xd800)<<10|(lo-0xdc00)) + 0x10000)
					continue
				}
			}
			if u >= 0xd800 && u < 0xe000 {
				u = utf8.RuneError
			}
			b.WriteRune(rune(u))
		case c >= utf8.RuneSelf:
			ru, n := utf8.DecodeRuneInString(r.s[r.i:])
			if ru == utf8.RuneError && n == 1 {
				b.WriteRune(utf8.RuneError) // as encoding/json reads invalid UTF-8
			} else {
				b.WriteString(r.s[r.i : r.i+n])
			}
			r.i += n
		default:
			b.WriteByte(c)
			r.i++
		}
	}
	return "", errJSON
}

// jsonStrokes reads strokes, [[[x, y], …], …], as encoding/json reads them
// into [][][]float64 (null for an empty array).
func jsonStrokes(s string) ([][][]float64, error) {
	v, err := jsonValue(s)
	if err != nil {
		return nil, err
	}
	strokes, ok := v.([]any)
	if !ok && v != nil {
		return nil, errJSON
	}
	out := make([][][]float64, len(strokes))
	for i, st := range strokes {
		pts, ok := st.([]any)
		if !ok && st != nil {
			return nil, errJSON
		}
		if pts != nil {
			out[i] = make([][]float64, len(pts))
		}
		for j, pt := range pts {
			xy, ok := pt.([]any)
			if !ok && pt != nil {
				return nil, errJSON
			}
			if xy != nil {
				out[i][j] = make([]float64, len(xy))
			}
			for k, c := range xy {
				if out[i][j][k], ok = c.(float64); !ok {
					return nil, errJSON
				}
			}
		}
	}
	return out, nil
}

// jsonImage reads {"width": w, "height": h, "data": …} as encoding/json
// reads it into a struct {Width, Height int; Data []byte}: keys matched
// without regard to case, others ignored; data an array of numbers 0 to
// 255, or base64.
func jsonImage(s string) (w, h int, data []byte, err error) {
	v, err := jsonValue(s)
	if err != nil {
		return 0, 0, nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return 0, 0, nil, errJSON
	}
	whole := func(v any) (int, bool) {
		f, ok := v.(float64)
		return int(f), ok && f == float64(int(f))
	}
	for k, v := range obj {
		switch strings.ToLower(k) {
		case "width":
			if w, ok = whole(v); !ok {
				return 0, 0, nil, errJSON
			}
		case "height":
			if h, ok = whole(v); !ok {
				return 0, 0, nil, errJSON
			}
		case "data":
			switch d := v.(type) {
			case string:
				if data, err = base64.StdEncoding.DecodeString(d); err != nil {
					return 0, 0, nil, errJSON
				}
			case []any:
				data = make([]byte, len(d))
				for i, x := range d {
					n, ok := whole(x)
					if !ok || n < 0 || n > 255 {
						return 0, 0, nil, errJSON
					}
					data[i] = byte(n)
				}
			case nil:
			default:
				return 0, 0, nil, errJSON
			}
		}
	}
	return w, h, data, nil
}
