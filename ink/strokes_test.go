package ink

import "math"

// Drawings for the tests, as a hand on the pad would leave them: points
// along each stroke about as far apart as a pointer's events at a
// moderate speed (2% of the pad).

// arc is the stroke along the ellipse of centre (cx, cy) and radii rx, ry
// from angle a0 to a1 (degrees; 0 is to the right, 90 down, as y grows
// down the pad), with points about step apart.
func arc(cx, cy, rx, ry, a0, a1, step float64) Stroke {
	length := math.Abs(a1-a0) * math.Pi / 180 * (rx + ry) / 2
	n := max(1, int(math.Ceil(length/step)))
	s := make(Stroke, n+1)
	for i := range s {
		a := (a0 + (a1-a0)*float64(i)/float64(n)) * math.Pi / 180
		s[i] = Point{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	return s
}

// line is the stroke through the points ps, straight between them, with
// points about step apart.
func line(step float64, ps ...Point) Stroke {
	s := Stroke{ps[0]}
	for i := 1; i < len(ps); i++ {
		a, b := ps[i-1], ps[i]
		n := max(1, int(math.Ceil(math.Hypot(b.X-a.X, b.Y-a.Y)/step)))
		for j := 1; j <= n; j++ {
			t := float64(j) / float64(n)
			s = append(s, Point{a.X + t*(b.X-a.X), a.Y + t*(b.Y-a.Y)})
		}
	}
	return s
}

// transform moves and scales a drawing: each point p becomes o + k·p.
func transform(d []Stroke, k float64, o Point) []Stroke {
	out := make([]Stroke, len(d))
	for i, s := range d {
		out[i] = make(Stroke, len(s))
		for j, p := range s {
			out[i][j] = Point{o.X + k*p.X, o.Y + k*p.Y}
		}
	}
	return out
}

const step = 0.02

// two is a 2 in the middle of the pad, 0.6 high: an arc over the top,
// a diagonal down to the left and a base line, in one stroke.
func two(step float64) []Stroke {
	top := arc(0.5, 0.36, 0.16, 0.16, 180, 400, step)
	end := top[len(top)-1]
	rest := line(step, end, Point{0.32, 0.8}, Point{0.7, 0.8})
	return []Stroke{append(top, rest[1:]...)}
}

// seven is a small 7 near the top left corner, 0.25 high, in one stroke.
func seven() []Stroke {
	return []Stroke{line(step, Point{0.08, 0.1}, Point{0.28, 0.1}, Point{0.16, 0.35})}
}

// one is a tall thin 1, 0.7 high, with a short flag at the top.
func one() []Stroke {
	return []Stroke{line(step, Point{0.42, 0.24}, Point{0.52, 0.15}, Point{0.52, 0.85})}
}

// zero is a wide 0, 0.7 wide and 0.5 high.
func zero() []Stroke {
	return []Stroke{arc(0.5, 0.5, 0.35, 0.25, -90, 270, step)}
}
