//go:build !js

package web

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestPageIsBuiltAsTheMakefileBuildsIt: the tests' page (buildPage) is
// built with the Makefile's WASMFLAGS, so that the page weight they measure
// is the one make serve prints.
func TestPageIsBuiltAsTheMakefileBuildsIt(t *testing.T) {
	mk, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^WASMFLAGS = (.*)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("the Makefile has no WASMFLAGS line")
	}
	var quoted []string
	for _, f := range wasmFlags {
		if k, v, ok := strings.Cut(f, "="); ok && strings.Contains(v, " ") {
			f = k + "='" + v + "'"
		}
		quoted = append(quoted, f)
	}
	if got, want := string(m[1]), strings.Join(quoted, " "); got != want {
		t.Errorf("the Makefile's WASMFLAGS are\n\t%s\nbuildPage's\n\t%s", got, want)
	}
}
