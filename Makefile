# Thin wrapper over CMake and the test scripts. Every target installs what it needs.
BUILD ?= build
JOBS ?= $(shell nproc)
# The build tests run and the image ships: dependencies linked in (cmake/static-deps.cmake).
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATSGUARD_STATIC=ON

.PHONY: all deps build test unit demo clean

all: build

deps:
	scripts/install-deps.sh build
	scripts/fetch-static-sources.sh build-deps

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DATSGUARD_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

# Unit and integration tests only (fast inner loop).
unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Everything CI runs: see tests/run-all.sh for the list of suites.
test:
	tests/run-all.sh

demo: build
	scripts/demo.sh $(BUILD)/ats-guard

clean:
	rm -rf $(BUILD) build-*
