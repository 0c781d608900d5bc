package lab

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"backproplab/core"
)

// Settings are what a link or the desktop's flags can set: the page's
// address is ?seed=3&lr=0.03&sample=12&speed=max&scope=map, the desktop's
// flags -seed 3 -lr 0.03 …. Each setting is read by one function, which
// the command that sets it uses too, so a value is checked in one place.
//
// A link is replayed as Commands ([Settings.Commands]), so opening it is
// the same as typing them.
type Settings struct {
	Seed   uint64  // seed of the initial weights, 0 to MaxSeed
	LR     float64 // learning rate (core.ValidLR)
	Sample int     // the MNIST training digit shown, from 0
	Speed  Speed   // how fast Run trains
	Scope  Scope   // what a colour scale spans

	Mode      Mode   // what the screen is for
	Presenter bool   // large type for a projector
	Colors    Colors // the colour theme (colors.go)
	Cell      Cell   // the selected cell, Tensor "" for none
	// Weights is where the parameters start: from the seed, or the
	// pretrained network (the default on the pad: see PadDefault).
	Weights Weights

	F, K     int      // the network's size: F filters of K×K (arch.go)
	Schedule Schedule // constant, or linear over Epochs (train.go)
	Epochs   int

	// The run and the place in it (journal.go): the steps taken since the
	// reset, compactly, and the step and stage shown. Sample is the one
	// shown; LR and Next are those of the step to be taken at the run's
	// head.
	Journal string
	Next    string // the head's next sample when chosen by hand ("" otherwise)
	Step    int
	Stage   core.Stage
}

// DefaultSettings are the settings a plain address or no flags give.
var DefaultSettings = Settings{Seed: 1, LR: 0.01, Sample: 0, Speed: defaultSpeed, Scope: ScopeLayer, Mode: ModeLab, Stage: core.StageLoss,
	F: core.MNIST.F, K: core.MNIST.K, Schedule: ScheduleConstant, Epochs: 1}

// MaxSeed is the largest seed: 2⁵³, the largest whole number that a
// JavaScript number, and so the page's JS API, holds exactly.
const MaxSeed = 1 << 53

// A setting is one field of Settings: its name in the address and the
// flags, what it takes, and how it is read and written.
type setting struct {
	name, takes string
	parse       func(s *Settings, v string) error
	format      func(s Settings) string
}

// settings are in the order Commands replays them: the seed first, since
// it resets the lab.
var settings = []setting{
	{"seed", "a whole number from 0 to 2⁵³ (the seed of the initial weights)",
		func(s *Settings, v string) (err error) { s.Seed, err = parseSeed(v); return err },
		func(s Settings) string { return strconv.FormatUint(s.Seed, 10) }},
	{"weights", "pretrained or seed (where the parameters start; on the pad pretrained unless told)",
		func(s *Settings, v string) (err error) { s.Weights, err = parseWeights(v); return err },
		func(s Settings) string {
			if s.Weights == WeightsSeed && s.Mode != ModePad {
				return "" // the default, left out of the address, which is short
			}
			return s.Weights.String()
		}},
	{"F", "the number of filters, 1 to 16",
		func(s *Settings, v string) (err error) { s.F, err = parseSize("F", v, MaxF); return err },
		func(s Settings) string { return strconv.Itoa(s.F) }},
	{"K", "the filters' size K×K, K from 1 to 9",
		func(s *Settings, v string) (err error) { s.K, err = parseSize("K", v, MaxK); return err },
		func(s Settings) string { return strconv.Itoa(s.K) }},
	{"journal", "the steps of the run: their number, then from which step which rate (l) and sample (s), such as 300_0l0.01_120s7",
		func(s *Settings, v string) error {
			if _, err := parsePlan(v, maxJournal); err != nil && v != "" {
				return err
			}
			s.Journal = strings.TrimSpace(v)
			return nil
		},
		func(s Settings) string { return s.Journal }},
	{"next", "the sample of the step after the journal, when it is not the one after the journal's last",
		func(s *Settings, v string) error {
			if _, err := parseSample(v); err != nil && v != "" {
				return err
			}
			s.Next = strings.TrimSpace(v)
			return nil
		},
		func(s Settings) string { return s.Next }},
	{"lr", "a learning rate, such as 0.01",
		func(s *Settings, v string) (err error) { s.LR, err = parseLR(v); return err },
		func(s Settings) string { return strconv.FormatFloat(s.LR, 'g', -1, 64) }},
	{"schedule", "constant or linear (backprop train's: decay to 0 over the epochs, shuffled)",
		func(s *Settings, v string) (err error) { s.Schedule, err = parseSchedule(v); return err },
		func(s Settings) string { return s.Schedule.String() }},
	{"epochs", "the epochs of a linear run, 1 to 1000",
		func(s *Settings, v string) (err error) { s.Epochs, err = parseEpochs(v); return err },
		func(s Settings) string { return strconv.Itoa(s.Epochs) }},
	{"sample", "the number of an MNIST training digit, from 0",
		func(s *Settings, v string) (err error) { s.Sample, err = parseSample(v); return err },
		func(s Settings) string { return strconv.Itoa(s.Sample) }},
	{"speed", "steps per frame: " + speedWords(),
		func(s *Settings, v string) (err error) { s.Speed, err = parseSpeed(v); return err },
		func(s Settings) string { return s.Speed.Word() }},
	{"scope", "layer, map or shared (what a colour scale spans)",
		func(s *Settings, v string) (err error) { s.Scope, err = parseScope(v); return err },
		func(s Settings) string { return s.Scope.String() }},
	{"mode", "lab, class or pad (what the screen is for)",
		func(s *Settings, v string) (err error) { s.Mode, err = parseMode(v); return err },
		func(s Settings) string { return s.Mode.String() }},
	{"cell", "the selected cell: a tensor and an index, such as Z.300",
		func(s *Settings, v string) (err error) {
			if v == "" {
				s.Cell = Cell{}
				return nil
			}
			s.Cell, err = parseCell(v)
			return err
		},
		func(s Settings) string { return s.Cell.String() }},
	{"presenter", "1 or 0 (large type and thick strokes for a projector)",
		func(s *Settings, v string) (err error) { s.Presenter, err = parseOnOff("presenter", v); return err },
		func(s Settings) string { return formatOnOff(s.Presenter) }},
	// The standard colours are left out of the address (as no cell is), so
	// that the links made before the setting existed are what it makes.
	{"colors", "standard or contrast (high contrast for a washed-out projector)",
		func(s *Settings, v string) (err error) { s.Colors, err = parseColors(v); return err },
		func(s Settings) string { return s.Colors.String() }},
	{"step", "the step shown, a whole number from 0 up to the journal's steps",
		func(s *Settings, v string) (err error) { s.Step, err = parseSample(v); return err },
		func(s Settings) string { return strconv.Itoa(s.Step) }},
	{"stage", "the stage shown: " + strings.Join(stageWords[:], ", "),
		func(s *Settings, v string) (err error) { s.Stage, err = parseStage(v); return err },
		func(s Settings) string { return stageWord(s.Stage) }},
}

func parseSeed(v string) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	if err != nil || n > MaxSeed {
		return 0, fmt.Errorf("seed %q is not a whole number from 0 to %d (2⁵³)", clip(v), uint64(MaxSeed))
	}
	return n, nil
}

func parseLR(v string) (float64, error) {
	lr, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0, fmt.Errorf("learning rate %q is not a number: give one such as 0.01", clip(v))
	}
	if err := core.ValidLR(lr); err != nil {
		return 0, err
	}
	return lr, nil
}

func parseSample(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("sample %q is not a whole number from 0 up", clip(v))
	}
	return n, nil
}

// Values is s as an address's query: every setting, so that the link
// means the same whatever later versions choose as defaults (but a cell
// only when one is selected).
func (s Settings) Values() url.Values {
	q := url.Values{}
	for _, f := range settings {
		if f.name == "colors" && s.Colors == ColorsStandard {
			continue // left out: see settings
		}
		if v := f.format(s); v != "" {
			q.Set(f.name, v)
		}
	}
	return q
}

// Commands are the commands that bring a lab from its start to s: a
// reset to s's seed, then each other setting that differs from the
// default. On the pad the weights are given even when they are the
// seed's, since entering the pad would otherwise take the pretrained ones.
func (s Settings) Commands() []Command {
	cmds := []Command{{"seed", settings[0].format(s)}}
	if s.F != DefaultSettings.F || s.K != DefaultSettings.K {
		cmds = append(cmds, Command{"arch", strconv.Itoa(s.F) + " " + strconv.Itoa(s.K)}) // one command sets both
	}
	for _, f := range settings[1:] {
		v := f.format(s)
		switch {
		case f.name == "F" || f.name == "K":
			continue // arch, above
		case f.name == "sample" && s.Journal != "":
			continue // the journal and the step say which
		case f.name == "next" && v != "":
			cmds = append(cmds, Command{"sample", v}) // at the head, right after the journal
			continue
		case f.name == "stage":
			continue // with the step
		case f.name == "weights" && s.Mode == ModePad:
			// given even when the seed's: entering the pad would take the pretrained ones
		case v == f.format(DefaultSettings) && (f.name != "step" || s.Stage == DefaultSettings.Stage):
			continue
		}
		switch f.name {
		case "cell":
			cmds = append(cmds, Command{"select", v}) // the command that selects a cell
		case "step":
			cmds = append(cmds, Command{"goto", v + " " + stageWord(s.Stage)})
		default:
			cmds = append(cmds, Command{f.name, v})
		}
	}
	return cmds
}

// ParseQuery reads settings from an address's query (without the "?").
// It never fails as a whole: a value that cannot be used leaves that
// setting at its default, and the problems say which value was refused,
// why, and what is used instead. One bad pair costs only its own setting
// (a stray "%" or ";" in one value leaves the others alone). Keys that are
// not settings are ignored, as a course page may add its own.
func ParseQuery(query string) (Settings, []error) {
	s := DefaultSettings
	var problems []error
	weights := false
	for _, pair := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' }) {
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			continue // not a key we could know
		}
		f, ok := lookup(key)
		if !ok {
			continue
		}
		weights = weights || key == "weights"
		val, err := url.QueryUnescape(v)
		if err != nil {
			problems = append(problems, fmt.Errorf("the address's %s=%s could not be read (a stray %%?): using %s=%s",
				key, clip(v), key, f.format(DefaultSettings)))
			continue
		}
		if err := f.set(&s, val); err != nil {
			problems = append(problems, refused(f, err))
		}
	}
	s.PadDefault(weights)
	return s, problems
}

// PadDefault gives the pad its default weights, the pretrained ones,
// when s opens the pad and given (whether the address or the flags named
// the weights) is false: a drawing is then classified by a trained network
// from the first frame, while the lab starts from the seed's.
func (s *Settings) PadDefault(given bool) {
	if s.Mode == ModePad && !given {
		s.Weights = WeightsPretrained
	}
}

// RegisterFlags defines one flag per setting on fs, each storing into s.
// As with ParseQuery, a value that cannot be used does not stop the
// parse: it is added to *problems and the setting keeps its value.
func (s *Settings) RegisterFlags(fs *flag.FlagSet, problems *[]error) {
	for _, f := range settings {
		def := f.format(DefaultSettings)
		if def == "" {
			def = "none"
		}
		fs.Func(f.name, f.takes+"; default "+def, func(v string) error {
			if err := f.set(s, v); err != nil {
				*problems = append(*problems, refused(f, err))
			}
			return nil
		})
	}
}

// set reads v into s's field, or leaves s as it was and says why not.
func (f setting) set(s *Settings, v string) error {
	t := *s
	if err := f.parse(&t, v); err != nil {
		return err
	}
	*s = t
	return nil
}

func refused(f setting, err error) error {
	return fmt.Errorf("%v; using %s %s", err, f.name, f.format(DefaultSettings))
}

func lookup(name string) (setting, bool) {
	for _, f := range settings {
		if f.name == name {
			return f, true
		}
	}
	return setting{}, false
}

// errNoData is the sentence for sample commands when no digits are loaded.
var errNoData = errors.New("there are no MNIST digits loaded")
