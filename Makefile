# A thin task runner: CI calls `make test` too.
PY := .venv/bin/python
RASA := .venv/bin/rasa
SHARED ?= ../shared

.PHONY: run test install system lint validate train model-check evaluate crossval check-content content-report bench load soak scale-demo test-scale clean

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

load: train  ## 20, then 50 conversations for 60 s each on free ports: requests/s, latency, errors, memory
	$(PY) -m assistant load --conversations 20 50 --seconds 60

soak: train  ## 20 people for 10 minutes: fails if a process's memory grows over 10% after 2 minutes
	$(PY) -m assistant load --soak 600 --think 3

scale-demo: install system train  ## PostgreSQL, Redis, nginx, 2 of each server; kill and restart one of each
	$(PY) -m assistant scale-demo

test-scale: install system train  ## the scale-out test and the 10-minute soak (about 13 minutes; not in make test)
	$(PY) -m pytest -m scale tests/scale

clean:
	rm -rf build var .pytest_cache .mypy_cache .ruff_cache
