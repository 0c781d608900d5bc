package viz

import (
	"iter"
	"math"
	"strconv"

	"backproplab/core"
	"backproplab/core/plain"
)

// appendExplain writes the tooltip of cell c: the element with its value,
// then the formula instance that computed it, with numbers, in the spec's
// symbols and core's 0-based indices. It allocates nothing when b has room.
// The forward pass and the gradients used the parameters the step began
// with (Source.Before), so the formulas use those too. The sums are those
// of package plain's term functions, the terms the class mode lists.
func appendExplain(b []byte, c Cell, src Source) []byte {
	n := src.Net()
	cfg := n.Cfg
	sz := plain.Sizes(cfg)
	st := src.Status()
	act, gr := &n.Act, &n.Grad
	pb := src.Before()
	stage := st.Stage
	HZ, WZ, HP, WP, K, C := cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP(), cfg.K, cfg.C
	N := cfg.N()
	data := c.Q.data(src)
	if c.Q < 0 || c.Q >= numQuantities || c.I < 0 || c.I >= len(data) {
		return append(b, "no such cell"...)
	}
	val := data[c.I]
	num := func(b []byte, x float64) []byte { return appendNum(b, x, 4) }
	idx := func(b []byte, is ...int) []byte {
		b = append(b, '[')
		for k, i := range is {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendInt(b, i)
		}
		return append(b, ']')
	}
	// The element and its value.
	sym := quantities[c.Q].sym
	head := func(b []byte, is ...int) []byte {
		b = append(b, sym...)
		b = idx(b, is...)
		b = append(b, " = "...)
		return num(b, val)
	}
	fzuv := func(i int) (f, u, v int) { return i / (HZ * WZ), i / WZ % HZ, i % WZ }

	switch c.Q {
	case QuantityX:
		ch, u, v := c.I/(cfg.H*cfg.W), c.I/cfg.W%cfg.H, c.I%cfg.W
		b = head(b, ch, u, v)
		b = append(b, "\ninput pixel, channel "...)
		b = appendInt(b, ch)
		b = append(b, ", row "...)
		b = appendInt(b, u)
		b = append(b, ", column "...)
		b = appendInt(b, v)

	case QuantityW, QuantityB, QuantityU, QuantityC:
		var before, grad []float64
		var gsym string
		switch c.Q {
		case QuantityW:
			f, ch, i, j := c.I/(C*K*K), c.I/(K*K)%C, c.I/K%K, c.I%K
			b = head(b, f, ch, i, j)
			b = append(b, "\nfilter "...)
			b = appendInt(b, f)
			b = append(b, ", weight on X[c, u+"...)
			b = appendInt(b, i)
			b = append(b, ", v+"...)
			b = appendInt(b, j)
			b = append(b, ']')
			before, grad, gsym = pb.W.Data, gr.DW.Data, "∂L/∂W"
		case QuantityB:
			b = head(b, c.I)
			b = append(b, "\nbias of filter "...)
			b = appendInt(b, c.I)
			before, grad, gsym = pb.B.Data, gr.Db.Data, "∂L/∂b"
		case QuantityU:
			i, k := c.I/N, c.I%N
			f, u, v := k/(HP*WP), k/WP%HP, k%WP
			b = head(b, i, k)
			b = append(b, "\nweight of class "...)
			b = appendInt(b, i)
			b = append(b, " on p"...)
			b = idx(b, k)
			b = append(b, " = P"...)
			b = idx(b, f, u, v)
			before, grad, gsym = pb.U.Data, gr.DU.Data, "∂L/∂U"
		case QuantityC:
			b = head(b, c.I)
			b = append(b, "\nbias of class "...)
			b = appendInt(b, c.I)
			before, grad, gsym = pb.C.Data, gr.Dc.Data, "∂L/∂c"
		}
		if stage == core.StageUpdate {
			b = append(b, "\nupdated: "...)
			b = append(b, sym...)
			b = append(b, " ← "...)
			b = append(b, sym...)
			b = append(b, " − lr·"...)
			b = append(b, gsym...)
			b = append(b, " = "...)
			b = num(b, before[c.I])
			b = append(b, " − "...)
			b = strconv.AppendFloat(b, st.LR, 'g', -1, 64)
			b = append(b, "·"...)
			if g := grad[c.I]; g < 0 {
				b = append(b, '(')
				b = num(b, g) // "0.01·(−0.004)", not "0.01·−0.004"
				b = append(b, ')')
			} else {
				b = num(b, g)
			}
		}

	case QuantityZ:
		f, u, v := fzuv(c.I)
		b = head(b, f, u, v)
		sum, bias := sumTerms(plain.ConvTerms(sz, act.X.Data, pb.W.Data, pb.B.Data, f, u, v))
		b = append(b, "\n= Σc,i,j W["...)
		b = appendInt(b, f)
		b = append(b, ",c,i,j]·X[c,"...)
		b = appendInt(b, u)
		b = append(b, "+i,"...)
		b = appendInt(b, v)
		b = append(b, "+j] + b"...)
		b = idx(b, f)
		b = append(b, "\n= "...)
		b = num(b, sum)
		b = append(b, " + ("...)
		b = num(b, bias)
		b = append(b, ") = "...)
		b = num(b, sum+bias)

	case QuantityA:
		f, u, v := fzuv(c.I)
		b = head(b, f, u, v)
		b = append(b, "\n= max(0, Z"...)
		b = idx(b, f, u, v)
		b = append(b, ") = max(0, "...)
		b = num(b, act.Z.Data[c.I])
		b = append(b, ')')

	case QuantityP:
		f, u, v := c.I/(HP*WP), c.I/WP%HP, c.I%WP
		b = head(b, f, u, v)
		b = append(b, "\n= max of A["...)
		b = appendInt(b, f)
		b = append(b, ',')
		b = appendInt(b, 2*u)
		b = append(b, "..+1, "...)
		b = appendInt(b, 2*v)
		b = append(b, "..+1] = max("...)
		for k := 0; k < 4; k++ {
			if k > 0 {
				b = append(b, ", "...)
			}
			b = num(b, act.A.Data[(f*HZ+2*u+k/2)*WZ+2*v+k%2])
		}
		w := int(act.Argmax[c.I])
		b = append(b, ")\nthe max is at (i,j) = ("...)
		b = appendInt(b, w>>1)
		b = append(b, ',')
		b = appendInt(b, w&1)
		b = append(b, "): A"...)
		b = idx(b, f, 2*u+w>>1, 2*v+w&1)

	case QuantityS:
		sum, bias := sumTerms(plain.FCTerms(sz, act.P.Data, pb.U.Data, pb.C.Data, c.I))
		b = head(b, c.I)
		b = append(b, "\n= Σk U["...)
		b = appendInt(b, c.I)
		b = append(b, ",k]·p[k] + c"...)
		b = idx(b, c.I)
		b = append(b, " = "...)
		b = num(b, sum)
		b = append(b, " + ("...)
		b = num(b, bias)
		b = append(b, ')')

	case QuantityYhat:
		m := math.Inf(-1)
		for _, s := range act.S.Data {
			m = max(m, s)
		}
		var z float64
		for _, s := range act.S.Data {
			z += math.Exp(s - m)
		}
		b = head(b, c.I)
		b = append(b, "\n= e^s"...)
		b = idx(b, c.I)
		b = append(b, " / Σj e^s[j] = "...)
		b = num(b, math.Exp(act.S.Data[c.I]-m))
		b = append(b, " / "...)
		b = num(b, z)
		b = append(b, "  (each e^ with max s subtracted)"...)
		if c.I == act.Label {
			b = append(b, "\nthe true class: L = −log ŷ"...)
			b = idx(b, c.I)
			b = append(b, " = "...)
			b = num(b, act.L)
		}

	case QuantityDeltaS:
		y := 0.0
		if c.I == act.Label {
			y = 1
		}
		b = head(b, c.I)
		b = append(b, "\n= ŷ"...)
		b = idx(b, c.I)
		b = append(b, " − y"...)
		b = idx(b, c.I)
		b = append(b, " = "...)
		b = num(b, act.Yhat.Data[c.I])
		b = append(b, " − "...)
		b = appendInt(b, int(y))

	case QuantityDU:
		i, k := c.I/N, c.I%N
		b = head(b, i, k)
		b = append(b, "\n= δˢ"...)
		b = idx(b, i)
		b = append(b, "·p"...)
		b = idx(b, k)
		b = append(b, " = "...)
		b = num(b, gr.DeltaS.Data[i])
		b = append(b, " · "...)
		b = num(b, act.P.Data[k])

	case QuantityDc:
		b = head(b, c.I)
		b = append(b, "\n= δˢ"...)
		b = idx(b, c.I)

	case QuantityDeltaP:
		f, u, v := c.I/(HP*WP), c.I/WP%HP, c.I%WP
		b = head(b, f, u, v)
		b = append(b, "\n= Σi δˢ[i]·U[i,"...)
		b = appendInt(b, c.I)
		b = append(b, "]   (the true class's term: "...)
		for t := range plain.DeltaPTerms(sz, gr.DeltaS.Data, pb.U.Data, c.I) {
			if t.Left.Index == act.Label {
				b = num(b, t.Left.Value)
				b = append(b, " · "...)
				b = num(b, t.Right.Value)
			}
		}
		b = append(b, ')')

	case QuantityDeltaA:
		f, u, v := fzuv(c.I)
		b = head(b, f, u, v)
		up, vp := u/2, v/2
		if up >= HP || vp >= WP {
			b = append(b, "\nin the odd row or column that the pool drops: 0"...)
			break
		}
		k := (f*HP+up)*WP + vp
		w := int(act.Argmax[k])
		if u == 2*up+w>>1 && v == 2*vp+w&1 {
			b = append(b, "\n= δᴾ"...)
			b = idx(b, f, up, vp)
			b = append(b, ": this cell is the max of its pool block"...)
		} else {
			b = append(b, "\n= 0: the max of pool block ("...)
			b = appendInt(b, up)
			b = append(b, ',')
			b = appendInt(b, vp)
			b = append(b, ") is A"...)
			b = idx(b, f, 2*up+w>>1, 2*vp+w&1)
			b = append(b, ", so only it gets δᴾ"...)
		}

	case QuantityDeltaZ:
		f, u, v := fzuv(c.I)
		b = head(b, f, u, v)
		z := act.Z.Data[c.I]
		g := 0
		if z > 0 {
			g = 1
		}
		b = append(b, "\n= δᴬ"...)
		b = idx(b, f, u, v)
		b = append(b, "·1{Z > 0} = "...)
		b = num(b, gr.DeltaA.Data[c.I])
		b = append(b, " · "...)
		b = appendInt(b, g)
		b = append(b, "   (Z = "...)
		b = num(b, z)
		if g == 0 {
			b = append(b, ": the gate is shut"...)
		}
		b = append(b, ')')

	case QuantityDW:
		f, ch, i, j := c.I/(C*K*K), c.I/(K*K)%C, c.I/K%K, c.I%K
		b = head(b, f, ch, i, j)
		nz, total := nonzeroLeft(plain.GradWTerms(sz, gr.DeltaZ.Data, act.X.Data, f, ch, i, j))
		b = append(b, "\n= Σu,v δᶻ["...)
		b = appendInt(b, f)
		b = append(b, ",u,v]·X["...)
		b = appendInt(b, ch)
		b = append(b, ",u+"...)
		b = appendInt(b, i)
		b = append(b, ",v+"...)
		b = appendInt(b, j)
		b = append(b, ']')
		b = appendNonzeros(b, nz, total, " δᶻ")

	case QuantityDb:
		nz, total := nonzeroLeft(plain.GradBTerms(sz, gr.DeltaZ.Data, c.I))
		b = head(b, c.I)
		b = append(b, "\n= Σu,v δᶻ["...)
		b = appendInt(b, c.I)
		b = append(b, ",u,v]"...)
		b = appendNonzeros(b, nz, total, "")

	case QuantityDX:
		ch, x, y := c.I/(cfg.H*cfg.W), c.I/cfg.W%cfg.H, c.I%cfg.W
		b = head(b, ch, x, y)
		terms, _ := nonzeroLeft(plain.GradXTerms(sz, gr.DeltaZ.Data, pb.W.Data, ch, x, y))
		b = append(b, "\n= Σf Σi,j δᶻ[f,"...)
		b = appendInt(b, x)
		b = append(b, "−i,"...)
		b = appendInt(b, y)
		b = append(b, "−j]·W[f,"...)
		b = appendInt(b, ch)
		b = append(b, ",i,j]   ("...)
		b = appendInt(b, terms)
		b = append(b, " terms are not 0)"...)
	}
	if !c.Q.computed(stage) {
		b = append(b, "\nnot computed yet in this step (stage "...)
		b = append(b, c.Q.Stage().String()...)
		b = append(b, "): the value is the last step's"...)
	}
	return b
}

// appendNonzeros appends "   (n of total what are not 0)".
func appendNonzeros(b []byte, n, total int, what string) []byte {
	b = append(b, "   ("...)
	b = appendInt(b, n)
	b = append(b, " of "...)
	b = appendInt(b, total)
	b = append(b, what...)
	return append(b, " are not 0)"...)
}

// sumTerms adds the products of a sum's terms in order and returns that
// sum and the lone term (the bias) apart, as the tooltip shows them.
func sumTerms(terms iter.Seq[plain.Term]) (sum, bias float64) {
	for t := range terms {
		if t.Lone() {
			bias = t.Value
			continue
		}
		sum += t.Value
	}
	return sum, bias
}

// nonzeroLeft counts the terms whose first factor (a δᶻ) is not 0, and
// all the terms.
func nonzeroLeft(terms iter.Seq[plain.Term]) (n, total int) {
	for t := range terms {
		if t.Left.Value != 0 {
			n++
		}
		total++
	}
	return n, total
}
