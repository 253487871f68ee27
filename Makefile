# wa-infra: the two README commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PATH := $(CURDIR)/$(BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# Python keeps the bytecode of what it imports (its default), even where the environment says
# not to: the tests start hundreds of processes, each would compile its imports again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help setup run synth test lint docs bench clean deploy-local lock mutate scan

# The three installs are independent and run side by side. uv (pinned, from PyPI) installs
# the locked packages in seconds where pip took over a minute; pip stays in each venv.
UV_VERSION := 0.13.8
## setup: install the three environments (.venv, .venv-checkov, node_modules) from the lock files
setup:
	@$(MAKE) --no-print-directory -j3 $(VENV)/.installed node_modules/.installed \
		.venv-checkov/.installed

# constraints*.txt are the Python lock files: every transitive package pinned.
# No ahead-of-time bytecode: uv's --compile-bytecode compiles every module (358 of them in
# aws_cdk alone, ~50 s of CPU) where the tests import a fraction. Modules compile when first
# imported and their .pyc is kept (PYTHONDONTWRITEBYTECODE is unexported above); the app's
# imports are warmed here, while npm and the checkov venv install.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '.[dev]'
	$(BIN)/python -c \
		'import cdk.app, cdk_nag, aws_cdk.assertions, cfnlint.api, moto, troposphere'
	touch $@

# checkov pins an old boto3: it gets a virtualenv of its own.
.venv-checkov/.installed: requirements-checkov.txt constraints-checkov.txt
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/python -m pip install --quiet uv==$(UV_VERSION)
	.venv-checkov/bin/uv pip install --quiet --python .venv-checkov/bin/python \
		-c constraints-checkov.txt -r requirements-checkov.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## run: set up, print the default plan and synthesize the CDK app offline
run: setup
	$(BIN)/wa-size
	npx cdk synth --quiet
	@printf '\nPut the wa-* commands on PATH in this shell (README: Quick start):\n. .venv/bin/activate\n'

## synth: synthesize the CDK app offline (cdk.out)
synth: setup
	npx cdk synth --quiet

## test: set up, lint the code, run every test (the template gates among them: cfn-lint,
## checkov, cdk-nag and the contract check run as tests; `make lint` runs wa-lint whole)
test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

## lint: cfn-lint, checkov and cdk-nag over every generated template
lint: setup
	$(BIN)/wa-lint

## deploy-local: rehearse a deploy against moto on loopback (ARGS="-c shards=16", "--retire")
deploy-local: setup
	$(BIN)/python -m tests.support.rehearsal $(ARGS)

## scan: the extra rule packs (cdk-nag NIST 800-53 r5, HIPAA, PCI DSS 3.2.1; cfn-guard with the
## Control Tower rules) over the CDK app, the plain templates and the vendor's, counted side by
## side (not part of `make test`; several minutes). docs/scan.md records the figures.
CFN_GUARD_PACKAGE := cdklabs.cdk-validator-cfnguard==0.0.62
scan: setup
	$(BIN)/uv pip install --quiet --no-deps --python $(BIN)/python '$(CFN_GUARD_PACKAGE)'
	$(BIN)/python -m tools.scan $(ARGS)

## docs: regenerate the tables and sample output of README and docs/ from the code
docs: setup
	$(BIN)/python -m cli.docs

## bench: time wa-size, the template render and the synth against their targets (each
## figure MET or MISSED, kept in bench/results.json for make docs; exit 1 when one MISSED)
bench: setup
	$(BIN)/python bench/bench_wa_size.py
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_synth.py
	$(BIN)/python bench/verdict.py

## mutate: mutation testing (on demand, not in `make test`) of one set of modules against the
## tests that reach them: SET=pure (default: sizing/, cli/, wa_api/, contract/), gates, deploy,
## monitoring, probe, templates, stacks, or all (bench/mutate.py); then the score of each set
## and docs/mutation-survivors.md (each survivor and why it stands; exit 1 while one is open)
mutate: setup
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[mutate]'
	$(BIN)/python bench/mutate.py $(or $(SET),pure) --jobs $(or $(JOBS),2)

## lock: re-resolve pyproject.toml and requirements-checkov.txt into the constraints files
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev,mutate]'
	{ echo "# Lock for .venv: every package make setup installs, pinned (make lock regenerates it)."; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e'; } > constraints.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements-checkov.txt
	{ echo "# Lock for .venv-checkov (make lock regenerates it)."; \
	  .lock-venv/bin/pip freeze; } > constraints-checkov.txt
	rm -rf .lock-venv

## clean: delete the virtualenvs, node_modules and build output
clean:
	rm -rf $(VENV) .venv-checkov node_modules cdk.out .pytest_cache mutants mutants-*

## help: list the targets with what each does (from their `##` comments)
help:
	@awk '/^## [a-z-]+:/ { sub(/^## /, ""); split($$0, part, ": "); \
		printf "  %-13s %s\n", part[1], substr($$0, length(part[1]) + 3); next } \
		/^## / { sub(/^## /, ""); printf "  %-13s %s\n", "", $$0 }' $(firstword $(MAKEFILE_LIST))
