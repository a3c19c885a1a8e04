# The course's interface: `make book`, `make test`, `make lab` (each runs `make setup` first).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-complete
PIP_VERSION := 26.3

.PHONY: help setup fonts system-packages-test system-packages-book lab lab-zh book book-watch test app lock clean

help:
	@echo "make lab    open the lessons in JupyterLab (needs only Python 3.11); make lab COURSE_LANG=zh (or make lab-zh) opens the Chinese lessons"
	@echo "make book   build the course book (student and instructor editions, PDF and HTML) in English into book/_build/ and in Chinese into book/_build/zh/"
	@echo "make book-watch  rebuild the book each time a lesson or a book file is saved, until Ctrl-C (COURSE_LANG=zh for the Chinese book)"
	@echo "make test   run the whole test suite"
	@echo "make app    serve the business diagnosis app (生意问诊) at http://127.0.0.1:8866/"
	@echo "make setup  create .venv from requirements.lock and check the chart font (run by the others)"

# A learner's set-up: Python and the pinned packages, nothing that needs root. A missing
# CJK font is a warning (Chinese in charts would draw as boxes), not a stop.
setup: $(STAMP) fonts

fonts: $(STAMP)
	@$(BIN)/course fonts

# What the tests and the book need from the system (a CJK font; Chromium for the browser
# tests), installed where missing when run as root on Debian, or asked for by name.
system-packages-test:
	@bash .ci/system-packages.sh test

system-packages-book:
	@bash .ci/system-packages.sh book

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "make setup: Python 3.11 is needed (python3.11 or python3 on PATH)." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "make setup: Python 3.11 is needed; $(PYTHON) is $$($(PYTHON) --version)." >&2; exit 1; }
	@echo "== creating $(VENV) from requirements.lock"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# pip's output goes to a log, shown only if something fails.
	@{ $(BIN)/python -m pip install --disable-pip-version-check "pip==$(PIP_VERSION)" && \
	   $(BIN)/python -m pip install --disable-pip-version-check --no-deps -r requirements.lock && \
	   $(BIN)/python -m pip install --disable-pip-version-check --no-deps -e . ; } > $(VENV)/setup.log 2>&1 || \
		{ tail -n 30 $(VENV)/setup.log >&2; echo "make setup: installing the pinned packages failed (full log: $(VENV)/setup.log)." >&2; exit 1; }
	@# Byte-compile the course's own package once: with PYTHONDONTWRITEBYTECODE set, every kernel
	@# and worker would otherwise compile it again from source.
	@$(BIN)/python -m compileall -q src/course_utils >/dev/null
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	@# Quiet the kernel's start-up warning about unencrypted loopback TCP (local use only).
	@mkdir -p $(VENV)/etc/ipython && echo '{"IPKernelApp": {"log_level": "ERROR"}}' > $(VENV)/etc/ipython/ipython_kernel_config.json
	@$(BIN)/python -c 'import matplotlib.font_manager as fm; fm._load_fontmanager(try_read_cache=False)' 2>/dev/null || true
	@touch $(STAMP)
	@echo "== setup complete: $(VENV) ready"

# `make lab COURSE_LANG=zh` opens the Chinese tour (lessons/zh/). The kernel takes its language
# from the notebook's folder, so COURSE_LANG is not passed on: an English lesson opened in the
# same JupyterLab still answers in English.
# Jupyter refuses to run as root without --allow-root (a root shell in a container or VM).
COURSE_LANG ?= en
LAB_START := $(if $(filter zh,$(COURSE_LANG)),lessons/zh/00-course-tour.ipynb,lessons/00-course-tour.ipynb)
lab: setup
	env -u COURSE_LANG $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_START)

lab-zh:
	@$(MAKE) --no-print-directory lab COURSE_LANG=zh

# The business diagnosis (生意问诊) for merchants, served by Voilà on this computer only; Ctrl-C stops it.
app: setup
	$(BIN)/course app

book: system-packages-book setup
	$(BIN)/course book --edition all --format all --language all

# An author's loop: the book in the course language (COURSE_LANG, default English), rebuilt on each save.
book-watch: system-packages-book setup
	$(BIN)/course book --edition all --format all --watch

# Two pytest-xdist workers, a test file to a worker (tests/conftest.py says how fixtures are shared).
TEST_WORKERS ?= 2
test: system-packages-test setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# Refresh requirements.lock from the current environment (after adding a dependency), and
# requirements-learner.lock (what the student bundle installs) from it.
lock:
	@{ head -3 requirements.lock; $(BIN)/python -m pip freeze --exclude-editable | grep -v -i -E '^(lark|rfc3987-syntax)=='; } > requirements.lock.new
	@mv requirements.lock.new requirements.lock
	@echo "requirements.lock updated"
	@$(BIN)/python -m course_utils.instructor.learner_lock

clean:
	rm -rf book/_build book/_cache
