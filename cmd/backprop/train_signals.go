//go:build !js

package main

import (
	"os"
	"syscall"
)

// saveSignals are the signals that remove the temporary file of -out
// while the weights are saved (see outFile).
var saveSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
