package viz

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps viz pure: the standard library, golang.org/x/image,
// backproplab/core, backproplab/core/plain and backproplab/lab (whose state
// it draws) only; ebiten belongs to the app.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files: %v", err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			std := !strings.Contains(strings.Split(p, "/")[0], ".")
			ok := std && !strings.HasPrefix(p, "backproplab") || p == "backproplab/core" || p == "backproplab/core/plain" ||
				p == "backproplab/lab" || strings.HasPrefix(p, "golang.org/x/image/")
			if !ok {
				t.Errorf("%s imports %s: viz may import only the standard library, golang.org/x/image, backproplab/core, backproplab/core/plain and backproplab/lab", name, p)
			}
		}
	}
}
