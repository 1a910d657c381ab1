# The two commands README.md opens with: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CG := $(VENV)/bin/casegraph
DEMO_HOME ?= $(CURDIR)/.casegraph
OUT ?= $(CURDIR)/out

.PHONY: install node browser test-tools fonts java neo4j-server demo test lint jupyter clean

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

# Java 17 and Maven for the Neo4j test server (Debian packages); missing is an error.
java:
	@bash scripts/install-debian.sh "Neo4j test server" "command -v java && command -v mvn" openjdk-17-jdk-headless maven
	@command -v java >/dev/null && command -v mvn >/dev/null || \
	  { echo "make: the Neo4j tests need Java 17 and Maven (apt-get install openjdk-17-jdk-headless maven)" >&2; exit 2; }

# Neo4j Community 5 in-process (neo4j-harness) for the tests; Maven caches it in ~/.m2.
NEO4J_SERVER := tools/neo4j-test-server/target/neo4j-test-server.jar
$(NEO4J_SERVER): tools/neo4j-test-server/pom.xml $(shell find tools/neo4j-test-server/src -name '*.java')
	cd tools/neo4j-test-server && mvn -q -B package
	touch $@

neo4j-server: java $(NEO4J_SERVER)

demo: install fonts
	CASEGRAPH_HOME=$(DEMO_HOME) $(CG) demo --out $(OUT)

# The whole suite, Neo4j tests included, against a Neo4j started (and stopped) for it.
test: install node browser test-tools fonts neo4j-server
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	bash scripts/with-neo4j.sh $(PY) -m pytest

# JupyterLab on the notebooks, against the embedded store of this folder.
jupyter: install
	CASEGRAPH_HOME=$(DEMO_HOME) $(VENV)/bin/jupyter lab --notebook-dir=notebooks

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	-CASEGRAPH_HOME=$(DEMO_HOME) $(CG) store stop
	rm -rf $(VENV) $(OUT) tools/cypher-lint/node_modules tools/neo4j-test-server/target
