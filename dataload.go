package main

import "fmt"

// loadingMessage is the status line while all of MNIST downloads: how far
// it is, the download's size as it goes over the network (download bytes,
// the gzipped files; 0 if the server did not say), and what the lab trains
// on meanwhile.
func loadingMessage(percent int, download float64, meanwhile string) string {
	if download <= 0 {
		return fmt.Sprintf("loading all of MNIST: %d%% (%s until then)", percent, meanwhile)
	}
	return fmt.Sprintf("loading all of MNIST: %d%% of %.1f MB (%s until then)", percent, download/1e6, meanwhile)
}

// embeddedNote is what the lab trains on while all of MNIST is not there:
// "training on the 4,000 embedded digits".
func (g *Game) embeddedNote() string {
	return fmt.Sprintf("training on the %s embedded digits", grouped(g.lab.Status().Samples))
}
