# Two entry points: `make demo` (the main job on the bundled default) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ASSIGNMENT := problems/assignments/default.yaml
DEMO := $(or $(TMPDIR),/tmp)/grader-demo

.PHONY: demo test lint tools template bench clean

$(BIN)/grader: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(BIN)/grader tools
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/grader validate problems
	$(BIN)/grader generate $(ASSIGNMENT) --out $(DEMO)/assignment
	$(BIN)/grader solve $(ASSIGNMENT) --student ada --out $(DEMO)/submissions/ada
	$(BIN)/grader solve $(ASSIGNMENT) --student bob --out $(DEMO)/keys/bob
	$(BIN)/python scripts/half_wrong.py $(ASSIGNMENT) $(DEMO)/keys/bob $(DEMO)/submissions/bob
	$(BIN)/grader grade $(ASSIGNMENT) $(DEMO)/submissions/ada $(DEMO)/submissions/bob --out $(DEMO)/results
	$(BIN)/grader report $(ASSIGNMENT) --out $(DEMO)/results
	@echo "Reports written under $(DEMO)/results"

test: $(BIN)/grader tools lint
	$(BIN)/python -m pytest -q -n 2

# Style, types and layers (pyproject.toml: [tool.ruff], [tool.mypy], [tool.importlinter]).
lint: $(BIN)/grader
	$(BIN)/ruff check grader tests scripts reference
	$(BIN)/mypy
	$(BIN)/lint-imports

# bubblewrap and chromium (apt, as root) and an interpreter that uid 65534 can reach: scripts/setup_tools.sh
tools: $(BIN)/grader
	bash scripts/setup_tools.sh $(BIN)/python

template: $(BIN)/grader
	$(BIN)/grader generate $(ASSIGNMENT) --out student_template --force

bench: $(BIN)/grader
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) $(DEMO)
