// Package nodisplay stops the desktop app with one sentence, before ebiten
// starts, when there is no display (see nodisplay.go, Linux only: elsewhere
// it does nothing). Its tests need a display themselves, as make test gives
// them (xvfb-run).
package nodisplay
