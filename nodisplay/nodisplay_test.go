//go:build linux && !android

package nodisplay

import (
	"strings"
	"testing"
)

func TestWithoutADisplay(t *testing.T) {
	var out strings.Builder
	if code := check([]string{"-h"}, &out); code != 0 || !strings.Contains(out.String(), "-seed") {
		t.Errorf("-h without a display: status %d, %q; want 0 and the usage", code, out.String())
	}
	out.Reset()
	if code := check([]string{"-seed", "3"}, &out); code != 1 || !strings.Contains(out.String(), "needs a display") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("no display: status %d, %q; want 1 and one sentence", code, out.String())
	}
}
