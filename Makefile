# Everything sets itself up: a fresh clone needs only python3 (3.11+) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP_STAMP  := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint format bench corpus screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install writes no bytecode; with PYTHONDONTWRITEBYTECODE set nothing else would,
# and every start would compile lemtui again (~45 ms of a 330 ms first frame): compile it here.
$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q lemtui
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(APP_STAMP)

## make demo: run the reader on the built-in demo data (no key, no network)
demo: $(APP_STAMP)
	$(BIN)/python -m compileall -q lemtui
	$(BIN)/lemtui --demo

## make test: format check, lint, types, import contracts, then every test
test: $(TEST_STAMP)
	$(BIN)/ruff format --check lemtui tests bench scripts
	$(BIN)/ruff check lemtui tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -n 4  # four workers: most tests wait on a server or a pty

lint: $(TEST_STAMP)
	$(BIN)/ruff check lemtui tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(TEST_STAMP)
	$(BIN)/ruff format lemtui tests bench scripts
	$(BIN)/ruff check --fix lemtui tests bench scripts

## make bench: performance figures, printed and saved to bench/results.md
bench: $(TEST_STAMP)
	$(BIN)/python -m bench

## make corpus: score the reader on the mail corpus (tests/corpus/mail), per message and in total
corpus: $(APP_STAMP)
	$(BIN)/python scripts/corpus.py

## make screenshots: SVG screenshots of the demo into screenshots/
screenshots: $(TEST_STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
