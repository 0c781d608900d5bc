package ink

import "fmt"

// Side is the side of the images that ink makes, MNIST's 28 pixels; the
// digit's bounding box is scaled so that its long side is Box pixels.
const (
	Side = 28
	Box  = 20
)

// mustLen panics, as core does for misuse, unless n is Side·Side.
func mustLen(what string, n int) {
	if n != Side*Side {
		panic(fmt.Sprintf("ink: %s has %d values, want %d (%d×%d)", what, n, Side*Side, Side, Side))
	}
}
