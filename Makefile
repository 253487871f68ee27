# wa-infra: the two README commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PATH := $(CURDIR)/$(BIN):$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup run synth test docs bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## run: set up, print the default plan and synthesize the CDK app offline
run: setup
	$(BIN)/wa-size
	npx cdk synth --quiet

synth: setup
	npx cdk synth --quiet

## test: set up, lint the code and run every test
test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

## docs: regenerate README's tables and sample output from the code
docs: setup
	$(BIN)/python -m cli.docs

bench: setup
	$(BIN)/python bench/bench_wa_size.py
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_synth.py

clean:
	rm -rf $(VENV) node_modules cdk.out .pytest_cache
