// Package ink turns a hand-drawn digit into what the network was trained
// on: MNIST's own preprocessing (LeCun et al.), so that a digit drawn
// anywhere on a square pad, at any size, looks like an MNIST digit.
//
// Two roads lead to the same 28×28 image, as core's Dataset.Sample gives
// MNIST's (values in [0, 1], 0 the background, 1 full ink):
//
//   - [FromStrokes] draws the pad's strokes, each point joined to the last by
//     a capsule of the pen's width, anti-aliased on a fine canvas that spans
//     the ink's box;
//   - [FromGrey] reads a grey image of either polarity.
//
// Both then do what MNIST did: scale the ink's bounding box, keeping its
// aspect ratio, to 20 pixels on its long side, anti-aliased by area
// averaging, and place it in the 28×28 field with its centre of mass on
// pixel (14, 14), shifted by the rounded offset as the original was (so the
// box keeps whole-pixel edges; the centre of mass is within half a pixel).
// A pad with no ink gives [ErrEmpty], not a blank image to classify.
//
// [Augment] distorts MNIST's training digits (shifts, scalings, rotations,
// thicker and thinner strokes) for cmd/mkweights, which trains the
// pretrained weights that package assets embeds.
//
// It imports the standard library only (core in its tests): no ebiten, no
// images. Start at FromStrokes.
package ink
