# The two entry points of README.md. Everything else is plain CMake.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build demo test bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/refrain scan datasets/samples --manifest datasets/samples/manifest.csv --out out/demo
	@echo "demo outputs: out/demo/clusters.json out/demo/clusters.dot out/demo/report.txt out/demo/members.csv"

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run.sh
	$(BUILD)/bin/refrain-bench --sizes-mb 1,10

clean:
	rm -rf $(BUILD) out
