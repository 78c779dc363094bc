# Magistrat — the two commands: `make run` and `make test`.
# Each target creates or updates .venv itself; constraints.txt pins every package.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench messages install install-test frontend clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Front-end libraries come from the npm registry (package-lock.json); the UI still
# works without them (htmx only enhances), so a machine without npm is warned, not stopped.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "warning: npm not found - htmx and axe-core not installed (UI works without them)"; \
	fi

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
frontend: node_modules/.installed

run: install frontend
	$(BIN)/magistrat migrate --noinput
	$(BIN)/magistrat demo --if-empty
	$(BIN)/magistrat collectstatic --noinput --verbosity 0
	@echo "Demo login: admin / magistrat-demo  (also informatyk, sekretarz, inspektor, burmistrz)"
	$(BIN)/magistrat serve --host $(HOST) --port $(PORT)

test: install-test frontend
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check magistrat config tests bench

bench: install-test frontend
	$(PY) -m bench

# Regenerate the Polish catalogue after changing translatable strings.
messages: install
	cd magistrat && ../$(BIN)/django-admin makemessages -l pl --no-obsolete --settings=config.settings.base --pythonpath=..
	cd magistrat && ../$(BIN)/django-admin compilemessages -l pl --settings=config.settings.base --pythonpath=..

clean:
	rm -rf $(VENV) node_modules var/static
