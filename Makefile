# listbot: two commands for a newcomer.
#   make demo   see listbot answer sample posts on embedded mail servers (nothing leaves this machine)
#   make test   the whole test suite: unit, corpus and integration (real Dovecot and aiosmtpd on loopback)
#   make lint   ruff and mypy (CI runs it too)
# Both create .venv when it is missing and (re)install the package when pyproject.toml changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.listbot-installed

.PHONY: demo test lint package-check venv test-system-packages

demo: $(STAMP)
	$(VENV)/bin/listbot demo

# pytest's exit code 5 means "collected no tests": that is a failure here, never a pass.
test: $(STAMP) test-system-packages
	@$(VENV)/bin/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (is tests/ there?)" >&2; exit 1; fi; \
	exit $$status

# ruff (lint + format check) and mypy, as CI runs them; installs the dev tools into .venv.
lint: $(STAMP)
	@$(VENV)/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	$(VENV)/bin/ruff check listbot tests benchmarks
	$(VENV)/bin/ruff format --check listbot tests benchmarks
	$(VENV)/bin/mypy

# The wheel alone runs the bot: sdist and wheel built, the wheel installed outside the repository, then
# listbot init, check and demo there (CI runs it).
package-check: $(STAMP)
	@.ci/package-check

venv: $(STAMP)

$(VENV)/bin/python:
	@.ci/system-packages venv
	@echo "make: creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(STAMP): pyproject.toml | $(VENV)/bin/python
	@echo "make: installing listbot and its test tools into $(VENV) (pip install -e '.[test]')"
	@$(VENV)/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

test-system-packages:
	@.ci/system-packages dovecot
	@.ci/system-packages chromium
