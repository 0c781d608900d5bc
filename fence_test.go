package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportFences keeps the house's walls where the README draws them:
// what each package may import, counting everything it imports in turn,
// and what our own code on the way may import directly.
func TestImportFences(t *testing.T) {
	for _, c := range []struct {
		pkg    string
		banned []string // import paths (and what is below them), anywhere in the deps
		only   []string // if set, the only non-standard packages allowed in the deps
		direct []string // import paths that none of our own packages in the deps imports itself
	}{
		{pkg: "./core/...", only: []string{"backproplab/core", "backproplab/core/plain"}},
		{pkg: "./lab", only: []string{"backproplab/core", "backproplab/core/plain", "backproplab/ink", "backproplab/lab", "backproplab/tracefmt"}},
		{pkg: "./tracefmt", only: []string{"backproplab/core", "backproplab/tracefmt"}},
		{pkg: "./viz", banned: []string{"github.com/hajimehoshi/ebiten"}},
		// backprop reads MNIST through the GoMNIST module, which imports
		// image itself; our code on the way draws nothing.
		{pkg: "./cmd/backprop", banned: []string{"github.com/hajimehoshi/ebiten", "golang.org/x/image", "backproplab/viz"},
			direct: []string{"image"}},
	} {
		out, err := exec.Command("go", "list", "-deps", "-f",
			"{{if not .Standard}}+{{end}}{{.ImportPath}} {{join .Imports \",\"}}", c.pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", c.pkg, err, out)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			path, imports, _ := strings.Cut(line, " ")
			p, std := strings.TrimPrefix(path, "+"), !strings.HasPrefix(path, "+")
			for _, b := range c.banned {
				if under(p, b) {
					t.Errorf("%s imports %s, which it must not", c.pkg, p)
				}
			}
			if c.only != nil && !std && !contains(c.only, p) {
				t.Errorf("%s imports %s: it may import only the standard library and %s", c.pkg, p, strings.Join(c.only, ", "))
			}
			if !strings.HasPrefix(p, "backproplab") {
				continue
			}
			for _, im := range strings.Split(imports, ",") {
				for _, b := range c.direct {
					if under(im, b) {
						t.Errorf("%s (in %s) imports %s itself, which it must not", p, c.pkg, im)
					}
				}
			}
		}
	}
}

// under reports whether import path p is b or below it.
func under(p, b string) bool { return p == b || strings.HasPrefix(p, b+"/") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
