"""Reading answers: a broken answer costs only its own problem."""

from __future__ import annotations

from grader.grading import grade_problem
from grader.submission import read_answers, read_submission


def test_yaml_error_in_one_answer_costs_only_that_answer(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("a: 1\nb: [1, 2\nc: x\n# comment\nd:\n  - 3\n  - 4\n")
    answers, unreadable = read_answers(path)
    assert answers == {"a": 1, "c": "x", "d": [3, 4]}
    assert unreadable == {"b": unreadable["b"]} and unreadable["b"].startswith("answers.yaml line 2: invalid YAML")


def test_missing_or_non_mapping_answers_file(tmp_path):
    assert read_answers(tmp_path / "answers.yaml") == ({}, {"*": "answers.yaml is missing"})
    (tmp_path / "answers.yaml").write_text("- just\n- a list\n")
    assert read_answers(tmp_path / "answers.yaml")[1] == {"*": "answers.yaml should map problem ids to answers"}


def test_empty_answers_score_zero_not_answered(tmp_path, default_assignment):
    (tmp_path / "answers.yaml").write_text("".join(f"{p.id}:\n" for p, _ in default_assignment.items))
    submission = read_submission(tmp_path, "default", default_assignment)
    for problem, points in default_assignment.items:
        result = grade_problem(default_assignment, problem, points, submission)
        expected = "not answered (no solution.py or notebook)" if problem.code_function else "not answered"
        assert (result.score, result.feedback) == (0, expected)


def test_feedback_says_how_to_fix_the_answers_file(tmp_path, tiny_bank):
    """A misspelt id, a key written twice, a tuple, `8x2` and a decimal comma each get a message
    that says what to write instead (here through `grader check`, as a student sees it)."""
    import json

    from conftest import run_grader

    folder = tmp_path / "kim"
    assert run_grader("solve", tiny_bank.assignment, "--out", folder, "--student", "kim").returncode == 0
    (folder / "answers.yaml").write_text("dott: 3\npick: a\npick: b\n")
    run_grader("check", folder)
    results = json.loads((folder / "results.json").read_text())
    assert results["output"] == "Checked locally: student kim's variant of hw."
    tests = {t["name"].split(":")[0]: t["output"] for t in results["tests"]}
    assert tests["dot"] == "not answered: answers.yaml line 1 has 'dott'; did you mean 'dot'?"
    assert tests["pick"] == "answers.yaml lines 2 and 3 both answer pick: keep one"
    for written, hint in (("(8, 2)", "write it as a list, [8, 2]"), ("8x2", "write it as a list, [8, 2]"), ("1,5", "use a decimal point, 1.5")):
        (folder / "answers.yaml").write_text(f"dot: {written}\npick: a\n")
        run_grader("check", folder)
        output = next(t["output"] for t in json.loads((folder / "results.json").read_text())["tests"] if t["name"].startswith("dot"))
        assert hint in output, output


def test_yaml_errors_are_said_in_plain_words_at_their_line(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("a: 1\nb:\n  - [1, 2]\n  - [3, 4\nc: 'abc\nd: 2\n")
    _, unreadable = read_answers(path)
    assert unreadable["b"] == "answers.yaml line 4: invalid YAML: a list is not closed: check its brackets [ ]"
    assert unreadable["c"] == "answers.yaml line 5: invalid YAML: a quote is not closed"
