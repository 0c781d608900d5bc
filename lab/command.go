package lab

import (
	"fmt"
	"sort"
	"strings"
)

// Command is one thing a user asks of the lab: a name from [Commands] and
// an argument, "" when it takes none. Arguments are words or numbers as a
// person types them: Command{"lr", "0.03"}, Command{"lr", "up"},
// Command{"speed", "max"}, Command{"sample", "12"}.
type Command struct {
	Name string
	Arg  string
}

// String is the command as the JS API and the help spell it: "lr 0.03".
func (c Command) String() string {
	if c.Arg == "" {
		return c.Name
	}
	return c.Name + " " + c.Arg
}

// Do is a shorthand for a Command without an argument.
func Do(name string) Command { return Command{Name: name} }

// CommandDoc describes one command for the help and the JS API's errors.
type CommandDoc struct {
	Name string
	Arg  string // what the argument may be, "" if none
	Help string
}

// handler carries out a command with its argument; the error is the
// sentence the user reads.
type handler func(l *Lab, arg string) error

type command struct {
	doc CommandDoc
	run handler
}

// commands is every command the lab takes, by name; see Commands. Each
// part of the lab registers its own (register, from an init in its file).
var commands = map[string]command{}

// register adds commands to the table; a name registered twice panics, a
// programming error that every test finds.
func register(cs ...command) {
	for _, c := range cs {
		if _, dup := commands[c.doc.Name]; dup {
			panic("lab: command " + c.doc.Name + " registered twice")
		}
		commands[c.doc.Name] = c
	}
}

func init() {
	register(
		command{CommandDoc{"step", "", "finish the step in progress, or run the next one whole"}, (*Lab).doStep},
		command{CommandDoc{"run", "", "train continuously, at the speed set"}, (*Lab).doRun},
		command{CommandDoc{"pause", "", "stop training"}, (*Lab).doPause},
		command{CommandDoc{"run-pause", "", "run if paused, pause if running"}, (*Lab).doRunPause},
		command{CommandDoc{"stage-next", "", "run the next stage of the step"}, (*Lab).doStageNext},
		command{CommandDoc{"stage-prev", "", "undo the last stage (parameters restored exactly)"}, (*Lab).doStagePrev},
		command{CommandDoc{"reset", "[seed]", "new weights from the seed (or this seed), step 0, first sample"}, (*Lab).doReset},
		command{CommandDoc{"seed", "<seed>|up|down", "reset with weights from this seed (up, down: the next, the one before)"}, (*Lab).doSeed},
		command{CommandDoc{"lr", "<rate>|up|down", "set the learning rate, or move it one notch"}, (*Lab).doLR},
		command{CommandDoc{"sample", "[index]|next|prev", "show this MNIST training digit (none: the next)"}, (*Lab).doSample},
		command{CommandDoc{"speed", "up|down|min|max|<steps per frame>", "how fast Run trains"}, (*Lab).doSpeed},
		command{CommandDoc{"scope", "[layer|map|shared]", "what a colour scale spans (none: the next)"}, (*Lab).doScope},
		command{CommandDoc{"help", "[on|off]", "show or hide the help (none: toggle)"}, (*Lab).doHelp},
		command{CommandDoc{"dismiss", "", "cancel the number being typed, or close the help and clear the message and the selection"}, (*Lab).doDismiss},
		command{CommandDoc{"digit", "<0–9>", "type a digit of a sample number to go to"}, (*Lab).doDigit},
		command{CommandDoc{"backspace", "", "erase the last digit typed"}, (*Lab).doBackspace},
		command{CommandDoc{"confirm", "", "go to the sample typed; with none typed, one step"}, (*Lab).doConfirm},
		command{CommandDoc{"say", "<text>", "show a message on the message line"}, (*Lab).doSay},
	)
}

// Commands lists every command Apply takes, by name.
func Commands() []CommandDoc {
	docs := make([]CommandDoc, 0, len(commands))
	for _, c := range commands {
		docs = append(docs, c.doc)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs
}

// unknown is the error for a command name Apply does not know.
func unknown(name string) error {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return fmt.Errorf("unknown command %q: the commands are %s", clip(name), strings.Join(names, ", "))
}

// noArg refuses an argument given to a command that takes none.
func noArg(name, arg string) error {
	if arg != "" {
		return fmt.Errorf("%s takes no argument, but was given %q", name, clip(arg))
	}
	return nil
}

// clip shortens what a user typed for quoting in a message, so that one
// line stays one line however long the input.
func clip(s string) string {
	const most = 40
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}
