# Two commands for a newcomer: `make run` and `make test`. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000

# From Debian: a Thai font (the rich menu image, the simulator page), an emoji font, and Chromium (browser
# tests). Installed when missing and we are root (CI, a server); otherwise we say what to install.
RUN_PACKAGES := fonts-thai-tlwg fonts-noto-color-emoji
TEST_PACKAGES := $(RUN_PACKAGES) chromium

.PHONY: run test bench clean run-packages test-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run-packages:
	@./.ci/debian-packages $(RUN_PACKAGES)

test-packages:
	@./.ci/debian-packages $(TEST_PACKAGES)

run: $(STAMP) run-packages
	EMBEDDED_WORKER=1 PORT=$(PORT) $(BIN)/flask --app bot run --port $(PORT) --no-reload

# The whole suite twice: on SQLite with huey's SQLite queue, then on PostgreSQL and Redis (TEST_BACKEND=services;
# it skips, saying why, where those servers are not running, and fails then in CI, where REQUIRE_SERVICES=1).
test: $(STAMP) test-packages
	$(BIN)/python -m pytest -q
	TEST_BACKEND=services $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/webhook.py
	$(BIN)/python benchmarks/sheets_sync.py
	$(BIN)/python benchmarks/campaign_cost.py
	$(BIN)/python benchmarks/load.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
