// Package lab is Backprop Lab's state and its one entry point, [Lab.Apply].
//
// A [Lab] holds the network, the training step in progress (stepped one
// [core.Stage] at a time, forwards and back), the sample, the settings
// (seed, learning rate, speed, colour scope) and the run's history (loss
// and running accuracy). It changes only through [Lab.Apply], which
// carries out one [Command] (a name and an argument), and through
// [Lab.Tick], which trains for one frame while the lab runs.
//
// Every road into the lab produces Commands: the keys ([Bindings]), the
// buttons, the page's JS API (command(name, arg)), the address and the
// desktop's flags ([Settings], whose [Settings.Commands] replays them), and
// next the drawing pad. So the same Command from any of them leaves the lab
// in the same state, and a setting is checked in one place: the command
// that sets it.
//
// Everything else is read-only: the view (package viz) draws what the
// accessors return — [Lab.Net], [Lab.Status], [Lab.History] — and never
// writes it.
//
// Where to start: [New], then [Commands] for what Apply takes.
//
// lab imports the standard library, core and tracefmt (core's step as
// `backprop trace` writes it) only: no ebiten, no images,
// so it is tested without a display and as wasm under Node.
package lab
