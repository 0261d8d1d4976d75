# Two entry points: `make demo` (the main job on the bundled default) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ASSIGNMENT := problems/assignments/default.yaml
DEMO := $(or $(TMPDIR),/tmp)/grader-demo

.PHONY: demo test template bench clean

$(BIN)/grader: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(BIN)/grader
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/grader validate problems
	$(BIN)/grader generate $(ASSIGNMENT) --out $(DEMO)/assignment
	$(BIN)/grader solve $(ASSIGNMENT) --out $(DEMO)/submissions/key
	$(BIN)/python scripts/half_wrong.py $(ASSIGNMENT) $(DEMO)/submissions/key $(DEMO)/submissions/half_wrong
	$(BIN)/grader grade $(ASSIGNMENT) $(DEMO)/submissions/key $(DEMO)/submissions/half_wrong --out $(DEMO)/results
	@echo "Reports written under $(DEMO)/results"

test: $(BIN)/grader
	$(BIN)/python -m pytest -q

template: $(BIN)/grader
	$(BIN)/grader generate $(ASSIGNMENT) --out student_template --force

bench: $(BIN)/grader
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) $(DEMO)
