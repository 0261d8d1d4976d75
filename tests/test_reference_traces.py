"""Trace and convolution references against torch.optim, autograd, conv2d, and the notes' worked tables."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference import conv, descent, mlp, optimizers, perceptron

torch = pytest.importorskip("torch")

grads_strategy = st.lists(st.floats(-3, 3, allow_nan=False).filter(lambda g: abs(g) > 1e-3), min_size=2, max_size=6)
SETTINGS = settings(max_examples=100, deadline=None)


def run_torch(opt_factory, theta0, grads):
    p = torch.nn.Parameter(torch.tensor([theta0], dtype=torch.float64))
    opt = opt_factory([p])
    out = []
    for g in grads:
        p.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
        out.append(p.item())
    return out


@SETTINGS
@given(st.floats(-2, 2), grads_strategy, st.sampled_from([0.01, 0.1]))
def test_adam_matches_torch(theta0, grads, lr):
    theta, m, v, ours = theta0, 0.0, 0.0, []
    for t, g in enumerate(grads, start=1):
        row = optimizers.adam_step(theta, m, v, g, t, lr=lr, beta1=0.9, beta2=0.999, eps=1e-8)
        theta, m, v = row["theta"], row["m"], row["v"]
        ours.append(theta)
    np.testing.assert_allclose(ours, run_torch(lambda p: torch.optim.Adam(p, lr=lr, eps=1e-8), theta0, grads), rtol=1e-9, atol=1e-12)


@SETTINGS
@given(st.floats(-2, 2), grads_strategy, st.sampled_from([0.1, 0.5]))
def test_adagrad_matches_torch(theta0, grads, lr):
    theta, G, ours = theta0, 0.0, []
    for g in grads:
        row = optimizers.adagrad_step(theta, G, g, lr=lr, eps=1e-10)
        theta, G = row["theta"], row["G"]
        ours.append(theta)
    np.testing.assert_allclose(ours, run_torch(lambda p: torch.optim.Adagrad(p, lr=lr, eps=1e-10), theta0, grads), rtol=1e-9)


@SETTINGS
@given(st.floats(-2, 2), grads_strategy, st.sampled_from([0.01, 0.1]), st.sampled_from([0.8, 0.9]))
def test_rmsprop_matches_torch(theta0, grads, lr, rho):
    theta, s, ours = theta0, 0.0, []
    for g in grads:
        row = optimizers.rmsprop_step(theta, s, g, lr=lr, rho=rho, eps=1e-8)
        theta, s = row["theta"], row["s"]
        ours.append(theta)
    np.testing.assert_allclose(ours, run_torch(lambda p: torch.optim.RMSprop(p, lr=lr, alpha=rho, eps=1e-8), theta0, grads), rtol=1e-9)


@SETTINGS
@given(st.floats(-2, 2), grads_strategy, st.sampled_from([0.1, 0.2]), st.sampled_from([0.5, 0.9]))
def test_momentum_matches_torch_with_convention_mapped(theta0, grads, lr, beta):
    """torch: b ← βb + g, θ ← θ − η b. Ours: v ← βv + ηg, θ ← θ − v; so v = η b, same θ."""
    theta, v, ours = theta0, 0.0, []
    for g in grads:
        row = optimizers.momentum_step(theta, v, g, lr=lr, beta=beta)
        theta, v = row["theta"], row["v"]
        ours.append(theta)
    np.testing.assert_allclose(ours, run_torch(lambda p: torch.optim.SGD(p, lr=lr, momentum=beta), theta0, grads), rtol=1e-9, atol=1e-12)


def test_seed_perceptron_and_gate_with_its_slip_corrected():
    """Class notes, AND gate from w = (1.2, 0.6), b = 0, threshold 1, η = 0.5. Step 3 is written
    z = 1 × 0.2 + 0 × 0.6 = 0.2, a slip for 1 × 1.2 = 1.2 (the update that follows is right)."""
    w, b, rows = np.array([1.2, 0.6]), 0.0, []
    for x in perceptron.INPUTS:
        row = perceptron.perceptron_step(w, b, x, perceptron.gate_target("AND", x), eta=0.5, threshold=1.0)
        w, b = row["w"], row["b"]
        rows.append((round(row["z"], 9), row["y_hat"], w.round(9).tolist(), round(b, 9)))
    assert rows == [(0.0, 0, [1.2, 0.6], 0.0), (0.6, 0, [1.2, 0.6], 0.0), (1.2, 1, [0.7, 0.6], -0.5), (0.8, 0, [1.2, 1.1], 0.0)]


def test_seed_minibatch_epoch_with_its_slips_corrected():
    """Class notes, (1,2), (2,4), (3,6), (4,8), 1/(2m) loss, η = 0.1, batches of two. The notes
    write ∂L/∂b = −½[2 + 0] = −1 for batch 1 (a slip: −½[2 + 4] = −3, which their b = 0.3
    uses) and +17.7 for batch 2's ∂L/∂w (a sign slip; their update uses −17.7)."""
    x, y = np.array([1.0, 2, 3, 4]), np.array([2.0, 4, 6, 8])
    assert descent.loss(0, 0, x, y, "half_mean") == 15
    first = descent.descent_step(0.0, 0.0, x[:2], y[:2], x, y, lr=0.1, loss_convention="half_mean")
    assert (first["dw"], first["db"]) == (-5, -3) and (first["w"], first["b"]) == pytest.approx((0.5, 0.3))
    second = descent.descent_step(first["w"], first["b"], x[2:], y[2:], x, y, lr=0.1, loss_convention="half_mean")
    assert second["dw"] == pytest.approx(-17.7) and second["db"] == pytest.approx(-4.95)
    assert (second["w"], second["b"]) == pytest.approx((2.27, 0.795)) and second["loss"] == pytest.approx(1.126, abs=1e-3)


def test_seed_batch_and_stochastic_weight_updates():
    """Class notes, y = wx on (1,2), (2,4), (3,6), L = ½(y − wx)², η = 0.1: batch gives
    ∂L/∂w = −9.33 and w = 0.933; stochastic gives w = 0.2, 0.92, 1.892 (bias fixed at 0)."""
    x, y = np.array([1.0, 2, 3]), np.array([2.0, 4, 6])
    dw, _ = descent.gradients(0, 0, x, y, "half_mean")
    assert dw == pytest.approx(-28 / 3) and -0.1 * dw == pytest.approx(0.9333, abs=1e-4)
    w, path = 0.0, []
    for xi, yi in zip(x, y):
        w -= 0.1 * descent.gradients(w, 0, [xi], [yi], "half_mean")[0]
        path.append(round(w, 6))
    assert path == [0.2, 0.92, 1.892]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=11, max_size=11), st.sampled_from(["half", "squared"]))
def test_mlp_step_matches_autograd(v, loss):
    x, y, W1, b1, w2, b2 = np.array(v[0:2]), v[2], np.array(v[3:7]).reshape(2, 2), np.array(v[7:9]), np.array(v[9:11]), 0.3
    ours = mlp.mlp_step(W1, b1, w2, b2, x, y, lr=0.1, loss=loss)
    t = {k: torch.tensor(a, dtype=torch.float64, requires_grad=True) for k, a in dict(W1=W1, b1=b1, w2=w2, b2=b2).items()}
    y_hat = t["w2"] @ torch.relu(t["W1"] @ torch.tensor(x) + t["b1"]) + t["b2"]
    L = 0.5 * (y_hat - y) ** 2 if loss == "half" else (y_hat - y) ** 2
    L.backward()
    assert ours["loss"] == pytest.approx(L.item(), rel=1e-9, abs=1e-12)
    for name, grad in (("dW1", "W1"), ("db1", "b1"), ("dw2", "w2"), ("db2", "b2")):
        np.testing.assert_allclose(ours[name], t[grad].grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(ours[grad], t[grad].detach().numpy() - 0.1 * t[grad].grad.numpy(), rtol=1e-9, atol=1e-12)


def test_seed_mlp_example():
    """Class notes, x = [1, 2], W1 = [[0.2, 0.4], [0.3, 0.7]], w2 = [0.5, 0.9], y = 5, loss (y − ŷ)²:
    z1 = [1, 1.7], ŷ = 2.03, L = 8.8209. (The notes write w2 as [0.5, 0.7] in two places and square
    the activations in ∂L/∂w2; ∂L/∂w2 = 2(ŷ − y)·a1 = [−5.94, −10.098].)"""
    row = mlp.mlp_step([[0.2, 0.4], [0.3, 0.7]], [0, 0], [0.5, 0.9], 0.0, [1, 2], 5.0, lr=0.01, loss="squared")
    np.testing.assert_allclose(row["z1"], [1.0, 1.7])
    assert row["y_hat"] == pytest.approx(2.03) and row["loss"] == pytest.approx(8.8209)
    np.testing.assert_allclose(row["dw2"], [-5.94, -10.098])
    np.testing.assert_allclose(row["dW1"], [[-2.97, -5.94], [-5.346, -10.692]])


@settings(max_examples=100, deadline=None)
@given(st.integers(3, 8), st.integers(1, 4), st.integers(0, 2), st.integers(1, 3), st.data())
def test_feature_map_and_output_size_match_torch(n, f, p, s, data):
    if f > n + 2 * p:
        return
    rng = np.random.default_rng(data.draw(st.integers(0, 10**6)))
    image, kernel = rng.integers(-3, 4, size=(n, n)), rng.integers(-2, 3, size=(f, f))
    expected = torch.nn.functional.conv2d(torch.tensor(image, dtype=torch.float64)[None, None],
                                          torch.tensor(kernel, dtype=torch.float64)[None, None], stride=s, padding=p)[0, 0]
    np.testing.assert_allclose(conv.feature_map(image, kernel, s, p), expected.numpy())
    assert conv.conv_output_size(n, f, p, s) == expected.shape[0]


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 8), st.integers(1, 3), st.integers(1, 3), st.data())
def test_pooling_matches_torch(n, size, stride, data):
    if size > n:
        return
    rng = np.random.default_rng(data.draw(st.integers(0, 10**6)))
    image = torch.tensor(rng.integers(-5, 9, size=(n, n)), dtype=torch.float64)[None, None]
    np.testing.assert_allclose(conv.max_pool(image[0, 0].numpy(), size, stride), torch.nn.functional.max_pool2d(image, size, stride)[0, 0].numpy())
    np.testing.assert_allclose(conv.average_pool(image[0, 0].numpy(), size, stride), torch.nn.functional.avg_pool2d(image, size, stride)[0, 0].numpy())


@pytest.mark.parametrize("f,c_in,c_out", [(3, 3, 16), (1, 32, 8), (5, 1, 64)])
def test_conv_parameter_count_matches_torch(f, c_in, c_out):
    layer = torch.nn.Conv2d(c_in, c_out, f)
    assert conv.conv_parameter_count(f, c_in, c_out) == sum(p.numel() for p in layer.parameters())
