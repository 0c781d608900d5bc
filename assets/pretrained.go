package assets

import (
	"bytes"
	_ "embed"
	"fmt"

	"backproplab/core"
)

// pretrained is the network that `go run ./cmd/mkweights` trains (see its
// doc and the README), in core's weights format.
//
//go:embed pretrained.bplw
var pretrained []byte

// PretrainedAccuracy is the share of MNIST's 10,000 test digits that the
// pretrained network classifies right, as cmd/mkweights printed it when it
// wrote the file (TestPretrained checks it).
const PretrainedAccuracy = 0.9909

// Pretrained returns the pretrained network's Config (core.MNIST) and
// parameters, decoded afresh at each call, so the caller owns them.
func Pretrained() (core.Config, core.Params, error) {
	cfg, p, err := core.LoadParams(bytes.NewReader(pretrained))
	if err != nil {
		return core.Config{}, core.Params{}, fmt.Errorf("embedded pretrained weights: %v", err)
	}
	return cfg, p, nil
}

// PretrainedFile is the pretrained weights file, in core's weights format.
func PretrainedFile() []byte { return pretrained }

// PretrainedNet returns a core.Net holding the pretrained parameters.
func PretrainedNet() (*core.Net, error) {
	cfg, p, err := Pretrained()
	if err != nil {
		return nil, err
	}
	n, err := core.New(cfg, nil)
	if err != nil {
		return nil, err
	}
	n.Params.CopyFrom(&p)
	return n, nil
}
