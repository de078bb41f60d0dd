# The two commands of the README: `make run` and `make test`. Both set up what they need.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup browser lint format sample bench bench-browser loadtest briefing

$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

setup: $(VENV)/.installed

# Debian's Chromium for the browser tests (Playwright cannot download its own here) and
# CJK fonts so that Chinese pages render readably in screenshots.
browser:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

run: setup
	$(VENV)/bin/streamlit run dashboard.py --server.headless true --server.port $(PORT) \
		--browser.gatherUsageStats false

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: setup browser lint
	$(PY) -m pytest -n 2

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

sample: setup
	$(PY) sample_data/generate.py

# Performance (docs/performance.md): builds the 1M/10M/50M databases once under bench/.data/,
# then measures every page; BENCH_ARGS="--quick" checks the harness on the sample campaign.
bench: setup browser
	$(PY) -m bench.run $(BENCH_ARGS)

# What a user feels: a sidebar click and a new visitor's open to every chart drawn, per page,
# at sample, 1M and 10M, against a one-chart floor page (docs/performance.md, "In the browser").
bench-browser: setup browser
	$(PY) -m bench.clicks $(CLICKS_ARGS)

# 10 browser sessions for 3 minutes while a new database is published; fails on any error.
loadtest: setup browser
	$(PY) -m bench.loadtest $(LOADTEST_ARGS)

# The weekly briefing to every recipient of config/briefing.toml (README, "Alerts and the
# weekly briefing"); BRIEFING_ARGS="--week 1953-12-21" for another week.
BRIEFING_CONFIG ?= config/briefing.toml
briefing: setup browser
	$(PY) -m briefing --config $(BRIEFING_CONFIG) --send $(BRIEFING_ARGS)
