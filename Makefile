# microdrama: `make serve` builds the player and serves the demo at http://localhost:8080;
# `make test` runs every test (host, headless Chromium and Firefox, WebKitGTK); `make package` makes the npm
# package. Each target installs what it needs (as root on Debian) and is quick when everything is
# already there.

WASM_BINDGEN_VERSION := 0.2.129
WASM_TARGET := wasm32-unknown-unknown
WASM := target/$(WASM_TARGET)/release/microdrama.wasm
PORT ?= 8080
# The studio's module (www/studio.html): the crate with the `studio` feature, in its own target dir so
# the player's cached build is untouched; dagre (npm, pinned) lays out its map.
STUDIO_WASM := target/studio/$(WASM_TARGET)/release/microdrama.wasm
# binaryen from npm (package.json pins it). -O1, not -Oz: on this module -Oz saves 7% raw but its output
# gzips 5% larger (BENCHMARKS.md, "Size levers"); the budget is gzip. The features are the ones rustc
# enables for wasm32 (the stripped module no longer lists them).
# terser from npm (pinned) shrinks wasm-bindgen's generated glue, which is shipped beside the wasm.
TERSER := node_modules/.bin/terser
WASM_OPT := node_modules/.bin/wasm-opt -O1 --strip-debug --strip-producers --enable-bulk-memory \
	--enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
	--enable-multivalue

export PATH := $(HOME)/.cargo/bin:$(PATH)
# wasm-bindgen-test drives Debian's Chromium through its ChromeDriver, with the flags in webdriver.json.
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
# The same tests in Debian's Firefox ESR, through geckodriver (GECKODRIVER picks it over ChromeDriver;
# the runner adds -headless; the autoplay prefs are in webdriver.json).
GECKODRIVER_VERSION := 0.37.1
GECKODRIVER := $(HOME)/.cargo/bin/geckodriver
PACKAGE := target/package
export WASM_BINDGEN_TEST_TIMEOUT := 120

.PHONY: serve build test test-host test-browser test-webkit test-e2e test-types setup-build setup-test setup-firefox \
	setup-webkit package bench size-check fuzz demo-media screenshots

# The project's own static server (the one the end-to-end tests use): byte ranges, so resumed videos seek.
serve: build
	node tests/e2e/static-server.mjs $(PORT)

# The shipped wasm is built as a cdylib alone: Cargo.toml's rlib (for the tests and the host binary)
# would keep more of the crate's code in the module (BENCHMARKS.md, "Shipped bytes"). Then the studio's
# module (www/studio-pkg/) and dagre (www/vendor/).
build: setup-build node_modules/.package-lock.json
	cargo rustc --release --lib --target $(WASM_TARGET) --crate-type cdylib
	wasm-bindgen --target web --out-dir www/pkg $(WASM)
	$(WASM_OPT) www/pkg/microdrama_bg.wasm -o www/pkg/microdrama_bg.wasm
	$(TERSER) www/pkg/microdrama.js --module --compress --mangle --comments /@ts-self-types/ -o www/pkg/microdrama.js
	cargo build --release --lib --target $(WASM_TARGET) --features studio --target-dir target/studio
	wasm-bindgen --target web --out-dir www/studio-pkg $(STUDIO_WASM)
	mkdir -p www/vendor && cp node_modules/@dagrejs/dagre/dist/dagre.esm.js www/vendor/dagre.esm.js

# WebKit last: a failure there (a WebKitGTK crash or deadlock that outlasts the reruns in
# tests/webdriver/wasm-suite.mjs, or a real one) does not keep the other tests from running.
test: setup-test test-host test-types test-browser test-e2e size-check test-webkit

test-host:
	cargo test

# package/micro-drama.d.ts against a partner's typed example (tsc from npm, pinned in package.json).
test-types: node_modules/.package-lock.json
	node_modules/.bin/tsc -p tests/types/tsconfig.json

test-browser: build setup-firefox
	cargo test --target $(WASM_TARGET) --test web
	GECKODRIVER=$(GECKODRIVER) cargo test --target $(WASM_TARGET) --test web

# The same tests in WebKitGTK's MiniBrowser (Debian's WebKitWebDriver) under Xvfb, seven to a browser
# session: tests/webdriver/wasm-suite.mjs serves each batch with wasm-bindgen-test-runner, which cannot
# start a WebKitGTK session itself, and reads the results from the page. It prints each test it skips
# and why. A 24-bit screen: xvfb-run's default is 8 bits.
test-webkit: setup-webkit
	cargo test --target $(WASM_TARGET) --test web --no-run
	xvfb-run -a -s "-screen 0 1280x1024x24" node tests/webdriver/wasm-suite.mjs

# The demo page in Chromium with real touch input (playwright-core drives Debian's Chromium);
# screenshots land in test-output/.
test-e2e: build package node_modules/.package-lock.json
	node --test tests/e2e/

# Every screen state of the demo (playing, buffering, choice, countdown, drawer, menus, lock, ending, feed
# end, error) at 320×568, 390×844, 844×390 and 1280×800, in English and Chinese, in Debian's Chromium:
# test-output/screenshots/<lang>/<size>-<state>.png and contact-sheet.png, with the layout problems of
# each (tests/e2e/layout.mjs) printed. Fails only when a state cannot be reached. Four to five minutes on
# two busy cores; `make screenshots SHOTS=choice` shoots only the names containing "choice" (or "zh-CN",
# "390x844-lock"), SCREENSHOT_JOBS=1 one shot at a time (default 2).
screenshots: setup-test build node_modules/.package-lock.json
	node tests/e2e/screenshots.mjs $(SHOTS)

# The npm package in $(PACKAGE)/: package.json (version from Cargo.toml; exports "." the custom element,
# "./player" wasm-bindgen's module with `Player`, each with its types), the wasm, micro-drama.js and
# .css. Then `npm pack` must accept it and the tarball (target/microdrama-*.tgz) hold every export.
package: build
	rm -rf $(PACKAGE) && mkdir -p $(PACKAGE)/pkg
	cp www/micro-drama.js www/micro-drama.css package/micro-drama.d.ts package/README.md $(PACKAGE)/
	cp www/pkg/microdrama.js www/pkg/microdrama.d.ts www/pkg/microdrama_bg.wasm www/pkg/microdrama_bg.wasm.d.ts \
		$(PACKAGE)/pkg/
	node package/package-json.mjs > $(PACKAGE)/package.json
	node package/check-pack.mjs $(PACKAGE)

# Shipped size against the figure in BENCHMARKS.md: fails past +5% (gzip bytes; no timing).
size-check: build node_modules/.package-lock.json
	node tests/bench/size-check.mjs

# Writes BENCHMARKS.md: shipped bytes beside hls.js light, the catalog on the host (criterion) and in
# Chromium, swipe, skimming and choice latency, a soak. Keep builds sequential: the benches want both
# cores. One section alone, after `make build`: `BENCH_ROWS=skimming node tests/bench/run.mjs`.
# cargo bench unwinds like its harness: with release's abort, the binary cargo builds beside the bench
# wants a second copy of the library under the same file name, and the two builds race for it (cargo
# warns that the setting is ignored; it is for the harness, not for the binary).
bench: setup-test build node_modules/.package-lock.json
	node tests/bench/catalog.mjs target/bench 1000 10000 20000
	CARGO_PROFILE_BENCH_PANIC=unwind cargo bench --bench catalog
	node tests/bench/run.mjs

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

setup-build:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
		|| cargo install --locked --force wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

# Chromium and its driver; a CJK font (Noto) so that the Chinese screens and screenshots show Chinese.
setup-test: setup-build setup-firefox
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }
	@dpkg-query -W -f='$${db:Status-Status}' fonts-noto-cjk 2>/dev/null | grep -qx installed \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; }

# WebKitGTK and its driver, GStreamer's VP8/VP9 and WebM (good) and base plugins, Xvfb, a D-Bus daemon for
# the browser's session bus, and a CJK font so Chinese text renders.
WEBKIT_PACKAGES := webkit2gtk-driver xvfb xauth dbus-daemon gstreamer1.0-plugins-good gstreamer1.0-plugins-base \
	fonts-noto-cjk

setup-webkit: setup-build
	@missing=$$(for p in $(WEBKIT_PACKAGES); do \
		dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || echo $$p; done); \
	[ -z "$$missing" ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; }

setup-firefox:
	@command -v firefox-esr >/dev/null \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr; }
	@$(GECKODRIVER) --version 2>/dev/null | grep -q "^geckodriver $(GECKODRIVER_VERSION)" \
		|| cargo install --locked --force geckodriver --version $(GECKODRIVER_VERSION)

# The demo's media (www/demo/media/: clips, posters, captions), drawn and synthesised by
# www/demo/make-media.py with Debian's pycairo, numpy and ffmpeg. Not part of `make test`: it takes
# about ten minutes on one core, and its output is committed (the same bytes on every run).
# `make demo-media CLIPS="af-ep1-s1 af-ep1"` redoes only those clips or posters.
DEMO_PYTHON ?= /usr/bin/python3
demo-media:
	@$(DEMO_PYTHON) -c 'import cairo, numpy' 2>/dev/null && command -v ffmpeg >/dev/null \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-cairo python3-numpy ffmpeg; }
	$(DEMO_PYTHON) www/demo/make-media.py $(CLIPS)

# Fuzzing, apart from `make test` (it needs nightly; the property tests cover the same ground in CI):
# each target in turn for FUZZ_SECONDS on one core. What a run finds goes to fuzz/work/<target>/ (its
# log too), crashes to fuzz/artifacts/<target>/; the committed seeds in fuzz/corpus/ stay as they are.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := catalog_load expr save_restore

fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	cd fuzz && for target in $(FUZZ_TARGETS); do \
		mkdir -p work/$$target && \
		cargo +nightly fuzz run $$target work/$$target corpus/$$target -- \
			-jobs=1 -workers=1 -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
			$$(test -f $$target.dict && echo -dict=$$target.dict) >/dev/null; \
		mv fuzz-0.log work/$$target.log; \
		grep -E '^#[0-9]+ +DONE|^stat::average_exec_per_sec' work/$$target.log | sed "s/^/$$target: /"; \
		if ls artifacts/$$target/* >/dev/null 2>&1; then \
			tail -n 40 work/$$target.log; echo "fuzz: $$target found a crash: fuzz/artifacts/$$target/"; exit 1; \
		fi; \
	done
