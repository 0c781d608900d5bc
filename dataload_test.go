package main

import (
	"strings"
	"testing"
)

// The status line names the size that goes over the network (MNIST's four
// files gzipped, 11.6 MB), not the 55 MB they unpack to, which is what
// the README says the full set adds.
func TestLoadingMessageNamesTheDownload(t *testing.T) {
	got := loadingMessage(40, 11_594_722, "training on the 4,000 embedded digits")
	want := "loading all of MNIST: 40% of 11.6 MB (training on the 4,000 embedded digits until then)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := loadingMessage(40, 0, "x"); strings.Contains(got, "MB") {
		t.Errorf("with no size told, the message names one: %q", got)
	}
}
