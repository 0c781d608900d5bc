package lab

import "testing"

// The cell cursor walks a whole training step's panels by keys alone:
// Tab through every tensor in order, arrows within one, Esc out; with no
// cell selected ← and → are still the stage keys.
func TestCursorByKeys(t *testing.T) {
	l := newTestLab(t)
	keys := map[string]Command{}
	for _, b := range append(Bindings(), Aliases()...) {
		keys[b.Key] = b.Command
	}
	keys["Shift+Tab"] = Command{"cursor", "prev"} // the app's one chord (main's ShiftTab)
	press := func(k string) {
		t.Helper()
		c, ok := keys[k]
		if !ok {
			t.Fatalf("no key %s", k)
		}
		if err := l.Apply(c); err != nil {
			t.Fatalf("key %s (%v): %v", k, c, err)
		}
	}
	stage := l.Status().Stage
	press("ArrowRight")
	if got := l.Status().Stage; got != stage+1 {
		t.Fatalf("→ with no cell selected: stage %v, want %v", got, stage+1)
	}
	for i, name := range Tensors() {
		press("Tab")
		if got := l.Status().Selected.Tensor; got != name {
			t.Fatalf("Tab %d: selected %q, want %q", i+1, got, name)
		}
	}
	press("Tab")
	if got := l.Status().Selected; got.Tensor != "X" || got.Index != 14*28+14 {
		t.Errorf("Tab after the last panel: %v, want the middle of X, X.406", got)
	}
	press("Shift+Tab")
	if got := l.Status().Selected.Tensor; got != "dX" {
		t.Errorf("Shift+Tab from X: %q, want dX", got)
	}
	press("Tab") // X.406: row 14, column 14
	stage = l.Status().Stage
	for _, k := range []string{"ArrowRight", "ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "ArrowUp"} {
		press(k)
	}
	if got := l.Status().Selected; got != (Cell{"X", 13*28 + 15}) {
		t.Errorf("→ → ↓ ← ↑ ↑ from X[14,14]: %v, want X[13,15], X.%d", got, 13*28+15)
	}
	if l.Status().Stage != stage {
		t.Errorf("arrows with a cell selected moved the stage")
	}
	// At an edge the cursor stays.
	l.Apply(Command{"select", "X.0"})
	press("ArrowUp")
	press("ArrowLeft")
	if got := l.Status().Selected; got != (Cell{"X", 0}) {
		t.Errorf("↑ ← from X.0: %v, want X.0 kept", got)
	}
	press("Escape")
	if got := l.Status().Selected; got.Tensor != "" {
		t.Errorf("Esc: %v still selected", got)
	}
	press("ArrowLeft")
	if got := l.Status().Stage; got != stage-1 {
		t.Errorf("← after Esc: stage %v, want %v", got, stage-1)
	}
}

// A tap selects a cell; a second tap on it clears it, and so does a tap
// elsewhere.
func TestPickToggles(t *testing.T) {
	l := newTestLab(t)
	for _, c := range []struct {
		arg  string
		want Cell
	}{{"Z.300", Cell{"Z", 300}}, {"Z.300", Cell{}}, {"Z.300", Cell{"Z", 300}}, {"dW.3", Cell{"dW", 3}}, {"none", Cell{}}} {
		if err := l.Apply(Command{"pick", c.arg}); err != nil {
			t.Fatal(err)
		}
		if got := l.Status().Selected; got != c.want {
			t.Errorf("pick %s: selected %v, want %v", c.arg, got, c.want)
		}
	}
	if err := l.Apply(Command{"pick", "Z.99999"}); err == nil {
		t.Error("pick Z.99999: no error")
	}
}
