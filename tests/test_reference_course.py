"""The references added for the whole course, against independent computations (PyTorch autograd
and torch.distributions, brute-force enumeration, NumPy's solvers) and the notes' worked examples."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference import activations, calculus, linalg, metrics, networks, probability, stats

torch = pytest.importorskip("torch")

reals = st.floats(-2, 2, allow_nan=False, allow_infinity=False)
SETTINGS = settings(max_examples=100, deadline=None)


def derivative(f, x: float) -> float:
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    f(t).backward()
    return t.grad.item()


@SETTINGS
@given(reals)
def test_chain_rule_derivatives_match_autograd(x):
    assert calculus.cubic_square_derivative(x) == pytest.approx(derivative(lambda t: (t**3 + 2 * t) ** 2, x), rel=1e-9, abs=1e-9)
    assert calculus.exp_sin_square_derivative(x) == pytest.approx(derivative(lambda t: torch.exp(torch.sin(t**2)), x), rel=1e-9, abs=1e-9)
    assert calculus.sigmoid_derivative(x) == pytest.approx(derivative(torch.sigmoid, x), rel=1e-9)


@SETTINGS
@given(reals, reals)
def test_nonlinear_gradient_matches_autograd(x, y):
    tx, ty = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (x, y))
    (tx**2 * ty + torch.exp(tx * ty)).backward()
    np.testing.assert_allclose(calculus.exp_product_gradient(x, y), [tx.grad.item(), ty.grad.item()], rtol=1e-9, atol=1e-9)


@SETTINGS
@given(arrays(np.float64, (4, 2), elements=reals), arrays(np.float64, 2, elements=reals), arrays(np.float64, 4, elements=reals))
def test_least_squares_gradient_matches_autograd(X, w, y):
    tw = torch.tensor(w, requires_grad=True)
    (((torch.tensor(X) @ tw - torch.tensor(y)) ** 2).sum() / (2 * len(y))).backward()
    np.testing.assert_allclose(calculus.least_squares_gradient(X, w, y), tw.grad.numpy(), rtol=1e-9, atol=1e-9)


def test_normal_equation_matches_lstsq():
    rng = np.random.default_rng(0)
    for _ in range(50):
        X, y = rng.normal(size=(5, 2)), rng.normal(size=5)
        np.testing.assert_allclose(calculus.normal_equation(X, y), np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-9)


@SETTINGS
@given(reals, reals, reals, st.sampled_from([0.0, 1.0]))
def test_sigmoid_error_gradient_and_vanishing_product_match_autograd(w, b, x, t):
    tw = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    (0.5 * (torch.sigmoid(tw * x + b) - t) ** 2).backward()
    assert calculus.sigmoid_squared_error_dw(w, b, x, t) == pytest.approx(tw.grad.item(), rel=1e-9, abs=1e-12)
    z = torch.tensor([w, b, x], dtype=torch.float64, requires_grad=True)
    start = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    out = start  # a chain of sigmoids with weight 1 whose pre-activations are z: d out / d start
    for k in range(3):
        out = torch.sigmoid(out + z[k] - out.detach())  # pre-activation z[k], derivative σ'(z[k])
    out.backward()
    assert calculus.vanishing_product([w, b, x]) == pytest.approx(start.grad.item(), rel=1e-9)


def test_forward_difference_converges_to_the_derivative():
    assert calculus.forward_difference_cube(2.0, 1e-7) == pytest.approx(12.0, rel=1e-5)
    assert calculus.forward_difference_cube(1.0, 0.5) == pytest.approx((1.5**3 - 1) / 0.5)


def test_gaussian_information_matches_torch_distributions():
    from torch.distributions import Normal, Uniform, kl_divergence

    for mu1, s1, mu2, s2 in itertools.product([-1.0, 0.5], [0.5, 2.0], [0.0, 1.5], [1.0, 3.0]):
        p, q = Normal(torch.tensor(mu1), torch.tensor(s1)), Normal(torch.tensor(mu2), torch.tensor(s2))
        assert probability.gaussian_kl(mu1, s1, mu2, s2) == pytest.approx(kl_divergence(p, q).item(), rel=1e-5)
        assert probability.gaussian_entropy(s1) == pytest.approx(p.entropy().item(), rel=1e-5)
    u = Uniform(torch.tensor(-2.0), torch.tensor(7.0))
    assert probability.uniform_moments(-2, 7) == pytest.approx([u.mean.item(), u.variance.item()])


def test_dice_conditional_by_counting_a_simulation_free_sample_space():
    for first, total in itertools.product(range(1, 7), range(2, 13)):
        rest = [first + b for b in range(1, 7)]
        assert probability.dice_conditional(total, first) == sum(s >= total for s in rest) / 6


@SETTINGS
@given(arrays(np.int64, 8, elements=st.integers(0, 12)))
def test_poisson_and_grid_mle_maximise_the_likelihood(k):
    grid = np.linspace(0.01, 15, 150_000)
    loglik = k.sum() * np.log(grid) - len(k) * grid
    assert probability.poisson_mle(k) == pytest.approx(grid[np.argmax(loglik)], abs=2e-4) if k.sum() else True
    heads = int(k.sum() % 21)
    ps = np.arange(1, 10) / 10
    best = ps[np.argmax([p**heads * (1 - p) ** (20 - heads) for p in ps])]
    assert probability.grid_mle_bernoulli(heads, 20, list(ps)) == best


@SETTINGS
@given(st.integers(5, 60), st.integers(100, 300), st.integers(5, 60), st.integers(100, 300))
def test_two_proportion_z_by_its_definition(x1, n1, x2, n2):
    pooled = (x1 + x2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert probability.two_proportion_z(x1, n1, x2, n2) == pytest.approx((x1 / n1 - x2 / n2) / se)


@SETTINGS
@given(arrays(np.float64, 6, elements=reals), arrays(np.float64, 6, elements=reals))
def test_covariance_norms_and_distances_match_numpy(x, y):
    assert stats.covariance(x, y, 1) == pytest.approx(np.cov(x, y)[0, 1], abs=1e-12)
    np.testing.assert_allclose(linalg.norms(x), [np.linalg.norm(x, 1), np.linalg.norm(x), np.linalg.norm(x, np.inf)], rtol=1e-12)
    np.testing.assert_allclose(linalg.distances(x, y), linalg.norms(x - y), rtol=1e-12)


@SETTINGS
@given(arrays(np.float64, (2, 2), elements=st.integers(-6, 6).map(float)))
def test_determinant_inverse_and_characteristic_polynomial_match_numpy(a):
    assert linalg.det2(a) == pytest.approx(np.linalg.det(a), abs=1e-9)
    np.testing.assert_allclose(linalg.characteristic_polynomial2(a), np.poly(a), atol=1e-9)
    if abs(np.linalg.det(a)) > 1e-9:
        np.testing.assert_allclose(linalg.inverse2(a), np.linalg.inv(a), rtol=1e-9, atol=1e-9)


def test_low_rank_error_matches_an_explicit_truncated_svd():
    rng = np.random.default_rng(1)
    for _ in range(30):
        a = rng.normal(size=(3, 3))
        u, s, vt = np.linalg.svd(a)
        a1 = s[0] * np.outer(u[:, 0], vt[0])
        assert linalg.rank_k_error(a, 1) == pytest.approx(np.linalg.norm(a - a1, "fro"))


def test_activations_dropout_and_softmax_batch_match_torch():
    z = torch.tensor([[-1.5, 0.0, 2.0], [3.0, 1.0, -0.5]], dtype=torch.float64)
    np.testing.assert_allclose(activations.softmax(z.numpy()), torch.softmax(z, dim=1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(activations.leaky_relu(z.numpy(), 0.1), torch.nn.functional.leaky_relu(z, 0.1).numpy())
    np.testing.assert_allclose(activations.tanh(z.numpy()), torch.tanh(z).numpy(), rtol=1e-12)
    a, mask = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1, 0, 1, 1])
    np.testing.assert_allclose(activations.inverted_dropout(a, mask, 0.25), a * mask / 0.75)


def test_networks_counts_and_shapes_match_torch_layers():
    for k, c_in, filters, size, n_out in itertools.product([3, 5], [1, 3], [4, 8], [8, 10], [2, 10]):
        conv = torch.nn.Conv2d(c_in, filters, k, padding=k // 2)
        dense = torch.nn.Linear(size * size * filters, n_out)
        expected = sum(p.numel() for p in [*conv.parameters(), *dense.parameters()])
        assert networks.cnn_parameter_count(k, c_in, filters, size, n_out) == expected
        out = conv(torch.zeros(1, c_in, size, size))
        assert networks.conv_output_shape(size, k, k // 2, 1, filters) == [out.shape[2], out.shape[3], out.shape[1]]
    assert networks.updates_per_epoch(100, 32) == [1, 100, 4]
    assert networks.inverse_sqrt_schedule(0.1, 4) == pytest.approx([0.1, 0.1 / 2**0.5, 0.1 / 3**0.5, 0.05])


def test_roc_area_equals_the_trapezoid_under_the_roc_points():
    rng = np.random.default_rng(2)
    for _ in range(30):
        scores, labels = rng.permutation(np.arange(1, 9) / 10), rng.permutation([1, 1, 1, 1, 0, 0, 0, 0])
        points = sorted([(0.0, 0.0)] + [tuple(metrics.roc_point(scores, labels, t)) for t in scores])
        area = sum((x2 - x1) * (y1 + y2) / 2 for (x1, y1), (x2, y2) in itertools.pairwise(points))
        assert metrics.roc_auc(scores, labels) == pytest.approx(area)
    confusion = metrics.confusion_from_pairs([1, 1, 0, 0, 1], [1, 0, 0, 1, 1])
    assert confusion.tolist() == [[2, 1], [1, 1]]


def test_the_notes_worked_examples():
    assert activations.neuron([4, 2, -1], [0, 1, 1], 0, "sigmoid") == pytest.approx(0.7311, abs=1e-4)  # the notes write 0.7310
    assert activations.neuron([2, -4, 1], [1, 1, 0], 0, "step") == 0  # z = −2
    assert linalg.characteristic_polynomial2([[1, 2], [5, 4]]) == [1, -5, -6]  # λ² − 5λ − 6 = (λ − 6)(λ + 1)
    a, b = [0.2, 0.5, 0.8, 0.1], [0.3, 0.4, 0.7, 0.2]
    assert linalg.cosine_similarity(a, b) == pytest.approx(0.84 / (np.linalg.norm(a) * np.linalg.norm(b)))
    assert linalg.cosine_similarity(a, b) == pytest.approx(0.9810, abs=1e-4)  # the notes round to 0.98 (their ‖a‖ = 0.96 is a slip: 0.9695)
