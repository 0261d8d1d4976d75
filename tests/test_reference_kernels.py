"""The code problems' references against PyTorch, on hypothesis-drawn inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.code import cases
from grader.sandbox.library import FUNCTIONS
from reference import kernels

torch = pytest.importorskip("torch")
F = torch.nn.functional
SETTINGS = settings(max_examples=60, deadline=None)
seeds = st.integers(0, 2**32 - 1)


@SETTINGS
@given(seeds)
def test_matmul_and_conv2d_match_torch_on_the_hidden_case_shapes(seed):
    rng = np.random.default_rng(seed)
    for _, (a, b) in cases.matmul(rng):
        np.testing.assert_allclose(kernels.matmul(a, b), (torch.tensor(a) @ torch.tensor(b)).numpy(), rtol=1e-12, atol=1e-12)
    for _, (x, w, bias, stride, pad) in cases.conv2d(rng):
        expected = F.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(bias), stride=stride, padding=pad).numpy()
        np.testing.assert_allclose(kernels.conv2d(x, w, bias, stride, pad), expected, rtol=1e-10, atol=1e-10)


@SETTINGS
@given(seeds)
def test_softmax_bce_adam_match_torch(seed):
    rng = np.random.default_rng(seed)
    for _, (z,) in cases.softmax(rng):
        np.testing.assert_allclose(kernels.softmax(z), torch.softmax(torch.tensor(z), dim=-1).numpy(), rtol=1e-10, atol=1e-15)
    for _, (p, y) in cases.bce(rng):
        tp = torch.tensor(p, requires_grad=True)
        loss = F.binary_cross_entropy(tp, torch.tensor(y))
        loss.backward()
        ours_loss, ours_grad = kernels.bce_with_grad(p, y)
        assert ours_loss == pytest.approx(loss.item(), rel=1e-10)
        np.testing.assert_allclose(ours_grad, tp.grad.numpy(), rtol=1e-9)
    for _, (theta, grad, m, v, t, lr) in cases.adam(rng):
        param = torch.nn.Parameter(torch.tensor(theta))
        opt = torch.optim.Adam([param], lr=lr)
        opt.state[param] = {"step": torch.tensor(float(t - 1)), "exp_avg": torch.tensor(m), "exp_avg_sq": torch.tensor(v)}
        param.grad = torch.tensor(grad)
        opt.step()
        new_theta, new_m, new_v = kernels.adam_step(theta, grad, m, v, t, lr)
        np.testing.assert_allclose(new_theta, param.detach().numpy(), rtol=1e-10)
        np.testing.assert_allclose(new_m, opt.state[param]["exp_avg"].numpy(), rtol=1e-12)


@SETTINGS
@given(seeds)
def test_pca_matches_torch_svd_up_to_sign(seed):
    rng = np.random.default_rng(seed)
    for _, (X, k) in cases.pca(rng):
        centred = torch.tensor(X - X.mean(axis=0))
        _, _, vh = torch.linalg.svd(centred, full_matrices=False)
        ours, theirs = kernels.pca(X, k), vh[:k].numpy()
        signs = np.sign(np.sum(ours * theirs, axis=1, keepdims=True))
        np.testing.assert_allclose(ours * signs, theirs, atol=1e-7)


@SETTINGS
@given(st.lists(st.floats(-2, 2), min_size=2, max_size=6))
def test_numerical_gradient_functions_match_autograd(point):
    x = np.array(point)
    torch_versions = {
        "quadratic": lambda t: (torch.arange(1, t.numel() + 1, dtype=t.dtype) * t**2).sum(),
        "sin_chain": lambda t: (torch.sin(t[:-1]) * t[1:]).sum(),
        "logsumexp": lambda t: torch.logsumexp(t, 0),
    }
    for name, fn in torch_versions.items():
        t = torch.tensor(x, requires_grad=True)
        fn(t).backward()
        assert FUNCTIONS[name](x) == pytest.approx(fn(torch.tensor(x)).item(), rel=1e-10, abs=1e-12)
        np.testing.assert_allclose(kernels.analytic_gradient(name, x), t.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_perceptron_training_learns_the_gates():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    for target in ([0, 0, 0, 1], [0, 1, 1, 1]):
        w = kernels.perceptron_train(X, np.array(target, dtype=float), 0.5, 10)
        assert ((X @ w[:2] + w[2] >= 0).astype(int) == target).all()
