package main

import (
	"os"
	"syscall"
)

// saveSignals: js has no SIGHUP (see train_signals.go).
var saveSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}
