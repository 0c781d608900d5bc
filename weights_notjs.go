//go:build !js

package main

import (
	"fmt"
	"os"
	"path/filepath"

	"backproplab/lab"
)

// deliverWeights writes a saved weights file into the current folder, and
// says where.
func (g *Game) deliverWeights(name string, b []byte) error {
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("could not write the weights: %v", err)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	return g.lab.Apply(lab.Command{Name: "say", Arg: fmt.Sprintf("saved the weights to %s (%d bytes)", abs, len(b))})
}
