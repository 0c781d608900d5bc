package lab

import (
	"fmt"
	"strings"
)

// Mode is what the screen is for: the lab (one training step, every
// tensor), the class (travel through training, stage by stage, with the
// equations filled in) or the pad (draw a digit, see it classified, teach
// it). The view arranges the screen by it.
type Mode int

const (
	ModeLab Mode = iota
	ModeClass
	ModePad
	numModes
)

var modeNames = [numModes]string{"lab", "class", "pad"}

func (m Mode) String() string {
	if m < 0 || m >= numModes {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

func parseMode(v string) (Mode, error) {
	for i, n := range modeNames {
		if strings.TrimSpace(v) == n {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("mode %q is not lab, class or pad", clip(v))
}

func parseOnOff(what, v string) (bool, error) {
	switch strings.TrimSpace(v) {
	case "1", "on", "true":
		return true, nil
	case "0", "off", "false":
		return false, nil
	}
	return false, fmt.Errorf("%s %q is not on or off (1 or 0)", what, clip(v))
}

func formatOnOff(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func init() {
	register(
		command{CommandDoc{"mode", "lab|class|pad", "what the screen is for"}, (*Lab).doMode},
		command{CommandDoc{"presenter", "[on|off]", "large type and thick strokes for a projector (none: toggle)"}, (*Lab).doPresenter},
	)
}

func (l *Lab) doMode(arg string) error {
	m, err := parseMode(arg)
	if err != nil {
		return err
	}
	l.mode = m
	if m == ModePad {
		l.enterPad()
	}
	return nil
}

func (l *Lab) doPresenter(arg string) error {
	if arg == "" {
		l.presenter = !l.presenter
		return nil
	}
	on, err := parseOnOff("presenter", arg)
	if err != nil {
		return err
	}
	l.presenter = on
	return nil
}
