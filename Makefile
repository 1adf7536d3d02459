# conflict-kg: `make demo` and `make test` set up everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMPS := .stamps
SHARED ?= ../shared
GAZETTEER_SRC := $(SHARED)/gazetteer
GAZETTEER_DB := kg/data/gazetteer.sqlite

.PHONY: demo test eval bench lint docs gazetteer clean install report-demo

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# The project, editable, with the English model.
$(STAMPS)/install: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[model]'
	@mkdir -p $(STAMPS) && touch $@

# What the tests need on top (pytest, the Oxigraph server, Dask).
$(STAMPS)/test-deps: pyproject.toml $(STAMPS)/install
	$(PIP) install --quiet -e '.[model,test]'
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/lint-deps: pyproject.toml $(STAMPS)/install
	$(PIP) install --quiet -e '.[lint]'
	@mkdir -p $(STAMPS) && touch $@

install: $(STAMPS)/install gazetteer

# The offline gazetteer index, built from ../shared/gazetteer (never committed).
# A file target: rebuilt only when its inputs (the TSVs, the build script, the
# folding rule or the schema version) change. Without ../shared/gazetteer, kg runs unlinked offline.
GAZETTEER_INPUTS := $(wildcard $(GAZETTEER_SRC)/places.tsv $(GAZETTEER_SRC)/organizations.tsv) \
  kg/data/organizations-extra.tsv kg/linking/build_index.py kg/linking/fold.py kg/linking/gazetteer.py
gazetteer: $(GAZETTEER_DB)

$(GAZETTEER_DB): $(GAZETTEER_INPUTS) | $(STAMPS)/install
	@if [ -f "$(GAZETTEER_SRC)/places.tsv" ]; then \
	  $(PY) -m kg.linking.build_index "$(GAZETTEER_SRC)" "$@"; \
	else echo "note: $(GAZETTEER_SRC)/places.tsv not found; no offline gazetteer, entities stay unlinked (or use --online)"; fi

demo: install
	$(VENV)/bin/kg demo --report report.html

# Screenshots of each view of the example's report (demo-out/report-*.png) and, when
# ../shared/corpus/dev is there, the dev corpus report's size and opening time in headless Chromium.
report-demo: $(STAMPS)/test-deps gazetteer
	$(PY) tools/report_demo.py --shared "$(SHARED)" --out demo-out

test: $(STAMPS)/test-deps gazetteer
	$(PY) -m pytest -q

# The contract scores, then every Wikidata link judged against the links file (precision, recall).
LINKS_DEV := $(SHARED)/eval/links-dev.tsv
eval: install
	@if [ -d "$(SHARED)/corpus/dev" ]; then \
	  $(PY) $(SHARED)/eval/score.py --project . $(SHARED)/corpus/dev; \
	  if [ -f "$(LINKS_DEV)" ]; then \
	    $(PY) $(SHARED)/eval/link_audit.py --project . $(LINKS_DEV) $(SHARED)/corpus/dev; \
	  else echo "$(LINKS_DEV) not found: links not judged"; fi; \
	else echo "$(SHARED)/corpus/dev not found: nothing to score"; fi

bench: install
	$(PY) -m kg.bench $(ARGS)

lint: $(STAMPS)/lint-deps
	$(VENV)/bin/ruff check kg tests
	$(VENV)/bin/mypy kg

docs: install
	$(PY) -m kg.docs

clean:
	rm -rf $(VENV) $(STAMPS) $(GAZETTEER_DB) .pytest_cache bench/corpus bench/store demo-out report.html
