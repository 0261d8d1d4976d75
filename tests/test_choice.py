"""Multiple choice: shuffling per student, accepted answer forms, partial credit, feedback."""

from __future__ import annotations

import pytest

from grader.draw.params import variant_rng
from grader.kinds.choice import LABELS, ChoiceProblem


def make(multiple=False, **extra) -> ChoiceProblem:
    options = [
        {"text": "right one", "correct": True},
        {"text": "also right", "correct": multiple},
        {"text": "tempting", "feedback": "this mixes up rows and columns"},
        {"text": "far off"},
        {"text": "None of these", "pinned": True},
    ]
    return ChoiceProblem.model_validate({"id": "q", "kind": "choice", "title": "t", "prompt": "p", "options": options, "multiple": multiple, **extra})


def label_of(problem, variant, text):
    return LABELS[[o.text for o in problem.shown(variant)].index(text)]


def test_options_are_shuffled_per_student_and_pinned_stays():
    problem = make()
    orders = {tuple(problem.draw(variant_rng(1, f"s{i}", "q")).values["order"]) for i in range(30)}
    assert len(orders) > 5
    assert all(order[-1] == 4 for order in orders)
    same = [problem.draw(variant_rng(1, "alice", "q")).values for _ in range(3)]
    assert same[0] == same[1] == same[2]


def test_unshuffled_keeps_spec_order():
    problem = make(shuffle=False)
    assert problem.draw(variant_rng(1, "x", "q")).values["order"] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("form", ["{}", "{upper}", "({})", " {} ", "[{}]"])
def test_single_answer_forms(form):
    problem = make()
    variant = problem.draw(variant_rng(3, "bob", "q"))
    label = label_of(problem, variant, "right one")
    answer = [label] if form == "[{}]" else form.format(label, upper=label.upper())
    assert problem.check(variant, answer).fraction == 1.0


def test_single_wrong_answer_gives_that_distractors_feedback():
    problem = make()
    variant = problem.draw(variant_rng(3, "bob", "q"))
    outcome = problem.check(variant, label_of(problem, variant, "tempting"))
    assert outcome.fraction == 0 and "mixes up rows and columns" in outcome.feedback
    assert "right one" not in outcome.feedback


def test_single_answer_rejects_two_letters_and_unknown_letters():
    problem = make()
    variant = problem.draw(variant_rng(3, "bob", "q"))
    assert problem.check(variant, "a, b").feedback == "pick exactly one option, got 2"
    outcome = problem.check(variant, "z")
    assert outcome.fraction == 0 and "choose from a–e" in outcome.feedback


def test_multiple_answer_partial_credit_rule():
    problem = make(multiple=True)
    variant = problem.draw(variant_rng(5, "carol", "q"))
    r1, r2 = label_of(problem, variant, "right one"), label_of(problem, variant, "also right")
    w = label_of(problem, variant, "tempting")
    assert problem.check(variant, [r1, r2]).fraction == 1.0
    assert problem.check(variant, f"{r2}, {r1}").fraction == 1.0
    half = problem.check(variant, [r1])
    assert half.fraction == 0.5 and "1 correct option not selected" in half.feedback
    assert problem.check(variant, [r1, r2, w]).fraction == 0.5
    assert problem.check(variant, [r1, w]).fraction == 0.0
    assert problem.check(variant, [w]).fraction == 0.0  # never below zero


def test_spec_must_mark_exactly_one_for_single():
    from grader.schema import FieldError

    with pytest.raises(FieldError, match="2 options are correct"):
        ChoiceProblem.model_validate({"id": "q", "kind": "choice", "title": "t", "prompt": "p",
                                      "options": [{"text": "a", "correct": True}, {"text": "b", "correct": True}]})


def test_every_question_of_the_bank_is_right_only_for_its_key_and_explains_its_distractors():
    from conftest import PROBLEMS

    from grader.spec.bank import load_bank

    questions = [p for p in load_bank(PROBLEMS, trials=0).problems.values() if p.kind == "choice"]
    assert len(questions) >= 69
    for problem in questions:
        variant = problem.draw(variant_rng(3, "ada", problem.id))
        assert problem.check(variant, problem.expected(variant)).fraction == 1, problem.id
        for label, option in zip(LABELS, problem.shown(variant)):
            if not option.correct:
                outcome = problem.check(variant, [label] if problem.multiple else label)
                assert outcome.fraction < 1 and (not option.feedback or option.feedback in outcome.feedback), (problem.id, label)
