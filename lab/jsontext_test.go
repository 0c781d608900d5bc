package lab

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// jsonCases are arguments of the pad's commands, good and bad.
var jsonCases = []string{
	`[[[0.5, 0.2], [0.5, 0.8]]]`, ` [ [ [1e-1,2E+0] ] , [] ] `, `[]`, `null`, `[[null]]`, `[[[1,2,3]]]`,
	`[[["1", 2]]]`, `[[[1, 2]]`, `[[[1, 2]]],`, `[[[-0, 01]]]`, `[[[.5, 1.]]]`, `[[[1e999, 0]]]`, `{"a": [1]}`, `not json`, ``,
	`{"width":2,"height":2,"data":[1,2,3]}`, `{"Width":2,"HEIGHT":1,"data":"AP8="}`, `{"width":1,"height":1,"data":[256]}`,
	`{"width":1,"height":1,"data":[-1]}`, `{"width":1.5,"height":1,"data":[1]}`, `{"width":1,"height":1,"data":"@@"}`,
	`{"width":1,"height":1,"data":null,"note":"\u00e9\ud83d\ude00\n"}`, `{"width":1 "height":1}`, `{"width":1,}`, `[1,2]`,
	`{"width":3,"height":1,"data":[0,128,255],"extra":{"deep":[[[]]]}}`, `"\ud800"`, `{"w\"x":1}`, `true`, `[[[1, 2]]] x`,
}

// TestJSONReadsAsEncodingJSON: the pad's strokes and images are read as
// encoding/json reads them: the same values, and refused when it refuses.
func TestJSONReadsAsEncodingJSON(t *testing.T) {
	for _, s := range jsonCases {
		var want [][][]float64
		werr := json.Unmarshal([]byte(s), &want)
		got, err := jsonStrokes(s)
		if (err != nil) != (werr != nil) || err == nil && !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("jsonStrokes(%s) = %v, %v; encoding/json: %v, %v", s, got, err, want, werr)
		}
		var img struct {
			Width, Height int
			Data          []byte
		}
		werr = json.Unmarshal([]byte(s), &img)
		if werr == nil && !bytes.HasPrefix(bytes.TrimSpace([]byte(s)), []byte("{")) {
			continue // null, which leaves a struct alone: the pad refuses it for its size anyway
		}
		w, h, data, err := jsonImage(s)
		if (err != nil) != (werr != nil) || err == nil && (w != img.Width || h != img.Height || !bytes.Equal(data, img.Data)) {
			t.Errorf("jsonImage(%s) = %d, %d, %v, %v; encoding/json: %+v, %v", s, w, h, data, err, img, werr)
		}
	}
}

func FuzzJSONReadsAsEncodingJSON(f *testing.F) {
	for _, s := range jsonCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want any
		werr := json.Unmarshal([]byte(s), &want)
		got, err := jsonValue(s)
		if werr == nil && err != nil && len(s) < 1000 {
			t.Errorf("jsonValue(%q) = %v, encoding/json reads %v", s, err, want)
		}
		if err == nil && werr != nil {
			t.Errorf("jsonValue(%q) = %v, encoding/json refuses it: %v", s, got, werr)
		}
		if err == nil && werr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("jsonValue(%q) = %#v, encoding/json %#v", s, got, want)
		}
	})
}
