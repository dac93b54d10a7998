# paramsql build and test entry points.
#
#   make build         bin/paramsql
#   make test          all tests against real servers (scripts/with-servers.sh
#                      starts PostgreSQL, ClickHouse and MariaDB, installing
#                      them with apt if needed, and always stops them)
#   make test-unit     go test ./... without servers (integration tests skip)
#   make bench         benchmarks
#   make demo          the demo project
#   make servers-up    start servers in .testenv/ for interactive work;
#                      then: source .testenv/env
#   make servers-down  stop them

SHELL := /bin/bash
GO ?= go
PKGS ?= ./...
TEST_FLAGS ?= -count=1 -timeout 9m
TESTENV_DIR ?= $(CURDIR)/.testenv
# What paramsql --version prints: the checkout's tag or commit.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)
SERVER_ENV := PARAMSQL_TEST_POSTGRES_DSN PARAMSQL_TEST_CLICKHOUSE_DSN PARAMSQL_TEST_MYSQL_DSN

.PHONY: build test test-unit bench demo servers-up servers-down

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/paramsql ./cmd/paramsql

test:
	scripts/with-servers.sh env CGO_ENABLED=1 $(GO) test $(TEST_FLAGS) $(PKGS)

# Without servers: unset their DSNs, and CI, which would turn skips into failures.
test-unit:
	env $(addprefix -u ,$(SERVER_ENV)) -u CI CGO_ENABLED=1 $(GO) test $(TEST_FLAGS) $(PKGS)

# The benchmark program (ratios on embedded DuckDB, see BENCHMARKS.md),
# then the Go micro-benchmarks: 1M, 10M and 100M events in one run, each
# size skipped if the machine lacks the memory (100M needs about 20 GiB).
# BENCH_FLAGS=-short runs a smoke test.
BENCH_FLAGS ?=
bench:
	CGO_ENABLED=1 $(GO) run ./cmd/paramsql-bench $(BENCH_FLAGS)
	CGO_ENABLED=1 $(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# The demo's events end when it is made, so the update needs no --as-of.
# --force refreshes the demo's own files and keeps its posterior history.
demo: build
	bin/paramsql demo --force demo
	bin/paramsql update --project demo
	bin/paramsql report --project demo --out demo/report

servers-up:
	scripts/testenv.sh up $(TESTENV_DIR)
	@echo "servers are up; run: source $(TESTENV_DIR)/env   (stop: make servers-down)"

servers-down:
	scripts/testenv.sh down $(TESTENV_DIR)
	rm -rf $(TESTENV_DIR)
