"""Reference functions against independent computations (PyTorch, exact fractions) on many inputs."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference import activations, information, linalg, stats

torch = pytest.importorskip("torch")

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
small_ints = st.integers(-9, 9)


def probability_vectors(n: int):
    return arrays(np.float64, n, elements=st.floats(0.01, 1)).map(lambda a: a / a.sum())


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(1, 8), elements=finite))
def test_softmax_matches_torch(z):
    np.testing.assert_allclose(activations.softmax(z), torch.softmax(torch.tensor(z), dim=0).numpy(), rtol=1e-10, atol=1e-12)


def test_softmax_is_stable_for_large_scores():
    out = activations.softmax([1000.0, 1000.0, -1000.0])
    np.testing.assert_allclose(out, [0.5, 0.5, 0.0])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.data())
def test_matmul_and_dot_match_exact_integer_arithmetic(m, k, n, data):
    a = data.draw(arrays(np.int64, (m, k), elements=small_ints))
    b = data.draw(arrays(np.int64, (k, n), elements=small_ints))
    exact = [[sum(int(a[i, t]) * int(b[t, j]) for t in range(k)) for j in range(n)] for i in range(m)]
    assert linalg.matmul(a, b).tolist() == exact
    assert linalg.matmul_shape(m, k, n) == list(np.shape(exact))
    assert linalg.dot(a[0], b[:, 0]) == exact[0][0]
    np.testing.assert_array_equal(linalg.transpose(a), torch.tensor(a).T.numpy())


@settings(max_examples=200, deadline=None)
@given(arrays(np.int64, st.integers(2, 10), elements=st.integers(-20, 20)))
def test_variance_matches_exact_fractions_and_torch(x):
    n = len(x)
    mean = Fraction(int(x.sum()), n)
    ss = sum((Fraction(int(v)) - mean) ** 2 for v in x)
    assert stats.mean(x) == pytest.approx(float(mean))
    assert stats.variance(x, ddof=0) == pytest.approx(float(ss / n), abs=1e-12)
    assert stats.variance(x, ddof=1) == pytest.approx(float(ss / (n - 1)), abs=1e-12)
    t = torch.tensor(x, dtype=torch.float64)
    assert stats.variance(x, ddof=1) == pytest.approx(torch.var(t, correction=1).item(), abs=1e-9)
    assert stats.std(x, ddof=0) == pytest.approx(torch.std(t, correction=0).item(), abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(probability_vectors(5), probability_vectors(5))
def test_information_measures_match_torch(p, q):
    P = torch.distributions.Categorical(probs=torch.tensor(p))
    Q = torch.distributions.Categorical(probs=torch.tensor(q))
    assert information.entropy(p, base="e") == pytest.approx(P.entropy().item(), rel=1e-9)
    assert information.entropy(p, base=2) == pytest.approx(P.entropy().item() / np.log(2), rel=1e-9)
    assert information.kl_divergence(p, q, base="e") == pytest.approx(torch.distributions.kl_divergence(P, Q).item(), rel=1e-7, abs=1e-12)
    # H(P, Q) = H(P) + KL(P || Q), in any base
    for base in (2, "e", 10):
        assert information.cross_entropy(p, q, base) == pytest.approx(information.entropy(p, base) + information.kl_divergence(p, q, base), rel=1e-9)


def test_information_textbook_values():
    """The math chapter's exam question: uniform over 4 is 2 bits, [0.5, 0.5, 0, 0] is 1 bit."""
    assert information.entropy([0.25] * 4, base=2) == pytest.approx(2.0)
    assert information.entropy([0.5, 0.5, 0, 0], base=2) == pytest.approx(1.0)
    assert information.cross_entropy([1, 0], [0.5, 0.5], base=2) == pytest.approx(1.0)


def test_slide_worked_examples():
    """Module 1 slides: v·w = -5 for the 5-vectors, and the 3×3 'dot product in 2D' is 22."""
    assert linalg.dot([1, 0, 2, 5, -2], [2, 8, -6, 1, 0]) == -5
    a = [[0, 3, 2], [-3, -3, 1], [1, 0, 2]]
    b = [[1, 0, 6], [2, -1, 0], [5, 1, 4]]
    assert linalg.frobenius_inner(a, b) == 22
