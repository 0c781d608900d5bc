package lab

// Binding is one key of the keyboard map: Key is the key's name as ebiten
// (and the DOM's KeyboardEvent.code, without its "Key" prefix) spells it,
// Label how the help shows it, and Command what it does.
type Binding struct {
	Key     string
	Label   string
	Command Command
	Help    string
}

// Bindings lists every key, in the order the help shows them. The app
// maps each Key to its Command, and the help is drawn from this list, so
// the two cannot disagree. Keys that share a Label and Help (the digits
// 0–9) are one line of the help.
func Bindings() []Binding { return bindings[:] }

// Aliases are more keys for bound commands, for other layouts and keypads:
// ? (shifted /) for help, the keypad's + and − for speed, its digits and
// its Enter. The help does not list them.
func Aliases() []Binding { return aliases[:] }

const digitHelp = "go to a sample: type its number; on the pad, teach the drawing this label"

var bindings = [...]Binding{
	{"Space", "Space", Do("step"), "one training step (finishes a stepped one)"},
	{"P", "P", Do("run-pause"), "run / pause training"},
	{"ArrowRight", "→", Command{"cursor", "right"}, "next stage of the step (a cell selected, but for the class mode: the next cell)"},
	{"ArrowLeft", "←", Command{"cursor", "left"}, "previous stage, undone exactly (a cell selected, but for the class mode: the cell before)"},
	{"ArrowUp", "↑ ↓", Command{"cursor", "up"}, "the cell above / below (none selected: select one)"},
	{"ArrowDown", "↑ ↓", Command{"cursor", "down"}, "the cell above / below (none selected: select one)"},
	{"Tab", "Tab", Command{"cursor", "next"}, "select a cell in the next panel (Shift+Tab: the one before)"},
	{"Comma", "<", Do("back"), "back one whole step of the run, to the same stage"},
	{"Period", ">", Do("forward"), "forward one step along the run"},
	{"C", "C", Do("class"), "class mode: the run's timeline and the equation of the selected cell"},
	{"L", "L", Do("copy-link"), "copy the link to what is shown"},
	{"E", "E", Do("export"), "export the step as JSON (backprop trace's format) and the view as PNG"},
	{"N", "N", Command{"sample", "next"}, "next MNIST digit"},
	{"B", "B", Command{"sample", "prev"}, "previous MNIST digit"},
	{"Digit0", "0–9", Command{"digit", "0"}, digitHelp},
	{"Digit1", "0–9", Command{"digit", "1"}, digitHelp},
	{"Digit2", "0–9", Command{"digit", "2"}, digitHelp},
	{"Digit3", "0–9", Command{"digit", "3"}, digitHelp},
	{"Digit4", "0–9", Command{"digit", "4"}, digitHelp},
	{"Digit5", "0–9", Command{"digit", "5"}, digitHelp},
	{"Digit6", "0–9", Command{"digit", "6"}, digitHelp},
	{"Digit7", "0–9", Command{"digit", "7"}, digitHelp},
	{"Digit8", "0–9", Command{"digit", "8"}, digitHelp},
	{"Digit9", "0–9", Command{"digit", "9"}, digitHelp},
	{"Backspace", "Backspace", Do("backspace"), "erase the last digit typed"},
	{"Enter", "Enter", Do("confirm"), "go to the sample typed (none typed: one step)"},
	{"Equal", "+", Command{"speed", "up"}, "faster (more steps per frame)"},
	{"Minus", "−", Command{"speed", "down"}, "slower"},
	{"BracketRight", "]", Command{"lr", "up"}, "learning rate up"},
	{"BracketLeft", "[", Command{"lr", "down"}, "learning rate down"},
	{"R", "R", Do("reset"), "reset: new weights from the seed, step 0"},
	{"S", "S", Do("scope"), "colour scale per layer / per map / shared"},
	{"F", "F", Command{"arch", "F up"}, "more filters F (after 16: 1), rebuilt from the seed"},
	{"K", "K", Command{"arch", "K up"}, "larger filters K×K (after 9: 1), rebuilt from the seed"},
	{"D", "D", Do("schedule"), "schedule: constant rate / linear decay over the epochs (backprop train's)"},
	{"W", "W", Do("save-weights"), "save the weights (a download, or a file on the desktop)"},
	{"O", "O", Do("load-weights"), "load the pretrained weights (or drop a weights file on the page)"},
	{"V", "V", Do("presenter"), "presenter view: large type for a projector"},
	{"T", "T", Do("colors"), "colours: standard / high contrast, for a washed-out projector"},
	{"G", "G", Do("zoom"), "zoom: the selected panel (or the stage's output) alone, large / back"},
	{"U", "U", Command{"seed", "up"}, "the next seed: new weights, step 0"},
	{"Y", "Y", Command{"seed", "down"}, "the seed before: new weights, step 0"},
	{"I", "I", Command{"mode", "pad"}, "the drawing pad: draw a digit, see it classified, teach it"},
	{"M", "M", Command{"mode", "lab"}, "the lab: the whole step, every tensor"},
	{"Q", "Q", Do("eraser"), "pad: eraser on / off"},
	{"Z", "Z", Do("undo"), "pad: undo (Backspace too)"},
	{"X", "X", Do("clear"), "pad: clear"},
	{"Semicolon", ";", Command{"pen", "down"}, "pad: thinner pen"},
	{"Quote", "'", Command{"pen", "up"}, "pad: thicker pen"},
	{"H", "H", Do("help"), "this help"},
	{"Escape", "Esc", Do("dismiss"), "cancel the typing, or close help, clear the message and the selection"},
}

var aliases = [...]Binding{
	{"Slash", "?", Do("help"), ""},
	{"NumpadAdd", "+", Command{"speed", "up"}, ""},
	{"NumpadSubtract", "−", Command{"speed", "down"}, ""},
	{"NumpadEnter", "Enter", Do("confirm"), ""},
	{"Numpad0", "0", Command{"digit", "0"}, ""},
	{"Numpad1", "1", Command{"digit", "1"}, ""},
	{"Numpad2", "2", Command{"digit", "2"}, ""},
	{"Numpad3", "3", Command{"digit", "3"}, ""},
	{"Numpad4", "4", Command{"digit", "4"}, ""},
	{"Numpad5", "5", Command{"digit", "5"}, ""},
	{"Numpad6", "6", Command{"digit", "6"}, ""},
	{"Numpad7", "7", Command{"digit", "7"}, ""},
	{"Numpad8", "8", Command{"digit", "8"}, ""},
	{"Numpad9", "9", Command{"digit", "9"}, ""},
}
