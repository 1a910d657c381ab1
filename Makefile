# The two commands README.md opens with: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CG := $(VENV)/bin/casegraph
DEMO_HOME ?= $(CURDIR)/.casegraph
OUT ?= $(CURDIR)/out

.PHONY: install node browser test-tools fonts demo test lint jupyter clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Neo4j's own Cypher front-end (npm), used by the lint test.
tools/cypher-lint/node_modules/.installed: tools/cypher-lint/package-lock.json
	cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: tools/cypher-lint/node_modules/.installed

# Headless Chromium for the browser test (Debian packages; skipped loudly if unavailable).
browser:
	@bash scripts/install-debian.sh "browser test" "command -v chromium && command -v chromedriver" chromium chromium-driver

# pdftoppm for the report tests (Debian poppler-utils; skipped loudly if unavailable).
test-tools:
	@bash scripts/install-debian.sh "PDF page test" "command -v pdftoppm && command -v pdfinfo" poppler-utils

# Fonts for Chinese, Thai, Khmer and Burmese names in pictures and PDF reports.
fonts:
	@bash scripts/install-debian.sh "non-Latin names in pictures and PDFs" "fc-list | grep -q 'WenQuanYi Zen Hei'" fonts-wqy-zenhei fonts-noto-core

demo: install fonts
	CASEGRAPH_HOME=$(DEMO_HOME) $(CG) demo --out $(OUT)

test: install node browser test-tools fonts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

# JupyterLab on the notebooks, against the embedded store of this folder.
jupyter: install
	CASEGRAPH_HOME=$(DEMO_HOME) $(VENV)/bin/jupyter lab --notebook-dir=notebooks

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	-CASEGRAPH_HOME=$(DEMO_HOME) $(CG) store stop
	rm -rf $(VENV) $(OUT) tools/cypher-lint/node_modules
