# A thin task runner: CI calls `make test` too.
PY := .venv/bin/python
RASA := .venv/bin/rasa
SHARED ?= ../shared

.PHONY: run test install system lint validate train model-check evaluate crossval check-content content-report bench clean

run: install  ## install, train if needed, seed the content store, start every process, print the URL
	$(PY) -m assistant run

test: install system lint validate train
	$(PY) -m assistant check-content
	$(RASA) test core --stories tests/test_stories.yml --model "$$($(PY) -m assistant model-path)" \
		--fail-on-prediction-errors --out build/rasa-test
	$(PY) -m pytest

install:
	@scripts/setup.sh

system:  ## Chromium, PostgreSQL, Redis and nginx from Debian, browser-test packages from npm (for the tests)
	@scripts/setup-system.sh

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

validate:
	$(RASA) data validate --fail-on-warnings --data assistant/data --domain domain.yml --config config.yml

train: install
	$(PY) -m assistant train

evaluate: train
	$(PY) -m assistant evaluate $(SHARED)/eval/dev.jsonl

crossval: install
	$(PY) -m assistant crossval

check-content: install
	$(PY) -m assistant check-content

content-report: install
	$(PY) -m assistant content-report

bench: train  ## start everything on free ports; print chat latency, memory and start-up time as JSON
	$(PY) -m assistant bench

clean:
	rm -rf build var .pytest_cache .mypy_cache .ruff_cache
