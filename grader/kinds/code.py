"""Functions students implement in ``solution.py`` (or the notebook), run in the sandbox on
public and hidden cases, compared with the references, and optionally timed against a library
call. The rules of the source (policy and from-scratch) are checked before anything runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, PositiveFloat, PositiveInt, model_validator

from grader.code import cases as case_library
from grader.code.rules import (
    from_scratch_problems,
    function_node,
    is_stub,
    parse,
    policy_problems,
)
from grader.code.source import CodeSource
from grader.core import WELL_FORMED, Handed, Outcome, Variant, code_answer
from grader.draw.formula import Formula
from grader.latex import render_prompt
from grader.sandbox import Limits, NamedFunction, run
from grader.schema import FieldError, ProblemSpec, Strict
from grader.timing import TimingSpec, measure, score

#: What every rendered solution.py starts with, so model solutions may use it too.
SOLUTION_HEADER = "import numpy as np"


class CodeLimits(Strict):
    call_seconds: PositiveFloat = 5.0
    total_seconds: PositiveFloat = 60.0
    memory_mb: PositiveInt = 1024


class CodeProblem(ProblemSpec):
    kind_name: ClassVar[str] = "code"
    trial_checks: ClassVar[bool] = False  # checking runs processes; `grader validate` runs the model solution
    key_field: ClassVar[str] = "solution"

    kind: Literal["code"]
    function: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    #: Parameters as the stub declares them, e.g. ``A, B``.
    parameters: str
    reference: Formula
    #: Fixed small cases shown to the student, as argument lists.
    public: list[list[Any]] = Field(default_factory=list)
    #: A generator in grader.code.cases that draws this student's hidden cases.
    hidden: str
    compare: Literal["allclose", "rows_up_to_sign"] = "allclose"
    #: CS231n-style max relative error |x − y| / max(1e-8, |x| + |y|) allowed for every entry.
    max_rel_error: PositiveFloat = 1e-5
    #: Calls, operators (``@``) and packages the function may not use (from-scratch rule).
    forbid: list[str] = Field(default_factory=list)
    timing: TimingSpec | None = None
    limits: CodeLimits = Field(default_factory=CodeLimits)
    #: The instructor's model solution: the answer key, checked by ``grader validate``.
    solution: str

    @model_validator(mode="after")
    def _names_resolve(self) -> CodeProblem:
        self.reference.verify(("reference",), set())
        if self.hidden not in case_library.GENERATORS:
            raise FieldError(("hidden",), f"no case generator {self.hidden!r} (generators: {', '.join(sorted(case_library.GENERATORS))})")
        tree, error = parse(self.solution)
        if tree is None or function_node(tree, self.function) is None:
            raise FieldError(("solution",), error or f"the model solution defines no function {self.function}")
        return self

    # -- verbs -----------------------------------------------------------------------------
    def draw(self, rng: np.random.Generator) -> Variant:
        public = [("public case", [_value(a) for a in args]) for args in self.public]
        hidden = case_library.GENERATORS[self.hidden](rng)
        return Variant(self.id, {"public": public, "hidden": hidden})

    def expected(self, variant: Variant) -> str:
        return self.solution.strip() + "\n"

    def as_submitted(self, key: str) -> CodeSource:
        return CodeSource(f"{SOLUTION_HEADER}\n\n{key}", "model solution")

    @property
    def code_function(self) -> str:
        return self.function

    def answer_slot(self, variant: Variant, with_key: bool) -> str:
        """The model solution, or a stub that raises NotImplementedError."""
        if with_key:
            return self.expected(variant)
        return f'def {self.function}({self.parameters}):\n    """{self.title}."""\n    raise NotImplementedError\n'

    def read_answer(self, handed: Handed) -> Any:
        return code_answer(handed)

    def statement(self, variant: Variant) -> str:
        parts = [render_prompt(self.prompt, {}), f"Implement `{self.function}({self.parameters})` in `solution.py` (or in the notebook)."]
        for _, args in variant.values["public"]:
            shown = ", ".join(_show(a) for a in args)
            parts.append(f"Public test: `{self.function}({shown})` returns `{_show_all(self._reference(args))}`.")
        labels = "; ".join(label for label, _ in variant.values["hidden"])
        parts.append(f"Hidden tests, drawn for you: {labels}. Each entry may differ from the reference by a relative error "
                     f"of at most {self.max_rel_error:g}.")
        if self.forbid:
            parts.append("From scratch: do not use " + ", ".join(f"`{f}`" for f in self.forbid) + ".")
        if self.timing:
            bands = ", ".join(f"≤ {b.max_ratio:g}× → {b.credit:.0%}" for b in self.timing.bands)
            parts.append(f"Speed ({self.timing.weight:.0%} of the points, once every test passes): your time over "
                         f"{self.timing.describe()}, measured as CPU time of your process from outside it; {bands}; slower → 0.")
        return "\n\n".join(parts)

    def answer_hint(self, variant: Variant) -> str:
        return f"implement {self.function}({self.parameters}) in solution.py"

    def check(self, variant: Variant, submitted: Any) -> Outcome:
        cases = [(label, args, self._reference(args)) for label, args in variant.values["public"] + variant.values["hidden"]]
        return self._runner().grade(submitted, cases)

    def lock(self, variant: Variant, salt: str) -> dict:
        """Public cases with their (public) results: hidden cases and references stay with the instructor."""
        cases = [{"args": [_encode(a) for a in args], "expected": [e.tolist() for e in self._reference(args)]}
                 for _, args in variant.values["public"]]
        runner = self._runner()
        return {"cases": cases, "runner": {"function": runner.function, "forbid": runner.forbid, "compare": runner.compare,
                                           "max_rel_error": runner.max_rel_error, "limits": runner.limits.model_dump(),
                                           "timing": runner.timing.model_dump() if runner.timing else None}}

    def format_lock(self, variant: Variant) -> dict:
        """The public cases with only the shapes of their results, and no timing."""
        lock = self.lock(variant, "")
        lock["cases"] = [{"args": case["args"], "expected": [np.zeros(np.shape(e)).tolist() for e in case["expected"]]} for case in lock["cases"]]
        lock["runner"] |= {"compare": "shape", "timing": None}
        return lock

    def _runner(self) -> CodeRunner:
        return CodeRunner(self.id, self.function, self.forbid, self.compare, self.max_rel_error, self.limits, self.timing)

    def _reference(self, args: list) -> list[np.ndarray]:
        result = self.reference.function()(*(a.name if isinstance(a, NamedFunction) else a for a in args))
        return [np.asarray(r, dtype=float) for r in (result if isinstance(result, tuple) else (result,))]


@dataclass(frozen=True)
class CodeRunner:
    """Grades handed-in code on cases whose expected results are known: the rules, the sandbox
    run, the comparison, and the timing once every case passes."""

    problem_id: str
    function: str
    forbid: list[str]
    #: A spec's compare, or ``shape`` (format checks only: shapes and finiteness alone).
    compare: str
    max_rel_error: float
    limits: CodeLimits
    timing: TimingSpec | None

    def grade(self, source: CodeSource, cases: list[tuple[str, list, list[np.ndarray]]]) -> Outcome:
        if not source.text.strip() and source.notes:
            return Outcome.wrong("; ".join(source.notes), "unreadable")
        tree, error = parse(source.text)
        if tree is None:
            return Outcome.wrong(source.locate(error or "SyntaxError"), "syntax")
        function = function_node(tree, self.function)
        if function is None:
            return Outcome.wrong(f"{source.origin} defines no function {self.function}", "missing")
        if is_stub(function):
            return Outcome.wrong(f"not answered ({self.function} still raises NotImplementedError)")
        rules = policy_problems(tree) + from_scratch_problems(tree, self.function, self.forbid)
        if rules:
            return Outcome.wrong(source.locate("; ".join(rules[:3])), "forbidden")
        if not cases and not self.timing:
            return Outcome(0.0, "follows the rules; its tests run when graded", checked=False)
        result = run(source.text, self.function, [args for _, args, _ in cases],
                     limits=Limits(self.limits.call_seconds, self.limits.total_seconds, self.limits.memory_mb), forbid=self.forbid)
        if result.import_error:
            return Outcome.wrong(source.locate(result.import_error), "import")
        failures = []
        for i, ((label, _, expected), call) in enumerate(zip(cases, result.calls), start=1):
            why = call.error if not call.ok else self._compare(call.outputs, expected)
            if why and label == "public case" and call.ok and self.compare != "shape" and all(np.size(v) <= 16 for v in call.outputs + expected):
                why += f"; returned {_show_all(call.outputs)}, expected {_show_all(expected)}"  # both are public
            if why:
                failures.append(f"{'public' if label == 'public case' else 'hidden'} case {i} ({label}): {source.locate(why)}")
        passed = len(cases) - len(failures)
        notes = list(source.notes)
        if failures:
            notes = [f"{passed} of {len(cases)} tests pass", *failures[:3]] + notes
            weight = self.timing.weight if self.timing else 0.0
            return Outcome((1 - weight) * passed / len(cases), "; ".join(notes), "wrong_result")
        if not self.timing:
            return Outcome(1.0, "; ".join(["correct", *notes]))
        cpu = max(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        timing = score(self.timing, measure(self.timing, source.text, self.function, self.limits.memory_mb, cpu, self.max_rel_error, self.forbid))
        feedback = "; ".join([f"all {len(cases)} tests pass", timing.describe(), *notes])
        return Outcome((1 - self.timing.weight) + self.timing.weight * timing.credit, feedback, flag=timing.flag)

    def _compare(self, got: list[np.ndarray], expected: list[np.ndarray]) -> str | None:
        if len(got) != len(expected):
            return f"returned {len(got)} value{'s' if len(got) != 1 else ''}, expected {len(expected)}"
        for k, (g, e) in enumerate(zip(got, expected)):
            which = f"value {k + 1}: " if len(expected) > 1 else ""
            if g.shape != e.shape:
                return f"{which}shape {g.shape}, expected {e.shape}"
            if not np.all(np.isfinite(g)):
                return f"{which}contains NaN or infinity"
            if self.compare == "shape":
                continue
            if self.compare == "rows_up_to_sign":
                g = g * np.where(np.sum(g * e, axis=-1, keepdims=True) < 0, -1.0, 1.0)
            error = float(np.max(np.abs(g - e) / np.maximum(1e-8, np.abs(g) + np.abs(e)), initial=0.0))
            if error > self.max_rel_error:
                return f"{which}max relative error {error:.2g} (allowed {self.max_rel_error:g})"
        return None


def check_locked(lock: dict, salt: str, problem_id: str, submitted: Any) -> Outcome:
    """A student folder's check: the public cases with their public results, and the timing."""
    return _locked_runner(problem_id, lock).grade(submitted, _locked_cases(lock))


def check_format(lock: dict, problem_id: str, submitted: Any) -> Outcome:
    outcome = _locked_runner(problem_id, lock).grade(submitted, _locked_cases(lock))
    if outcome.fraction < 1:
        return outcome
    return Outcome(0.0, WELL_FORMED.format("it runs on the public cases and returns the right shapes"), checked=False)


def _locked_runner(problem_id: str, lock: dict) -> CodeRunner:
    settings = lock["runner"] | {"limits": CodeLimits(**lock["runner"]["limits"]),
                                 "timing": TimingSpec(**lock["runner"]["timing"]) if lock["runner"]["timing"] else None}
    return CodeRunner(problem_id, **settings)


def _locked_cases(lock: dict) -> list[tuple[str, list, list[np.ndarray]]]:
    return [("public case", [_decode(a) for a in case["args"]], [np.asarray(e, dtype=float) for e in case["expected"]]) for case in lock["cases"]]


def _encode(arg: Any) -> Any:
    if isinstance(arg, NamedFunction):
        return {"function": arg.name}
    if isinstance(arg, np.ndarray):
        return {"array": arg.tolist()}
    return arg


def _decode(arg: Any) -> Any:
    if isinstance(arg, dict) and "function" in arg:
        return NamedFunction(arg["function"])
    if isinstance(arg, dict) and "array" in arg:
        return np.asarray(arg["array"], dtype=float)
    return arg


def _value(arg: Any) -> Any:
    return np.asarray(arg, dtype=float) if isinstance(arg, list) else arg


def _show_all(values: list[np.ndarray]) -> str:
    return ", ".join(_show(v) for v in values)


def _show(value: Any) -> str:
    if isinstance(value, NamedFunction):
        return value.name
    if isinstance(value, np.ndarray):
        return " ".join(np.array2string(value, separator=", ", precision=4, suppress_small=True).split())
    return repr(value)

