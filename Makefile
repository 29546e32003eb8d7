# FG Desk. `make run` and `make test` set everything up on a fresh
# Debian/Ubuntu machine (system packages via scripts/deps.sh).

GO       ?= go
BIN      ?= bin/fgdesk
FUZZTIME ?= 5s

.PHONY: all run build test vet unit fuzz bench screenshots deps test-deps clean dist wine-test

all: build

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

build: deps
	$(GO) build -o $(BIN) ./app

run: build
	./$(BIN)

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 -timeout 30m ./...

# Every Fuzz target, briefly (FUZZTIME each); crashers land in testdata/fuzz.
fuzz:
	@FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

test: test-deps vet unit fuzz wine-test

# fgdesk.exe built with mingw and run under wine64 against the Linux binary
# (issue 12): version, export, check, exit codes, %AppData%\fgdesk.
wine-test: build
	scripts/wine-test.sh $(BIN)

# Installable packages in dist/ (Linux binary and fyne tarball, Windows exe
# and zip, SHA256SUMS). Cold: ~10 minutes (two cgo builds).
dist: deps
	@dpkg-query -W gcc-mingw-w64-x86-64-win32 >/dev/null 2>&1 || scripts/deps.sh test
	scripts/dist.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Real-window screenshots under Xvfb into docs/ (needs `make test-deps`).
screenshots: build
	scripts/screenshots.sh $(BIN)

clean:
	rm -rf bin dist
