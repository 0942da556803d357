# The Makefile only wraps scripts; meson is the build. See README.md.
.PHONY: run test build deps bench fuzz deb clean

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

build:
	@bash scripts/build.sh build

deps:
	@bash scripts/install-deps.sh

bench:
	@SCALE=$(SCALE) bash scripts/bench.sh

fuzz:
	@bash scripts/fuzz.sh

deb:
	@bash scripts/deb.sh

clean:
	rm -rf build build-sanitize build-fuzz
