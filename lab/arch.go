package lab

import (
	"fmt"
	"strconv"
	"strings"

	"backproplab/core"
)

// The network's size, live: F filters of K×K. A new size rebuilds the
// network from the seed (a reset), and the view lays itself out for the
// new shapes.

// The sizes the lab offers.
const (
	MaxF = 16
	MaxK = 9
)

func init() {
	register(command{CommandDoc{"arch", "<F> <K>|F up|F down|K up|K down",
		"the network's size: F filters (1–16) of K×K (1–9), rebuilt from the seed"}, (*Lab).doArch})
}

const archUsage = "arch: give F and K, such as arch 4 3 (F filters from 1 to 16, of K×K from 1 to 9), or F up, K down"

func (l *Lab) doArch(arg string) error {
	f, k := l.cfg.F, l.cfg.K
	w := strings.Fields(arg)
	if len(w) != 2 {
		return fmt.Errorf("%s", archUsage)
	}
	switch {
	case (w[0] == "F" || w[0] == "K") && (w[1] == "up" || w[1] == "down"):
		// Round the range: up from the largest is the smallest, so that
		// one key walks every size.
		d := 1
		if w[1] == "down" {
			d = -1
		}
		if w[0] == "F" {
			f = (f-1+d+MaxF)%MaxF + 1
		} else {
			k = (k-1+d+MaxK)%MaxK + 1
		}
	default:
		var err error
		if f, err = parseSize("F", w[0], MaxF); err != nil {
			return err
		}
		if k, err = parseSize("K", w[1], MaxK); err != nil {
			return err
		}
	}
	return l.setArch(f, k)
}

func parseSize(what, v string, most int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > most {
		return 0, fmt.Errorf("%s %q is not a whole number from 1 to %d", what, clip(v), most)
	}
	return n, nil
}

// archConfig is the lab's network with F filters of K×K, or why it cannot
// be made.
func archConfig(cfg core.Config, f, k int) (core.Config, error) {
	cfg.F, cfg.K = f, k
	if cfg.HP() < 1 || cfg.WP() < 1 {
		return cfg, fmt.Errorf("K = %d does not fit a %d×%d image: Z would be %d×%d, too small for a 2×2 pool, so P would be smaller than 1×1; choose K up to %d",
			k, cfg.H, cfg.W, max(cfg.HZ(), 0), max(cfg.WZ(), 0), min(cfg.H, cfg.W)-1)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("F = %d, K = %d does not make a network: %v", f, k, err)
	}
	return cfg, nil
}

// setArch rebuilds the network as F filters of K×K, from the seed, keeping
// the settings; on an error nothing changes.
func (l *Lab) setArch(f, k int) error {
	cfg, err := archConfig(l.cfg, f, k)
	if err != nil {
		return err
	}
	if cfg == l.cfg {
		return nil
	}
	n, err := core.New(cfg, nil)
	if err != nil {
		return err
	}
	l.cfg, l.net = cfg, n
	l.stepper = core.NewStepper(n, l.rate())
	l.x = make([]float64, cfg.C*cfg.H*cfg.W)
	if l.selected.Tensor != "" && l.selected.Index >= l.tensorLen(l.selected.Tensor) {
		l.selected = Cell{}
	}
	l.reset(l.seed)
	return nil
}
