"""Make the demo's deliberately half-wrong submission from an answer key folder.

Of every three problems, the first keeps its right answer, the second gets a typical wrong
one (a listed named mistake where the problem has one, so its feedback shows), the third is
left blank. Usage: python scripts/half_wrong.py ASSIGNMENT KEY_DIR OUT_DIR
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import yaml

from grader.batch.identity import folder_claims
from grader.kinds.choice import LABELS, ChoiceProblem
from grader.kinds.eigen import EigenProblem
from grader.kinds.numeric import NumericProblem, tidy
from grader.kinds.trace import TraceProblem
from grader.spec.bank import load_assignment
from grader.submission import ANSWERS


def wrong_answer(problem, variant):
    if isinstance(problem, ChoiceProblem):
        return next(LABELS[i] for i, o in enumerate(problem.shown(variant)) if not o.correct)
    if isinstance(problem, NumericProblem):
        if problem.mistakes:
            return tidy(problem.mistakes[0].evaluate(variant.values))
        return tidy(np.asarray(problem.expected(variant), dtype=float) + 1)
    if isinstance(problem, TraceProblem):  # the first listed mistake's whole table
        _, _, rows = problem._truth(variant, **problem.mistakes[0].settings)
        return [[tidy(np.asarray(row[c], dtype=float)) for c in problem._family.columns] for row in rows]
    if isinstance(problem, EigenProblem):  # eigenvalues of the wrong sign
        key = problem.expected(variant)
        return {"values": [-v for v in key["values"]], "vectors": key["vectors"]}
    raise TypeError(f"no wrong answer for kind {problem.kind}")


def main(assignment_file: Path, key: Path, out: Path) -> None:
    assignment, student = load_assignment(assignment_file), folder_claims(key)
    answers = yaml.safe_load((key / ANSWERS).read_text())
    valued = [p for p, _ in assignment.items if p.code_function is None]
    for i, problem in enumerate(valued):
        if i % 3 == 1:
            answers[problem.id] = wrong_answer(problem, assignment.variant(problem, student))
        elif i % 3 == 2:
            answers[problem.id] = None
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(key, out)
    (out / ANSWERS).write_text(yaml.safe_dump(answers, sort_keys=False, default_flow_style=None))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
