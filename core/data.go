package core

import "fmt"

// CheckData reports whether d can feed a network of cfg: d is whole
// (Dataset.Check, with the network's M classes) and its images are the
// network's input (C = 1, H×W = Rows×Cols). Whoever trains or measures a
// network on data (Trainer, Accuracy, the lab) asks it, so that all refuse
// the same data with the same sentence.
func CheckData(cfg Config, d *Dataset) error {
	if err := d.Check(cfg.M); err != nil {
		return err
	}
	if cfg.C != 1 || cfg.H != d.Rows || cfg.W != d.Cols {
		return fmt.Errorf("the data's images are 1×%d×%d, the network takes %d×%d×%d", d.Rows, d.Cols, cfg.C, cfg.H, cfg.W)
	}
	return nil
}
