package plain

import "iter"

// A Factor is one value that a term reads: element Index (flat, row-major,
// as in the package doc) of the tensor named Tensor by its spec symbol,
// such as "W", "X" or "δᶻ".
type Factor struct {
	Tensor string
	Index  int
	Value  float64
}

// A Term is one summand of the sum that gives one cell: the product
// Left.Value·Right.Value, in the order the equation writes the factors, or
// Left.Value alone (a bias, or a δᶻ of ∂L/∂b's sum), in which case Right is
// the zero Factor. The term functions yield every term of the cell's sum,
// zeros included, in the order the package's own function adds them, so
// that adding the Values in that order, starting from 0, gives the cell
// bit for bit.
type Term struct {
	Left, Right Factor
	Value       float64
}

// Lone reports whether the term has one factor, Left.
func (t Term) Lone() bool { return t.Right.Tensor == "" }

func product(a, b Factor) Term { return Term{a, b, a.Value * b.Value} }

func lone(a Factor) Term { return Term{Left: a, Value: a.Value} }

// ConvTerms yields the terms of Z[f,u,v] in [Conv] (§2.1): the C·K·K
// products W[f,c,i,j]·X[c,u+i,v+j], then b[f].
func ConvTerms(sz Sizes, X, W, b []float64, f, u, v int) iter.Seq[Term] {
	return func(yield func(Term) bool) {
		for c := 0; c < sz.C; c++ {
			for i := 0; i < sz.K; i++ {
				for j := 0; j < sz.K; j++ {
					w, x := ((f*sz.C+c)*sz.K+i)*sz.K+j, (c*sz.H+u+i)*sz.W+v+j
					if !yield(product(Factor{"W", w, W[w]}, Factor{"X", x, X[x]})) {
						return
					}
				}
			}
		}
		yield(lone(Factor{"b", f, b[f]}))
	}
}

// FCTerms yields the terms of s[i] in [FC] (§2.4): the N products
// U[i,k]·p[k], then c[i].
func FCTerms(sz Sizes, p, U, c []float64, i int) iter.Seq[Term] {
	return func(yield func(Term) bool) {
		N := sz.N()
		for k := 0; k < N; k++ {
			if !yield(product(Factor{"U", i*N + k, U[i*N+k]}, Factor{"p", k, p[k]})) {
				return
			}
		}
		yield(lone(Factor{"c", i, c[i]}))
	}
}

// DeltaPTerms yields the terms of δᴾ[k] in [DeltaP] (§3.2): the M
// products δˢ[i]·U[i,k].
func DeltaPTerms(sz Sizes, dS, U []float64, k int) iter.Seq[Term] {
	return func(yield func(Term) bool) {
		N := sz.N()
		for i := 0; i < sz.M; i++ {
			if !yield(product(Factor{"δˢ", i, dS[i]}, Factor{"U", i*N + k, U[i*N+k]})) {
				return
			}
		}
	}
}

// GradBTerms yields the terms of ∂L/∂b[f] in [GradB] (§3.5 eq. (1)): the
// HZ·WZ values δᶻ[f,u,v], one per position.
func GradBTerms(sz Sizes, dZ []float64, f int) iter.Seq[Term] {
	return func(yield func(Term) bool) {
		n := sz.HZ() * sz.WZ()
		for z := f * n; z < (f+1)*n; z++ {
			if !yield(lone(Factor{"δᶻ", z, dZ[z]})) {
				return
			}
		}
	}
}

// GradWTerms yields the terms of ∂L/∂W[f,c,i,j] in [GradW] (§3.5 eq. (2)):
// the HZ·WZ products δᶻ[f,u,v]·X[c,u+i,v+j], one per position.
func GradWTerms(sz Sizes, dZ, X []float64, f, c, i, j int) iter.Seq[Term] {
	return func(yield func(Term) bool) {
		HZ, WZ := sz.HZ(), sz.WZ()
		for u := 0; u < HZ; u++ {
			for v := 0; v < WZ; v++ {
				z, x := (f*HZ+u)*WZ+v, (c*sz.H+u+i)*sz.W+v+j
				if !yield(product(Factor{"δᶻ", z, dZ[z]}, Factor{"X", x, X[x]})) {
					return
				}
			}
		}
	}
}

// GradXTerms yields the terms of ∂L/∂X[c,x,y] in [GradX] (§3.5 eq. (3)):
// the products δᶻ[f,x−i,y−j]·W[f,c,i,j] whose δᶻ index falls inside Z, at
// most F·K·K of them (fewer near the edges of X).
func GradXTerms(sz Sizes, dZ, W []float64, c, x, y int) iter.Seq[Term] {
	return func(yield func(Term) bool) {
		HZ, WZ := sz.HZ(), sz.WZ()
		for f := 0; f < sz.F; f++ {
			for i := 0; i < sz.K; i++ {
				for j := 0; j < sz.K; j++ {
					u, v := x-i, y-j
					if u < 0 || u >= HZ || v < 0 || v >= WZ {
						continue
					}
					z, w := (f*HZ+u)*WZ+v, ((f*sz.C+c)*sz.K+i)*sz.K+j
					if !yield(product(Factor{"δᶻ", z, dZ[z]}, Factor{"W", w, W[w]})) {
						return
					}
				}
			}
		}
	}
}
