# Two commands on a fresh machine: `make run` and `make test`. Every set-up step lives here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_VERSION := 26.3
PIP_TOOLS_VERSION := 7.6.2
AXE_CORE_VERSION := 4.14.1
# `make lock` takes the newest versions allowed; `make lock LOCK_FLAGS=` only adds what is new.
LOCK_FLAGS ?= --upgrade
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: help install lock triage stranger browser-deps server-deps index run test eval bench bench-full loadtest attack report-unanswered clean
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip==$(PIP_VERSION)
	# Every package at the exact version and hash of requirements.lock, torch's CPU wheel included.
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	# The project itself, editable; its dependencies came from the lock, nothing is resolved here.
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $@

install: $(STAMP)  ## create .venv and install the locked packages with the test tools

lock:  ## refresh requirements.lock on purpose: newest versions pyproject.toml allows, with hashes
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet pip==$(PIP_VERSION) pip-tools==$(PIP_TOOLS_VERSION)
	.lock-venv/bin/pip-compile --quiet $(LOCK_FLAGS) --generate-hashes --allow-unsafe --extra test \
	  --strip-extras --no-emit-index-url --output-file requirements.lock pyproject.toml
	@echo "requirements.lock refreshed: run make test, then commit it with the eval figures it gives."

index: install  ## build the index and the ONNX export of the model if missing or stale (a no-op otherwise)
	$(BIN)/python -m chatbot build-index

run: index  ## serve the chat at http://127.0.0.1:7860
	$(BIN)/python app.py --build

browser-deps:  ## Debian's chromium and chromium-driver, and axe-core from npm, for the browser tests (once)
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver; }
	@$(MAKE) --no-print-directory node_modules/axe-core/axe.min.js

# axe-core runs inside the test browser (tests/test_browser_ux.py reads node_modules/axe-core/axe.min.js,
# or the file named by CHATBOT_AXE_JS); npm checks the package's integrity against the registry's record.
node_modules/axe-core/axe.min.js:
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm; }
	npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts axe-core@$(AXE_CORE_VERSION)
	@head -c 20 $@ | grep -q "axe v$(AXE_CORE_VERSION)" || { echo "axe-core is not $(AXE_CORE_VERSION)"; exit 1; }

server-deps:  ## Debian's redis-server and nginx for the replica tests and the deploy recipe (once)
	@{ command -v redis-server && command -v nginx; } >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server nginx; }

test: install browser-deps server-deps  ## the eval gate, then the whole test suite
	$(BIN)/python -m eval --check --quiet --configs shipped --out-dir .eval-check
	$(BIN)/python -m pytest

eval: index  ## run the evaluation suite: eval/report.md, eval/report.json, eval/chart.png
	$(BIN)/python -m eval

triage: index  ## safety triage on the phrasing bank (tune, held back, stranger): eval/triage/report.md, report.json
	$(BIN)/python -m eval.triage

stranger: index  ## patient messages nobody tuned on: abstention, hint quoted, words, alarms (eval/stranger_report.json)
	$(BIN)/python -m eval.stranger

bench: index  ## the benchmark (ONNX vs torch, stages, HTTP, start-up, memory, up to 100k chunks): eval/bench.json, eval/bench.md
	$(BIN)/python -m eval.perf.bench

bench-full: index  ## the benchmark including the 1M-chunk scale run
	$(BIN)/python -m eval.perf.bench --full

loadtest: index  ## hundreds of concurrent sessions against a real server: eval/perf/loadtest.json
	$(BIN)/python -m eval.perf.loadtest

attack: index server-deps  ## every hostile client of the hardening issue against a live server: eval/perf/attack.json, attack.md
	$(BIN)/python -m eval.perf.attack

report-unanswered: install  ## count the questions the bot could not answer (kept only with CHATBOT_UNANSWERED_DIR set)
	$(BIN)/python -m chatbot report-unanswered

clean:  ## remove the venv and built artifacts
	rm -rf $(VENV) .lock-venv node_modules index/current index/.current* index/onnx-minilm eval/report.* eval/chart.png
