# One entry point for people and CI. `make test` sets up .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Presidio and spaCy, which `make bench` times beside the detector, in a venv of their own: their
# dependencies would move the dev tools' versions.
BENCH_VENV  := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
# `make test` leaves out the tests marked slow (the SAM CLI ones); `make test SLOW=1`, which CI runs, runs them too.
SLOW   ?=

.PHONY: test lint typecheck unit demo docs bench score build validate clean

$(STAMP): pyproject.toml layers/requirements.txt layers/requirements-provided.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check layers tools functions tests benchmarks
	$(BIN)/ruff format --check layers tools functions tests benchmarks
	$(BIN)/lint-imports --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy

# The timing tests (linear cost) run on their own after the others: beside a busy xdist worker, the
# cache contention of the other tests' load can be mistaken for growth.
unit: $(STAMP)
	$(BIN)/pytest -n auto -m "$(if $(SLOW),,not slow and )not timing"
	$(BIN)/pytest -m "$(if $(SLOW),,not slow and )timing"

demo: $(STAMP)
	$(BIN)/ctm-hipaa demo

# docs/snapshot.md and docs/attestations.md, from the models (tests/test_docs.py keeps them current).
docs: $(STAMP)
	$(BIN)/python -m ctm_hipaa_tools.docs docs

$(BENCH_STAMP): benchmarks/requirements-presidio.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r benchmarks/requirements-presidio.txt
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m benchmarks

score: $(STAMP)
	$(BIN)/python -m benchmarks.phi_score

build: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/sam build --template-file template.yaml

validate: $(STAMP)
	$(BIN)/sam validate --lint --template-file template.yaml
	$(BIN)/cfn-lint template.yaml

clean:
	rm -rf $(VENV) $(BENCH_VENV) .aws-sam .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
