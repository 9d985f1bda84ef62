# Sportello. Two commands on a fresh Debian/Ubuntu machine:
#   make run   — install what is missing, build, open the app
#   make test  — install what is missing, run every check and test (what CI runs)
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test deps-run deps-test ui ui-deps lint test-ui build test-all bundle bench bindings record-screens fuzz clean

# One warm target dir shared by every build and by CI runs on the same machine.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/sportello-target
export PATH := $(HOME)/.cargo/bin:$(PATH)
APP := $(CARGO_TARGET_DIR)/debug/sportello

run: deps-run ui
	cargo build -p sportello
	$(APP)

test: deps-test ui lint test-ui build test-all

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

ui-deps: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

# The app embeds ui/dist at compile time, so the UI is built before any cargo build of it, and
# only when its sources changed: a fresh ui/dist makes cargo compile the app again (minutes in
# release).
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package.json \
  ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json
ui: ui/dist/index.html

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build
	@touch $@

# No circle between files in any crate (inbox <-> sync excepted, by design; ARCHITECTURE.md),
# read both as rustc resolves paths and literally, module by module.
LAYERED := crates/core crates/meta crates/sim crates/telegram crates/cli crates/channels src-tauri bench
lint: ui-deps
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	python3 scripts/import-cycles.py --allow inbox:sync $(LAYERED)
	python3 scripts/import-cycles.py --strict --allow inbox:sync $(LAYERED)
	cd ui && npm run check

# Unit and component tests, then every screen state of the built UI in Chromium with the real
# app's recorded answers (ui/e2e), screenshotted into ui/e2e/results/screens.
test-ui: ui-deps ui
	cd ui && npm test
	cd ui && npm run screens

# Builds every target once (bins, tests) with the features `cargo test` uses, so the test run
# below compiles nothing again.
# The blank window is only the benchmarks' baseline (built in release by `make bench`).
NOT_TESTED := --exclude sportello-blank-window
build:
	cargo build --workspace $(NOT_TESTED) --all-targets --locked

test-all:
	scripts/headless-session.sh cargo test --workspace $(NOT_TESTED) --all-targets --locked

# The UI's TypeScript types (from core) and calls and events (from src-tauri), regenerated.
bindings:
	UPDATE_BINDINGS=1 cargo test -p sportello-core bindings
	UPDATE_BINDINGS=1 cargo test -p sportello bridge

# The real app's answers in the states the screenshot suite renders (ui/e2e/recorded).
record-screens: deps-test ui
	cargo build -p sportello -p sportello-sim --locked
	scripts/headless-session.sh cargo test -p sportello-e2e --test integration --locked -- --ignored record_screens

# Installers for this platform (Linux: .deb and AppImage; the same config makes .msi and .dmg
# on Windows and macOS). Run from the top folder, where the Tauri CLI finds src-tauri; the UI
# is already built by the `ui` prerequisite. The AppImage step downloads Tauri's AppImage
# tools from github.com the first time; without that access only the .deb is made.
TAURI := ui/node_modules/.bin/tauri
NO_UI_BUILD := --config '{"build":{"beforeBuildCommand":""}}'
bundle: deps-run ui
	$(TAURI) build --bundles deb $(NO_UI_BUILD)
	$(TAURI) bundle --bundles appimage $(NO_UI_BUILD) || \
	  { echo "AppImage not made: Tauri's AppImage tools could not be downloaded (github.com). The .deb is in $(CARGO_TARGET_DIR)/release/bundle/deb/"; exit 1; }
	@ls $(CARGO_TARGET_DIR)/release/bundle/*/

# Every benchmark against its baseline, measured in the same run (see bench/ and README): the
# release app, a blank Tauri window and the suite, built in one cargo run (so their shared
# crates are compiled once, with the same features), the two .deb installers made from those
# binaries, then the suite under the same headless session as the tests. Prints the table and
# writes bench/results.md and .json.
# Its half hour counts from when it was typed, installs and builds included: the long memory
# session, last, gets what is left of it (up to 20 minutes; see bench/src/budget.rs).
RELEASE := $(CARGO_TARGET_DIR)/release
BENCH_STARTED := $(shell date +%s)
bench: deps-test ui
	cargo build --release --locked -p sportello -p sportello-blank-window -p sportello-bench
	$(TAURI) bundle --bundles deb $(NO_UI_BUILD)
	cd bench/blank-window && ../../$(TAURI) bundle --bundles deb
	scripts/headless-session.sh $(RELEASE)/sportello-bench --out bench --started-at $(BENCH_STARTED) \
	  --app-binary $(RELEASE)/sportello --blank-binary $(RELEASE)/sportello-blank-window \
	  --bundle-dir $(RELEASE)/bundle/deb

# Fuzzing what strangers' bytes reach first (fuzz/): each target for FUZZ_SECONDS (10 minutes
# by default), its corpus seeded from ../shared/fixtures. Needs nightly Rust and cargo-fuzz
# (installed here if missing). Not part of `make test`; crashes land in fuzz/artifacts/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := telegram_updates whatsapp_delivery messenger_delivery receiver_body text_split
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
	scripts/fuzz-corpus.sh
	for t in $(FUZZ_TARGETS); do \
	  (cd fuzz && cargo +nightly fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048) || exit 1; \
	done

clean:
	rm -rf ui/dist ui/node_modules
	cargo clean
