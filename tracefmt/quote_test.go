package tracefmt

import (
	"encoding/json"
	"testing"
)

// TestQuoteIsMarshal: quote writes a key as encoding/json's Marshal does,
// for the keys that backprop trace passes on from its input.
func TestQuoteIsMarshal(t *testing.T) {
	for _, s := range []string{"", "note", `a "quoted" \ key`, "tab\tnew\nline\r\x01\x1f", "<b>&</b>", "δˢ ∂L/∂X", "\u2028\u2029", "bad \xff utf-8 \xe2\x82", "😀"} {
		want, _ := json.Marshal(s)
		if got := quote(s); string(got) != string(want) {
			t.Errorf("quote(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzQuoteIsMarshal(f *testing.F) {
	f.Add("<&>\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := quote(s); string(got) != string(want) {
			t.Errorf("quote(%q) = %s, want %s", s, got, want)
		}
	})
}
