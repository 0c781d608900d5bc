package viz

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"backproplab/core"
	"backproplab/lab"
)

func num4(x float64) string { return string(appendNum(nil, x, 4)) }

func lines(s string) []string { return strings.Split(s, "\n") }

func TestExplainZUsesTheStepsParameters(t *testing.T) {
	l := newTestLab(t)
	l.Apply(lab.Do("step"))
	l.Apply(lab.Do("step")) // after the update: Net.Params are not those Z used
	v := NewView(core.MNIST)
	a := &l.Net().Act
	for _, i := range []int{0, 300, 2000, 4607} {
		got := lines(v.Explain(Cell{QuantityZ, i}, l))
		if len(got) != 3 {
			t.Fatalf("Explain(Z[%d]) = %q, want 3 lines", i, got)
		}
		if !strings.HasSuffix(got[0], "= "+num4(a.Z.Data[i])) {
			t.Errorf("Explain(Z[%d]) line 1 = %q, want it to end with Z's value %s", i, got[0], num4(a.Z.Data[i]))
		}
		if !strings.Contains(got[1], "Σc,i,j W[") {
			t.Errorf("Explain(Z[%d]) line 2 = %q, want the sum", i, got[1])
		}
		// The formula's result, recomputed from the step's own parameters,
		// is Z itself.
		if !strings.HasSuffix(got[2], ") = "+num4(a.Z.Data[i])) {
			t.Errorf("Explain(Z[%d]) line 3 = %q, want it to end with %s", i, got[2], num4(a.Z.Data[i]))
		}
	}
}

// TestExplainSumsAddUp: the tooltips of s, δᴾ and ∂L/∂b show sums whose
// numbers give the cell: s[i]'s products plus c[i] (the step's own U and
// c), δᴾ's true-class term δˢ[label]·U[label,k], and the count of δᶻ that
// are not 0 in ∂L/∂b's sum.
func TestExplainSumsAddUp(t *testing.T) {
	l := newTestLab(t)
	l.Apply(lab.Do("step"))
	l.Apply(lab.Do("step"))
	v := NewView(core.MNIST)
	cfg := l.Config()
	a, g, pb := &l.Net().Act, &l.Net().Grad, l.Before()
	N, HZ, WZ := cfg.N(), cfg.HZ(), cfg.WZ()
	for i := range a.S.Data {
		got := lines(v.Explain(Cell{QuantityS, i}, l))
		var sum float64
		for k := 0; k < N; k++ {
			sum += pb.U.Data[i*N+k] * a.P.Data[k]
		}
		want := " = " + num4(sum) + " + (" + num4(pb.C.Data[i]) + ")"
		if len(got) != 2 || !strings.HasSuffix(got[1], want) {
			t.Errorf("Explain(s[%d]) = %q, want line 2 to end with %q", i, got, want)
		}
	}
	lbl := l.Status().Label
	for _, k := range []int{0, 500, N - 1} {
		got := v.Explain(Cell{QuantityDeltaP, k}, l)
		want := "(the true class's term: " + num4(g.DeltaS.Data[lbl]) + " · " + num4(pb.U.Data[lbl*N+k]) + ")"
		if !strings.Contains(got, want) {
			t.Errorf("Explain(δᴾ[%d]) = %q, want it to contain %q", k, got, want)
		}
	}
	for f := 0; f < cfg.F; f++ {
		nz := 0
		for _, d := range g.DeltaZ.Data[f*HZ*WZ : (f+1)*HZ*WZ] {
			if d != 0 {
				nz++
			}
		}
		got := v.Explain(Cell{QuantityDb, f}, l)
		want := "(" + strconv.Itoa(nz) + " of " + strconv.Itoa(HZ*WZ) + " are not 0)"
		if !strings.Contains(got, want) {
			t.Errorf("Explain(∂L/∂b[%d]) = %q, want it to contain %q", f, got, want)
		}
	}
}

func TestExplainUpdate(t *testing.T) {
	l := newTestLab(t)
	l.Apply(lab.Do("step"))
	v := NewView(core.MNIST)
	i := 7
	before, grad := l.Before().W.Data[i], l.Net().Grad.DW.Data[i]
	got := v.Explain(Cell{QuantityW, i}, l)
	want := "updated: W ← W − lr·∂L/∂W = " + num4(before) + " − 0.01·" + num4(grad)
	if !strings.Contains(got, want) {
		t.Errorf("Explain(W[%d]) = %q, want it to contain %q", i, got, want)
	}
	if w := l.Net().Params.W.Data[i]; !strings.HasPrefix(got, "W[0,0,1,2] = "+num4(w)) {
		t.Errorf("Explain(W[%d]) = %q, want W[0,0,1,2] = %s first", i, got, num4(w))
	}
}

func TestExplainRoutingAndGate(t *testing.T) {
	l := newTestLab(t)
	l.Apply(lab.Do("step"))
	v := NewView(core.MNIST)
	cfg := l.Config()
	mask := make([]float64, cfg.F*cfg.HZ()*cfg.WZ())
	core.ArgmaxMask(cfg, mask, l.Net().Act.Argmax)
	var sawWin, sawLose, sawShut, sawOpen bool
	for i := range mask {
		u, w := i/cfg.WZ()%cfg.HZ(), i%cfg.WZ()
		if u >= 2*cfg.HP() || w >= 2*cfg.WP() {
			continue
		}
		e := v.Explain(Cell{QuantityDeltaA, i}, l)
		if mask[i] == 1 && !sawWin {
			sawWin = true
			if !strings.Contains(e, "this cell is the max of its pool block") {
				t.Errorf("Explain(δᴬ[%d]) at a winner = %q", i, e)
			}
		}
		if mask[i] == 0 && !sawLose {
			sawLose = true
			if !strings.Contains(e, "= 0: the max of pool block") || !strings.HasPrefix(e, "δᴬ[") {
				t.Errorf("Explain(δᴬ[%d]) off the winner = %q", i, e)
			}
		}
		z := l.Net().Act.Z.Data[i]
		e = v.Explain(Cell{QuantityDeltaZ, i}, l)
		if z <= 0 && !sawShut {
			sawShut = true
			if !strings.Contains(e, "· 0") || !strings.Contains(e, "the gate is shut") {
				t.Errorf("Explain(δᶻ[%d]) with Z = %v: %q", i, z, e)
			}
		}
		if z > 0 && !sawOpen {
			sawOpen = true
			if !strings.Contains(e, "· 1") || strings.Contains(e, "shut") {
				t.Errorf("Explain(δᶻ[%d]) with Z = %v: %q", i, z, e)
			}
		}
	}
	if !sawWin || !sawLose || !sawShut || !sawOpen {
		t.Errorf("cases seen: winner %v, loser %v, gate shut %v, open %v", sawWin, sawLose, sawShut, sawOpen)
	}
}

func TestExplainEveryQuantity(t *testing.T) {
	l := newTestLab(t)
	l.Apply(lab.Do("step"))
	l.Apply(lab.Command{Name: "sample", Arg: strconv.Itoa(3)}) // forward only: the backward quantities are stale
	v := NewView(core.MNIST)
	for q := Quantity(0); q < numQuantities; q++ {
		e := v.Explain(Cell{q, 0}, l)
		if !strings.HasPrefix(e, q.Symbol()+"[") || len(lines(e)) < 2 {
			t.Errorf("Explain(%v[0]) = %q, want the element and a formula", q, e)
		}
		stale := strings.Contains(e, "not computed yet")
		if stale != !q.computed(l.Stage()) {
			t.Errorf("Explain(%v[0]) at stage %v says not computed: %v", q, l.Stage(), stale)
		}
	}
	lbl := l.Status().Label
	if e := v.Explain(Cell{QuantityYhat, lbl}, l); !strings.Contains(e, "L = −log ŷ") {
		t.Errorf("Explain(ŷ[label]) = %q, want the loss", e)
	}
	if e := v.Explain(Cell{QuantityDeltaS, lbl}, l); !strings.Contains(e, " − 1") {
		t.Errorf("Explain(δˢ[label]) = %q, want ŷ − 1", e)
	}
	if e := v.Explain(Cell{QuantityX, 1 << 20}, l); e != "no such cell" {
		t.Errorf("Explain(out of range) = %q", e)
	}
}

// TestGlyphCoverage checks that every character the screen can show is in
// the Go font, or is drawn another way (superscripts raised, look-alikes),
// so that no label turns into boxes or question marks.
func TestGlyphCoverage(t *testing.T) {
	f := parseGoFont()
	var buf sfnt.Buffer
	has := func(r rune) bool {
		i, err := f.GlyphIndex(&buf, r)
		return err == nil && i != 0
	}
	var texts []string
	for _, b := range lab.Bindings() {
		texts = append(texts, b.Label, b.Help)
	}
	texts = append(texts, helpColours[:]...)
	for s := core.StageNone; s <= core.StageUpdate; s++ {
		texts = append(texts, s.String(), s.Equation())
	}
	for q := Quantity(0); q < numQuantities; q++ {
		texts = append(texts, q.Symbol(), noteText(q))
	}
	for _, b := range buttonSpec {
		texts = append(texts, b.label, b.widest)
	}
	for _, s := range lab.Speeds() {
		texts = append(texts, s.String())
	}
	texts = append(texts, "c → s → ŷ", "δˢ = ŷ − y → ∂L/∂c", "L = −log ŷ[", "±0 – 1 100% ►9 ×", "(right) (wrong) —",
		"∂L/∂X[c,x,y] = Σf Σi,j δᶻ[f,x−i,y−j]·W[f,c,i,j]", "Window too small", "grey NaN per map shared constant")
	for _, s := range texts {
		for _, r := range s {
			if b, ok := superscript(r); ok {
				r = b
			}
			if r2 := substitute(r); !has(r2) {
				t.Errorf("%q in %q: not in the Go font and not substituted", r, s)
			}
		}
	}
	// The spec's superscripts are not in the font: they must go through
	// superscript, or they would be drawn as "?".
	for _, r := range "ˢᴾᴬᶻ" {
		if has(r) {
			t.Logf("the Go font now has %q: superscript() could be dropped for it", r)
		}
		if _, ok := superscript(r); !ok {
			t.Errorf("%q has no superscript fallback", r)
		}
	}
}
