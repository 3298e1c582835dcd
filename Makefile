# Tiny Leaps — `make demo` and `make test` work from a fresh clone on a fresh Debian
# machine (Python 3.11, root): they install system tools with apt-get when missing,
# create .venv, install the project with its bundled voices and model, then run.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMP := $(VENV)/.stamp-$(shell cat pyproject.toml Makefile | sha256sum | cut -c1-12)
DEV_STAMP := $(STAMP)-dev

# command:debian-package pairs, installed only when the command is missing
RUNTIME_TOOLS := ffmpeg:ffmpeg ffprobe:ffmpeg flite:flite espeak-ng:espeak-ng sox:sox
TEST_TOOLS := chromium:chromium

.PHONY: all install dev demo test test-fast system system-test lint bench clean

all: demo

define apt_missing
	@missing=""; for pair in $(1); do cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "need root (or sudo) for apt-get install$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null; \
	fi
endef

system:
	$(call apt_missing,$(RUNTIME_TOOLS))

system-test: system
	$(call apt_missing,$(TEST_TOOLS))

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[voices,asr,llm,embedded]"
	$(BIN)/python -m tinyleaps.models
	@rm -f $(VENV)/.stamp-*; touch $@

$(DEV_STAMP): $(STAMP)
	$(PIP) install -q -e ".[voices,asr,llm,embedded,dev]"
	@touch $@

install: system $(STAMP)

dev: system-test $(DEV_STAMP)

demo: install
	$(BIN)/tinyleaps demo --out demo-episode/

test: dev
	$(BIN)/python -m pytest -q

# the same suite without the tests marked slow (real models and engines: the LLM, the
# neural voices, speech recognition, Chromium): seconds of feedback while you work
test-fast: dev
	$(BIN)/python -m pytest -q -m "not slow"

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

bench: dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) demo-episode build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
