package viz

import (
	"image"
	"math"

	"backproplab/core"
	"backproplab/lab"
)

// drawRoute draws, at δᴬ in the class mode, the routing of δᴾ into δᴬ
// while the lab animates it (Status.Route frames left of lab.RouteTicks):
// each δᴾ[f,u′,v′] leaves its cell in the δᴾ panel as a square of its
// colour and travels to the winner of its pool block in the δᴬ panel, the
// only cell of the block that receives it; the other three stay grey, as
// δᴬ draws them. The squares leave one map after another, so the δᴬ panel
// fills as a wave and its last frame is the panel as it stays. It allocates
// nothing.
func (v *View) drawRoute(dst *image.RGBA, src Source) {
	left := v.st.Route
	if left <= 0 || v.st.Stage != core.StageDeltaA {
		return
	}
	gi, gp := v.lay.gridOf[QuantityDeltaA], v.lay.gridOf[QuantityDeltaP]
	if gi < 0 || gp < 0 || v.lay.boxes[gi].kind != boxGrid || v.lay.boxes[gp].kind != boxGrid {
		return
	}
	ga, gP := &v.lay.boxes[gi].g, &v.lay.boxes[gp].g
	n := src.Net()
	cfg := n.Cfg
	HP, WP, HZ, WZ := cfg.HP(), cfg.WP(), cfg.HZ(), cfg.WZ()
	dP, dA, arg := n.Grad.DeltaP.Data, n.Grad.DeltaA.Data, n.Act.Argmax
	if len(dP) != cfg.N() || len(arg) != cfg.N() || ga.scale <= 0 || gP.scale <= 0 {
		return
	}
	// t runs from 0 (the first frame) to 1 (the last). Map f's squares
	// leave at f/F of the first half and take half the time to arrive.
	t := float64(lab.RouteTicks-left+1) / lab.RouteTicks
	// When the two panels are in different bands (a portrait screen), or
	// another lies between them (the presenter's "δᴾ, A → δᴬ"), a flight
	// would cross it: the values then land in place, map after map,
	// without travelling.
	ra, rp := v.lay.boxes[gi].r, v.lay.boxes[gp].r
	fly := ra.Min.Y < rp.Max.Y && rp.Min.Y < ra.Max.Y
	for i := range v.lay.boxes {
		r := v.lay.boxes[i].r
		if i != gi && i != gp && r.Overlaps(ra.Union(rp)) {
			fly = false
		}
	}
	F := cfg.F
	cm := quantities[QuantityDeltaA].cm
	for f := range F {
		rg := v.ranges[QuantityDeltaA]
		if v.st.Scope == lab.ScopeMap { // as the panel colours it (panel.go)
			rg = RangeOf(cm, dA[f*HZ*WZ:(f+1)*HZ*WZ])
		}
		// The δᴬ map waits grey, as its off-winner cells stay.
		at := ga.mapAt(f)
		fillRect(dst, image.Rect(at.X, at.Y, at.X+WZ*ga.scale, at.Y+HZ*ga.scale), colBlocked)
		p := (t - 0.5*float64(f)/float64(F)) * 2
		p = min(max(p, 0), 1)
		p = p * p * (3 - 2*p) // ease in and out
		if !fly && p < 1 {
			continue // not landed yet
		}
		for up := range HP {
			for vp := range WP {
				k := (f*HP+up)*WP + vp
				w := int(arg[k])
				to := ga.cellRect((f*HZ+2*up+w>>1)*WZ + 2*vp + w&1)
				from := gP.cellRect(k)
				s := lerp(gP.scale, ga.scale, p)
				x, y := lerp(from.Min.X, to.Min.X, p), lerp(from.Min.Y, to.Min.Y, p)
				fillRect(dst, image.Rect(x, y, x+s, y+s), heatColour(dP[k], cm, rg))
			}
		}
	}
}

// heatColour is the colour heat gives v on m over r, shade for shade; grey
// over a range that is not usable (a constant map).
func heatColour(v float64, m ColorMap, r Range) rgb {
	if r.State != RangeOK {
		return colGrey
	}
	c := shadePacked(v, r.Lo, (tableSize-1)/(r.Hi-r.Lo), m.packed(), colGrey.packed())
	return rgb{uint8(c), uint8(c >> 8), uint8(c >> 16)}
}

// lerp is the whole number a fraction p of the way from a to b, rounded.
func lerp(a, b int, p float64) int { return a + int(math.Round(p*float64(b-a))) }
