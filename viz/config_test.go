package viz

import (
	"image"
	"testing"

	"backproplab/core"
)

// TestOtherConfigs renders networks of other sizes than MNIST's: three
// channels, odd sizes (a dropped pool row), few and many classes.
func TestOtherConfigs(t *testing.T) {
	for _, cfg := range []core.Config{
		{C: 3, H: 11, W: 9, K: 3, F: 4, M: 3},
		{C: 1, H: 6, W: 6, K: 3, F: 2, M: 2},
		{C: 2, H: 20, W: 20, K: 5, F: 6, M: 12},
	} {
		x := make([]float64, cfg.C*cfg.H*cfg.W)
		for i := range x {
			x[i] = float64(i%7) / 7
		}
		l := stepped(t, cfg, 7, x, cfg.M-1, 0.05)
		v := NewView(cfg)
		// 1024×768, not 640 high: twelve class rows of 14 px text (minFont)
		// and the backward table under them need more than 640.
		for _, sz := range []image.Point{{1280, 800}, {768, 1024}, {1024, 768}} {
			v.Resize(sz.X, sz.Y)
			if v.TooSmall() {
				t.Errorf("%v at %v: too small", cfg, sz)
				continue
			}
			dst := image.NewRGBA(image.Rect(0, 0, sz.X, sz.Y))
			for q := Quantity(0); q < numQuantities; q++ {
				// Selected, a panel that the focus arrangement (a portrait
				// screen) shows as a chip opens large.
				l.status.Selected = LabCell(Cell{q, 0})
				v.Render(dst, l)
				if v.lay.gridOf[q] < 0 {
					t.Errorf("%v at %v: %v selected, and not on the screen", cfg, sz, q)
					continue
				}
				b := &v.lay.boxes[v.lay.gridOf[q]]
				if b.kind != boxGrid {
					continue
				}
				n := b.g.n * b.g.mh * b.g.mw
				if want := len(q.data(l)); n != want {
					t.Errorf("%v: %v shows %d cells, the tensor has %d", cfg, q, n, want)
				}
				r := b.g.cellRect(n - 1)
				v.Hover(r.Min.X, r.Min.Y)
				if c, ok := v.HitCell(r.Min.X, r.Min.Y); !ok || c != (Cell{q, n - 1}) {
					t.Errorf("%v: HitCell at the last cell of %v = %v %v", cfg, q, c, ok)
				}
				v.Render(dst, l)
			}
		}
	}
}
