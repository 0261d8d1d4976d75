"""Math families: every equivalent form scores full; each named mistake scores 0 (or partial) with its message."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import PROBLEMS

from grader.draw.params import variant_rng
from grader.judge import eigen as eigen_judge
from grader.spec.bank import load_bank

BANK = load_bank(PROBLEMS)


def variants(problem_id: str, n: int = 200):
    problem = BANK.problems[problem_id]
    for i in range(n):
        yield problem, problem.draw(variant_rng(11, f"student{i}", problem_id))


# -- eigen ----------------------------------------------------------------------------------

EIGEN = ["eigenpairs_2x2", "eigenpairs_3x3", "eigenpairs_repeated"]


@pytest.mark.parametrize("pid", EIGEN)
def test_eigen_key_and_every_equivalent_form_score_full(pid):
    rng = np.random.default_rng(0)
    for problem, variant in variants(pid, 50):
        key = problem.expected(variant)
        values, vectors = np.array(key["values"], dtype=float), np.array(key["vectors"], dtype=float)
        assert problem.check(variant, key).fraction == 1
        order = rng.permutation(len(values))
        scales = rng.choice([-3, -1, -0.5, 0.25, 2, 7], size=len(values))
        moved = {"values": values[order].tolist(), "vectors": (vectors * scales[:, None])[order].tolist()}
        assert problem.check(variant, moved).fraction == 1, moved
        repeated = [v for v in np.unique(values) if np.sum(values == v) == 2]
        if repeated:  # another basis of the eigenspace: (v1 + v2, v1 − 2 v2)
            i, j = np.flatnonzero(values == repeated[0])
            other = vectors.copy()
            other[i], other[j] = vectors[i] + vectors[j], vectors[i] - 2 * vectors[j]
            assert problem.check(variant, {"values": values.tolist(), "vectors": other.tolist()}).fraction == 1


def outcome(problem, variant, values, vectors):
    return problem.check(variant, {"values": list(values), "vectors": np.asarray(vectors).tolist()})


@pytest.mark.parametrize("pid", EIGEN)
def test_eigen_named_mistakes(pid):
    for problem, variant in variants(pid, 30):
        a = np.asarray(variant.values["A"], dtype=float)
        key = problem.expected(variant)
        values, vectors = np.array(key["values"], dtype=float), np.array(key["vectors"], dtype=float)
        # eigenvalues right, vectors are not eigenvectors: half the points, named
        garbage = vectors + np.eye(len(a))[: len(vectors)] * 0.5 + 0.25
        got = outcome(problem, variant, values, garbage)
        assert got.fraction == 0.5 and got.mistake == "not_eigenvectors" and got.feedback.startswith("eigenvalues right")
        # vectors paired with the wrong values
        if len(np.unique(values)) == len(values):
            got = outcome(problem, variant, values, vectors[::-1])
            assert got.fraction == 0.5 and "pair each vector with its own value" in got.feedback
        # rows instead of columns: left eigenvectors (eigenvectors of Aᵀ), when they differ
        left_values, left = np.linalg.eig(a.T)
        order = np.argsort(left_values.real)
        left = left.real[:, order].T
        if not all(np.linalg.norm(a @ v - lam * v) < 1e-6 for lam, v in zip(values, left)):
            got = outcome(problem, variant, values, left)
            assert got.fraction == 0.5 and "columns, not the rows" in got.feedback
        # zero vector
        zero = vectors.copy()
        zero[0] = 0
        assert "zero vector" in outcome(problem, variant, values, zero).feedback
        # diagonal entries as eigenvalues
        diag = np.sort(np.diag(a))
        if not np.allclose(diag, values):
            got = outcome(problem, variant, diag, vectors)
            assert got.fraction <= 0.5 and got.mistake == "diagonal" and "diagonal entries" in got.feedback


def test_eigen_repeated_value_needs_independent_vectors():
    for problem, variant in variants("eigenpairs_repeated", 30):
        key = problem.expected(variant)
        values, vectors = np.array(key["values"], dtype=float), np.array(key["vectors"], dtype=float)
        i, j = np.flatnonzero(values == [v for v in values if np.sum(values == v) == 2][0])
        dependent = vectors.copy()
        dependent[j] = 2 * vectors[i]
        got = outcome(problem, variant, values, dependent)
        assert got.fraction == 0.5 and "linearly dependent" in got.feedback


def test_eigen_format_problems_are_messages():
    problem, variant = next(variants("eigenpairs_2x2", 1))
    assert problem.check(variant, [1, 2]).mistake == "format"
    assert problem.check(variant, {"values": [1, 2], "vectors": [[1, 0]]}).mistake == "shape"
    assert problem.check(variant, {"values": [1, 2, 3], "vectors": [[1, 0], [0, 1], [1, 1]]}).mistake == "count"
    assert problem.check(variant, {"values": ["x", 2], "vectors": [[1, 0], [0, 1]]}).mistake == "format"


def test_eigenvalues_in_any_order():
    for problem, variant in variants("eigenvalues_2x2", 50):
        key = problem.expected(variant)
        assert problem.check(variant, key[::-1]).fraction == 1
        assert problem.check(variant, [str(v) for v in key]).fraction == 1


# -- subspaces ------------------------------------------------------------------------------

@pytest.mark.parametrize("pid", ["null_space", "column_space"])
def test_any_basis_of_the_space_scores_full(pid):
    rng = np.random.default_rng(1)
    for problem, variant in variants(pid, 100):
        basis = np.array(problem.expected(variant), dtype=float)
        assert problem.check(variant, basis.tolist()).fraction == 1
        mix = rng.integers(-3, 4, size=(len(basis), len(basis)))
        while abs(np.linalg.det(mix)) < 0.5:
            mix = rng.integers(-3, 4, size=(len(basis), len(basis)))
        assert problem.check(variant, (mix @ basis).tolist()).fraction == 1


def test_subspace_wrong_answers_are_explained():
    for problem, variant in variants("null_space", 50):
        a = np.asarray(variant.values["A"], dtype=float)
        basis = np.array(problem.expected(variant), dtype=float)
        assert "do not span all of it" in problem.check(variant, basis[:1].tolist()).feedback
        assert "linearly dependent" in problem.check(variant, [basis[0].tolist(), (2 * basis[0]).tolist()]).feedback
        outside = np.linalg.svd(a)[2][0]  # in the row space, so A v ≠ 0
        assert "not in the null space of A" in problem.check(variant, [outside.tolist(), basis[0].tolist()]).feedback
        from reference.subspaces import row_space

        got = problem.check(variant, row_space(a).tolist())
        assert got.fraction == 0 and got.mistake == "row_space"
        assert problem.check(variant, [[1, 2]]).mistake == "shape"


def test_rank_deficient_variants_are_well_posed():
    for problem, variant in variants("null_space"):
        a = np.asarray(variant.values["A"])
        assert np.linalg.matrix_rank(a) == 2 and len(problem.expected(variant)) == a.shape[1] - 2


# -- named mistakes of every numeric problem in the bank ---------------------------------------

NUMERIC_MISTAKES = [(p.id, m.name) for p in BANK.problems.values() if p.kind == "numeric" for m in p.mistakes]


@pytest.mark.parametrize("pid,name", NUMERIC_MISTAKES)
def test_each_listed_mistake_is_recognised_by_name(pid, name):
    """On variants where the mistaken formula differs from the right one, its value is named."""
    hits = 0
    for problem, variant in variants(pid, 40):
        mistake = next(m for m in problem.mistakes if m.name == name)
        value = mistake.try_evaluate(variant.values)
        if value is None:
            continue
        got = problem.check(variant, value.tolist())
        if got.fraction < 1 and got.mistake == name:
            assert got.fraction == 0 and got.feedback == mistake.message
            hits += 1
    assert hits >= 10, f"{pid}.{name} recognised on only {hits} of 40 variants"


# -- well-posedness on 200 variants per family -------------------------------------------------

def test_probability_variants_are_probabilities():
    for pid in ("bayes_posterior", "conditional_from_counts", "bernoulli_mle"):
        for problem, variant in variants(pid):
            assert 0 <= problem.expected(variant) <= 1
    for problem, variant in variants("discrete_moments"):
        p = np.asarray(variant.values["p"])
        assert np.all(p > 0) and abs(p.sum() - 1) < 1e-9 and problem.expected(variant)[1] > 0


def test_metrics_and_hessian_variants_are_well_posed():
    for problem, variant in variants("classifier_metrics"):
        assert all(0 <= m <= 1 for m in problem.expected(variant))
    for problem, variant in variants("hessian_condition_number"):
        h = np.asarray(variant.values["H"])
        assert np.array_equal(h, h.T) and np.linalg.eigvalsh(h).min() > 0 and problem.expected(variant) >= 1


@pytest.mark.parametrize("pid", EIGEN)
def test_locked_eigen_check_agrees_with_grading(pid, tmp_path):
    """In a student folder, eigenvalues are locked and eigenvectors checked against the public
    matrix: every answer below scores and is named the same locally as when graded."""
    import json


    for problem, variant in variants(pid, 15):
        lock = json.loads(json.dumps(problem.lock(variant, "salt")))
        assert "vectors" not in lock and all(len(h) == 32 for h in lock["values"])
        key = problem.expected(variant)
        values, vectors = np.array(key["values"], dtype=float), np.array(key["vectors"], dtype=float)
        a = np.asarray(variant.values["A"], dtype=float)
        answers = [key, {"values": values[::-1].tolist(), "vectors": (vectors[::-1] * -2).tolist()},
                   {"values": values.tolist(), "vectors": (vectors + 0.5).tolist()},
                   {"values": np.sort(np.diag(a)).tolist(), "vectors": vectors.tolist()},
                   {"values": (-values).tolist(), "vectors": vectors.tolist()},
                   {"values": values.tolist(), "vectors": vectors[::-1].tolist()}]
        for answer in answers:
            graded, local = problem.check(variant, answer), eigen_judge.check_locked(lock, "salt", pid, answer)
            assert (local.fraction, local.mistake, local.feedback) == (graded.fraction, graded.mistake, graded.feedback), answer


@pytest.mark.parametrize("pid", EIGEN)
def test_eigen_numpy_rows_for_columns_is_named_when_graded_and_checked(pid, tmp_path):
    """The commonest slip: writing the rows of NumPy's eigenvector matrix (vecs.tolist()) as the
    eigenvectors. Named, with how to fix it, by grading and by the locked local check alike."""

    named = 0
    for problem, variant in variants(pid, 30):
        key = problem.expected(variant)
        values, vectors = np.array(key["values"], dtype=float), np.array(key["vectors"], dtype=float)
        numpy_vecs = vectors.T  # NumPy's eig returns the eigenvectors as columns
        if problem.check(variant, {"values": values.tolist(), "vectors": numpy_vecs.tolist()}).fraction == 1:
            continue  # a symmetric case where rows and columns agree
        got = problem.check(variant, {"values": values.tolist(), "vectors": numpy_vecs.tolist()})
        assert got.fraction == 0.5 and got.mistake == "eigenvectors_as_rows" and "vecs.T.tolist()" in got.feedback, got
        local = eigen_judge.check_locked(problem.lock(variant, "s"), "s", pid, {"values": values.tolist(), "vectors": numpy_vecs.tolist()})
        assert local.mistake == got.mistake and local.feedback == got.feedback
        named += 1
    assert named > 0


# -- every numeric family: a wrong answer is not full ------------------------------------------

NUMERIC = sorted(p.id for p in BANK.problems.values() if p.kind == "numeric")


@pytest.mark.parametrize("pid", NUMERIC)
def test_a_wrong_answer_scores_below_full_with_feedback(pid):
    for problem, variant in variants(pid, 20):
        key = np.asarray(problem.expected(variant), dtype=float)
        got = problem.check(variant, (key + 1 + 0.5 * np.abs(key)).tolist())  # every entry moved by at least 1
        assert got.fraction < 1 and got.feedback not in ("", "correct"), (pid, variant.values)
