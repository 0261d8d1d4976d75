"""References of the math families against independent computations, and the seeds' worked examples.

Independent means another method: PyTorch autograd for derivatives, torch.linalg for spectra,
exact fractions for subspaces and Bayes, counting labels for metrics, nn.Linear for parameter counts.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from grader.draw.params import ParamSpec, variant_rng
from reference import calculus, eigen, metrics, networks, probability, subspaces

torch = pytest.importorskip("torch")

reals = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
SETTINGS = settings(max_examples=200, deadline=None)


def grad(f, *args):
    xs = [torch.tensor(float(a), dtype=torch.float64, requires_grad=True) for a in args]
    f(*xs).backward()
    return [x.grad.item() for x in xs]


@SETTINGS
@given(st.integers(-4, 4), st.integers(-4, 4), st.integers(1, 5), reals)
def test_power_chain_rule_matches_autograd(a, b, n, x):
    assert calculus.power_chain_derivative(a, b, n, x) == pytest.approx(grad(lambda t: (a * t + b) ** n, x)[0], rel=1e-9, abs=1e-9)


@SETTINGS
@given(reals, reals, reals)
def test_sigmoid_chain_rule_matches_autograd(w, b, x):
    expected = grad(lambda tw: torch.sigmoid(tw * x + b), w)[0]
    assert calculus.sigmoid_affine_dw(w, b, x) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@SETTINGS
@given(reals, reals, reals, reals, reals)
def test_quadratic_gradient_and_hessian_match_autograd(a, b, c, x, y):
    f = lambda tx, ty: a * tx**2 + b * tx * ty + c * ty**2
    np.testing.assert_allclose(calculus.quadratic_gradient(a, b, c, x, y), grad(f, x, y), rtol=1e-9, atol=1e-9)
    h = torch.autograd.functional.hessian(lambda v: f(v[0], v[1]), torch.tensor([x, y], dtype=torch.float64))
    np.testing.assert_allclose(calculus.quadratic_hessian(a, b, c), h.numpy(), rtol=1e-9, atol=1e-9)


@SETTINGS
@given(reals, reals, reals)
def test_jacobian_matches_autograd(k, x, y):
    f = lambda v: torch.stack([v[0] ** 2 * v[1], k * v[0] + v[1] ** 3])
    j = torch.autograd.functional.jacobian(f, torch.tensor([x, y], dtype=torch.float64))
    np.testing.assert_allclose(calculus.polynomial_map_jacobian(k, x, y), j.numpy(), rtol=1e-9, atol=1e-9)


@SETTINGS
@given(st.floats(0.5, 5), st.floats(0.1, 2), st.floats(0.01, 2))
def test_revenue_gradient_matches_autograd(b, r, p):
    expected = grad(lambda tb, tr, tp: tb * tr**2 * torch.log1p(tp), b, r, p)
    np.testing.assert_allclose(calculus.revenue_gradient(b, r, p), expected, rtol=1e-9)


def test_seed_calculus_examples():
    # math chapter: f = x² + 3xy + y² has ∇f(1, 2) = [8, 7]; y = (3x + 2)^5 has y' = 15(3x + 2)^4
    assert calculus.quadratic_gradient(1, 3, 1, 1, 2) == [8, 7]
    assert calculus.power_chain_derivative(3, 2, 5, 1) == 15 * 5**4
    # class notes: L = 100 w1² + w2² has H = [[200, 0], [0, 2]], eigenvalues 200 and 2, κ = 100
    assert calculus.quadratic_hessian(100, 0, 1) == [[200, 0], [0, 2]]
    assert eigen.condition_number([[200, 0], [0, 2]]) == pytest.approx(100)


def integer_matrices(max_side=4):
    return st.tuples(st.integers(1, max_side), st.integers(1, max_side)).flatmap(
        lambda s: arrays(np.int64, s, elements=st.integers(-3, 3)))


@SETTINGS
@given(integer_matrices())
def test_subspaces_exact(a):
    rank = np.linalg.matrix_rank(a)
    null = subspaces.null_space(a)
    assert len(null) == a.shape[1] - rank == a.shape[1] - subspaces.rank(a)
    for v in null.astype(int):  # exact: integer arithmetic
        assert all(sum(int(x) * int(y) for x, y in zip(row, v)) == 0 for row in a)
    assert np.linalg.matrix_rank(subspaces.column_space(a)) == len(subspaces.column_space(a)) == rank
    row = subspaces.row_space(a)
    assert len(row) == rank and np.linalg.matrix_rank(np.vstack([row, a])) == rank


def test_seed_subspace_examples():
    # class notes: null space of [[2, -4], [1, -2], [-4, 8]] is c·(2, 1); of [[4, 6], [2, 7], [5, 8]] only 0
    assert subspaces.null_space([[2, -4], [1, -2], [-4, 8]]).tolist() == [[2, 1]]
    assert subspaces.null_space([[4, 6], [2, 7], [5, 8]]).shape == (0, 2)


@pytest.mark.parametrize("spectrum,n", [("distinct", 2), ("distinct", 3), ("repeated", 3)])
def test_eigenpairs_on_200_generated_matrices(spectrum, n):
    spec = ParamSpec(shape=[n, n], low=-3, high=4, spectrum=spectrum)
    for i in range(200):
        a = spec.draw(variant_rng(0, str(i), "eigen"))
        values, vectors = eigen.eigenpairs(a)
        torch_values = np.sort(torch.linalg.eigvals(torch.tensor(a, dtype=torch.float64)).numpy())
        assert np.allclose(torch_values.imag, 0, atol=1e-6), "complex eigenvalues"
        np.testing.assert_allclose(values, np.sort(torch_values.real), atol=1e-6)
        assert np.all(values == np.round(values)), "integer eigenvalues"
        assert np.linalg.matrix_rank(vectors) == n, "a full set of independent eigenvectors"
        for value, v in zip(values, vectors):
            assert np.array_equal(a @ v, value * v)  # exact: integers
        if spectrum == "repeated":
            assert len(np.unique(values)) == n - 1
        assert not np.array_equal(a, np.triu(a)) and not np.array_equal(a, np.tril(a))


def test_seed_eigen_examples():
    # math chapter: [[4, 2], [1, 3]] has eigenvalues 2 and 5, and [2, 1] for 5
    values, vectors = eigen.eigenpairs([[4, 2], [1, 3]])
    assert values.tolist() == [2, 5] and [2, 1] in vectors.tolist()
    # class notes: [[1, 2], [5, 4]] has 6 with (1, 5/2) ~ (2, 5), and −1 with (1, −1)
    values, vectors = eigen.eigenpairs([[1, 2], [5, 4]])
    assert values.tolist() == [-1, 6] and vectors.tolist() == [[-1, 1], [2, 5]]
    # class notes: the 3×3 example has λ = 0, 0, 1 but is defective (one eigenvector for 0)
    values, vectors = eigen.eigenpairs([[1, 1, 1], [-1, -1, -1], [0, 0, 1]])
    assert values.tolist() == [0, 1]
    assert np.linalg.matrix_rank(np.vstack([vectors[0], [1, -1, 0]])) == 1  # the notes' c·(1, −1, 0)
    assert np.linalg.matrix_rank(np.vstack([vectors[1], [-1, 1, -1]])) == 1  # the notes' c·(−1, 1, −1)
    assert eigen.eigenvalues([[1, 1, 1], [-1, -1, -1], [0, 0, 1]]).round(6).tolist() == [0, 0, 1]
    assert eigen.trace_and_determinant([[5, 0], [0, 3]]) == [8, 15]


probabilities = st.fractions(Fraction(1, 1000), Fraction(999, 1000))


@SETTINGS
@given(probabilities, probabilities, probabilities)
def test_bayes_matches_exact_fractions(prev, sens, fpr):
    exact = sens * prev / (sens * prev + fpr * (1 - prev))
    assert probability.bayes_posterior(float(prev), float(sens), float(fpr)) == pytest.approx(float(exact), rel=1e-12)


def test_seed_bayes_examples():
    # math chapter: prior 0.0001, sensitivity 0.99, FPR 0.01 → 0.0098
    assert probability.bayes_posterior(0.0001, 0.99, 0.01) == pytest.approx(0.0098039, rel=1e-4)
    # fraud example: prior 1e-5, 0.95, 0.02 → about 1 in 2106
    assert 1 / probability.bayes_posterior(1e-5, 0.95, 0.02) == pytest.approx(2106.3, rel=1e-3)


@SETTINGS
@given(arrays(np.int64, (2, 2), elements=st.integers(1, 200)))
def test_conditional_probabilities_match_counting(t):
    people = [(a, b) for a in (0, 1) for b in (0, 1) for _ in range(t[a, b])]  # (not-A?, not-B?)
    with_b = [p for p in people if p[1] == 0]
    assert probability.conditional_from_counts(t) == pytest.approx(sum(p[0] == 0 for p in with_b) / len(with_b))


@SETTINGS
@given(arrays(np.float64, 4, elements=st.floats(-5, 5)), arrays(np.float64, 4, elements=st.floats(0.01, 1)))
def test_discrete_moments_match_torch(x, w):
    p = w / w.sum()
    tx, tp = torch.tensor(x), torch.tensor(p)
    mean = (tx * tp).sum()
    np.testing.assert_allclose(probability.discrete_mean_variance(x, p), [mean.item(), ((tx - mean) ** 2 * tp).sum().item()], rtol=1e-9, atol=1e-12)


@SETTINGS
@given(arrays(np.int64, st.integers(2, 30), elements=st.integers(0, 1)).filter(lambda a: 0 < a.sum() < a.size))
def test_bernoulli_mle_maximises_the_likelihood(outcomes):
    grid = np.linspace(0.001, 0.999, 9999)
    k, n = outcomes.sum(), outcomes.size
    best = grid[np.argmax(k * np.log(grid) + (n - k) * np.log(1 - grid))]
    assert probability.bernoulli_mle(outcomes) == pytest.approx(best, abs=2e-4)


@SETTINGS
@given(arrays(np.float64, st.integers(2, 12), elements=st.floats(-10, 10)))
def test_gaussian_mle_matches_torch(x):
    t = torch.tensor(x)
    np.testing.assert_allclose(probability.gaussian_mle(x), [t.mean().item(), t.var(correction=0).item()], rtol=1e-9, atol=1e-9)


def test_seed_mle_example():
    assert probability.bernoulli_mle([1] * 15 + [0] * 5) == 0.75  # exam corner: 15 heads in 20 tosses


@SETTINGS
@given(arrays(np.int64, (2, 2), elements=st.integers(1, 100)))
def test_metrics_match_counting_labels(c):
    (tp, fn), (fp, tn) = c
    y_true = [1] * (tp + fn) + [0] * (fp + tn)
    y_pred = [1] * tp + [0] * fn + [1] * fp + [0] * tn
    pairs = list(zip(y_true, y_pred))
    precision = sum(t and p for t, p in pairs) / sum(p for _, p in pairs)
    recall = sum(t and p for t, p in pairs) / sum(t for t, _ in pairs)
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    np.testing.assert_allclose(metrics.binary_metrics(c), [accuracy, precision, recall, 2 * precision * recall / (precision + recall)])


def test_seed_spam_example_with_its_slips_corrected():
    """Class notes, spam filter: rows are *predicted* (spam: 40 | 10, not spam: 5 | 45), so
    TP = 40, FP = 10, FN = 5, TN = 45. The notes' accuracy 0.85 and precision 0.8 are right, but
    they compute recall as 10/(10 + 5) = 0.667 (FP over FP + FN), then use 0.83 in F1 and get 0.80.
    Recall is TP/(TP + FN) = 40/45 = 0.889, and F1 = 2·0.8·0.889/(0.8 + 0.889) = 0.842."""
    accuracy, precision, recall, f1 = metrics.binary_metrics([[40, 5], [10, 45]])  # ours: rows actual
    assert (accuracy, precision) == (0.85, 0.8)
    assert recall == pytest.approx(40 / 45) and f1 == pytest.approx(0.8421, abs=1e-4)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 50), min_size=2, max_size=5))
def test_parameter_count_matches_torch_layers(sizes):
    model = torch.nn.Sequential(*(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])))
    assert networks.dense_parameter_count(*sizes) == sum(p.numel() for p in model.parameters())
    assert networks.dense_weight_count(*sizes) == sum(m.weight.numel() for m in model)


def test_seed_parameter_counts_with_a_slip_corrected():
    """Class notes: a 4-3-2-1 network has 15 + 8 + 3 = 26 parameters (stated correctly once);
    elsewhere the same network is totalled as 15 + 18 + 3 = 36, a slip for the 3→2 layer
    (3·2 + 2 = 8, not 18). A 2-2-1 network has 6 + 3 = 9."""
    assert networks.dense_parameter_count(4, 3, 2, 1) == 26
    assert networks.dense_parameter_count(2, 2, 1) == 9
