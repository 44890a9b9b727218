"""Unit tests for utils.numpy_rnn: shapes, equations, BPTT against numerical gradients, optimisers,
clipping, and bad input. Pure NumPy and fast (the Keras bridge is tested in test_numpy_rnn_keras.py)."""

import numpy as np
import pytest

from utils import numpy_rnn as nrnn


@pytest.fixture
def small():
    """A batch of 3 random sequences of 6 steps, 5 features, 4 classes, and float64 parameters."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 6, 5))
    y = rng.integers(0, 4, size=(3, 6))
    params = nrnn.init_params(5, 7, 4, seed=1)
    return params, x, y


# ------------------------------------------------------------------------------- activations


@pytest.mark.parametrize("name", sorted(nrnn.ACTIVATIONS))
def test_activation_derivatives_match_centred_differences(name):
    f, df = nrnn.activation(name)
    z = np.linspace(-4, 4, 41) + 0.013  # avoid the kink of (leaky) ReLU at exactly 0
    numeric = (f(z + 1e-6) - f(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(df(z), numeric, atol=1e-7)


def test_activation_ranges_and_maximal_slopes():
    z = np.linspace(-10, 10, 2001)
    assert np.all((nrnn.sigmoid(z) > 0) & (nrnn.sigmoid(z) < 1))
    assert nrnn.sigmoid_grad(z).max() == pytest.approx(0.25)
    assert nrnn.tanh_grad(z).max() == pytest.approx(1.0)
    assert nrnn.leaky_relu(np.array(-2.0)) == pytest.approx(-2.0 * nrnn.LEAKY_SLOPE)
    assert np.all(nrnn.relu(z) >= 0)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise"):
        out = nrnn.sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(out, [0.0, 1.0])


def test_softmax_is_stable_and_normalised():
    p = nrnn.softmax(np.array([[1000.0, 1001.0, 1002.0]]))
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(-1), 1.0)
    np.testing.assert_allclose(p, nrnn.softmax(np.array([[0.0, 1.0, 2.0]])))


def test_softmax_jacobian_matches_numerical():
    z = np.array([0.3, -1.2, 0.8])
    p = nrnn.softmax(z)
    numeric = np.stack([(nrnn.softmax(z + e) - nrnn.softmax(z - e)) / 2e-6 for e in np.eye(3) * 1e-6], 1)
    np.testing.assert_allclose(nrnn.softmax_jacobian(p), numeric, atol=1e-8)


def test_unknown_activation_is_named():
    with pytest.raises(ValueError, match="activation must be one of"):
        nrnn.activation("swish")


# ------------------------------------------------------------------------------- forward


def test_init_params_shapes_and_keras_initialisers():
    p = nrnn.init_params(4, 8, 3, seed=0, recurrent_scale=1.5)
    assert {k: v.shape for k, v in p.items()} == {"W": (4, 8), "U": (8, 8), "b": (8,), "V": (8, 3), "c": (3,)}
    np.testing.assert_allclose(np.linalg.svd(p["U"], compute_uv=False), 1.5)  # scaled orthogonal
    assert np.all(p["b"] == 0) and np.all(p["c"] == 0)
    assert all(v.dtype == np.float64 for v in p.values())
    assert nrnn.count_params(p) == 4 * 8 + 8 * 8 + 8 + 8 * 3 + 3


def test_init_params_is_seeded():
    a, b = nrnn.init_params(3, 4, 2, seed=5), nrnn.init_params(3, 4, 2, seed=5)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W"], nrnn.init_params(3, 4, 2, seed=6)["W"])


def test_forward_equations_step_by_step(small):
    """h_t = tanh(x_t W + h_{t-1} U + b), p_t = softmax(h_t V + c), written out for t = 0, 1."""
    params, x, _ = small
    cache = nrnn.forward(params, x)
    W, U, b, V, c = (params[k] for k in nrnn.PARAM_NAMES)
    h0 = np.tanh(x[:, 0] @ W + b)
    h1 = np.tanh(x[:, 1] @ W + h0 @ U + b)
    np.testing.assert_allclose(cache.h[:, 0], h0)
    np.testing.assert_allclose(cache.h[:, 1], h1)
    logits = h1 @ V + c
    np.testing.assert_allclose(cache.probs[:, 1], np.exp(logits) / np.exp(logits).sum(-1, keepdims=True))
    assert cache.h.shape == (3, 6, 7) and cache.probs.shape == (3, 6, 4)


def test_forward_uses_the_recurrent_weights_for_the_state(small):
    """With W = 0 only the recurrence can carry the first input onward: catches mixing up W and U."""
    params, x, _ = small
    p = dict(params, W=np.zeros_like(params["W"]), b=np.full(7, 0.5))
    h, _ = nrnn.rnn_forward(x, p["W"], p["U"], p["b"])
    expected = np.tanh(np.tanh(np.full((3, 7), 0.5)) @ p["U"] + 0.5)
    np.testing.assert_allclose(h[:, 1], expected)


def test_initial_state_is_used(small):
    params, x, _ = small
    h0 = np.ones((3, 7))
    cache = nrnn.forward(params, x, h0=h0)
    np.testing.assert_allclose(cache.h[:, 0], np.tanh(x[:, 0] @ params["W"] + h0 @ params["U"] + params["b"]))


def test_cross_entropy_of_uniform_prediction_is_log_classes():
    assert nrnn.cross_entropy(np.full((2, 3, 5), 0.2), np.zeros((2, 3), int)) == pytest.approx(np.log(5))


# ------------------------------------------------------------------------------- backward


@pytest.mark.parametrize("name", sorted(nrnn.ACTIVATIONS))
def test_gradient_check_every_parameter(small, name):
    params, x, y = small
    errors = nrnn.gradient_check(params, x, y, activation_name=name)
    assert set(errors) == set(nrnn.PARAM_NAMES)
    assert max(errors.values()) < 1e-6, errors


def test_gradient_check_with_initial_state_and_dx():
    """rnn_backward's dx and dh0 also agree with numerical gradients."""
    rng = np.random.default_rng(3)
    p = nrnn.init_params(3, 4, 2, seed=2)
    x, h0 = rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 4))
    upstream = rng.normal(size=(2, 5, 4))

    def objective() -> float:
        h, _ = nrnn.rnn_forward(x, p["W"], p["U"], p["b"], h0)
        return float(np.sum(h * upstream))

    h, z = nrnn.rnn_forward(x, p["W"], p["U"], p["b"], h0)
    g = nrnn.rnn_backward(upstream, x, h0, z, h, p["W"], p["U"])
    assert nrnn.relative_error(g["dx"], nrnn.numerical_gradient(objective, x)) < 1e-7
    assert nrnn.relative_error(g["dh0"], nrnn.numerical_gradient(objective, h0)) < 1e-7
    assert nrnn.relative_error(g["dU"], nrnn.numerical_gradient(objective, p["U"])) < 1e-7


def test_gradient_check_detects_a_wrong_gradient(small, monkeypatch):
    """The check is not vacuous: a classic bug (dh_prev = dz U instead of dz U^T) is caught."""
    params, x, y = small

    def buggy_step(dh, x_t, h_prev, z_t, W, U, activation_name="tanh"):
        _, df = nrnn.activation(activation_name)
        dz = dh * df(z_t)
        return {"dx": dz @ W.T, "dh_prev": dz @ U, "dW": x_t.T @ dz, "dU": h_prev.T @ dz, "db": dz.sum(0)}

    monkeypatch.setattr(nrnn, "_step_backward", buggy_step)
    errors = nrnn.gradient_check(params, x, y)
    assert errors["U"] > 1e-3 and errors["c"] < 1e-6


def test_gradient_check_requires_float64(small):
    params, x, y = small
    with pytest.raises(TypeError, match="float64"):
        nrnn.gradient_check({k: v.astype(np.float32) for k, v in params.items()}, x, y)


def test_gradient_check_leaves_params_unchanged(small):
    params, x, y = small
    before = {k: v.copy() for k, v in params.items()}
    nrnn.gradient_check(params, x, y)
    assert all(np.array_equal(before[k], params[k]) for k in params)


def test_relative_error_definition():
    assert nrnn.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert nrnn.relative_error(np.array([1.0]), np.array([-1.0])) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        nrnn.relative_error(np.zeros(2), np.zeros(3))


def test_hidden_gradient_norms_vanish_and_explode():
    x = np.random.default_rng(0).normal(size=(8, 30, 3))
    for scale, act in [(0.5, "tanh"), (0.5, "relu")]:
        p = nrnn.init_params(3, 16, 2, seed=0, recurrent_scale=scale)
        norms = nrnn.hidden_gradient_norms(x, p["W"], p["U"], p["b"], act)
        assert norms.shape == (30,) and norms[0] == pytest.approx(1.0)
        # ||dL/dh_{t-k}|| <= (||U|| max f')^k: here ||U|| = scale and max f' = 1
        assert np.all(norms <= scale ** np.arange(30) * (1 + 1e-9))
    p = nrnn.init_params(3, 16, 2, seed=0, recurrent_scale=3.0)
    assert nrnn.hidden_gradient_norms(x, p["W"], p["U"], p["b"], "relu")[-1] > 1e6


# ------------------------------------------------------------------------------- training


def test_gradient_descent_step():
    out = nrnn.GradientDescent(lr=0.5).step({"w": np.array([1.0])}, {"w": np.array([2.0])})
    assert out["w"].tolist() == [0.0]


def test_adam_first_step_moves_each_parameter_by_lr():
    """After bias correction, Adam's first step is lr * sign(g) whatever the gradient's size."""
    opt = nrnn.Adam(lr=0.01)
    out = opt.step({"a": np.array([0.0, 0.0])}, {"a": np.array([1e-3, -50.0])})
    np.testing.assert_allclose(out["a"], [-0.01, 0.01], rtol=1e-4)
    assert opt.t == 1


def test_clip_by_global_norm_keeps_direction():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[0.0], [4.0]])}
    clipped, norm = nrnn.clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(5.0)
    assert nrnn.global_norm(clipped) == pytest.approx(1.0)
    np.testing.assert_allclose(clipped["a"], [0.6, 0.0])
    same, _ = nrnn.clip_by_global_norm(grads, 10.0)
    assert all(np.array_equal(same[k], grads[k]) for k in grads)


def test_train_learns_hello():
    x = np.eye(4)[[[1, 0, 2, 2]]]  # h e l l with vocabulary e h l o
    y = np.array([[0, 2, 2, 3]])  # e l l o
    result = nrnn.train(nrnn.init_params(4, 8, 4, seed=0), x, y, nrnn.Adam(lr=0.05), steps=150)
    assert result.losses[-1] < 0.05 * result.losses[0]
    assert nrnn.predict(result.params, x).tolist() == y.tolist()


def test_train_clips_what_the_optimiser_sees():
    seen = []

    class Recorder:
        def step(self, params, grads):
            seen.append(nrnn.global_norm(grads))
            return params

    x = np.random.default_rng(0).normal(size=(4, 20, 3))
    y = np.random.default_rng(1).integers(0, 2, size=(4, 20))
    p = nrnn.init_params(3, 16, 2, seed=0, recurrent_scale=3.0)
    result = nrnn.train(p, x, y, Recorder(), steps=3, activation_name="relu", clip_norm=1.0)
    assert result.grad_norms[0] > 100  # exploding before clipping...
    assert seen == pytest.approx([1.0] * 3)  # ...and exactly max_norm after


def test_train_stops_when_it_diverges():
    x = np.random.default_rng(0).normal(size=(4, 10, 3))
    y = np.random.default_rng(1).integers(0, 2, size=(4, 10))
    p = nrnn.init_params(3, 16, 2, seed=0, recurrent_scale=3.0)
    result = nrnn.train(p, x, y, nrnn.GradientDescent(lr=1e200), steps=20, activation_name="relu")
    assert np.isfinite(result.losses[0])
    assert not np.all(np.isfinite(result.losses))
    first_bad = int(np.argmax(~np.isfinite(result.losses)))
    assert np.all(np.isnan(result.losses[first_bad + 1:]))


# ------------------------------------------------------------------------------- bad input


def test_bad_x_is_named(small):
    params, x, _ = small
    with pytest.raises(ValueError, match=r"x must be 3-D, got shape \(6, 5\)"):
        nrnn.forward(params, x[0])
    with pytest.raises(ValueError, match="features=5"):
        nrnn.forward(params, x[..., :4])
    with pytest.raises(ValueError, match="x must be finite"):
        nrnn.forward(params, np.where(x > 1, np.nan, x))
    with pytest.raises(ValueError, match="x must not be empty"):
        nrnn.forward(params, x[:, :0])
    with pytest.raises(TypeError, match="x must hold real numbers"):
        nrnn.forward(params, x.astype(complex))
    with pytest.raises(TypeError, match="x must be a NumPy array"):
        nrnn.forward(params, "hello")


def test_bad_params_are_named(small):
    params, x, _ = small
    with pytest.raises(ValueError, match=r"params is missing \['V'\]"):
        nrnn.forward({k: v for k, v in params.items() if k != "V"}, x)
    with pytest.raises(ValueError, match=r"params\['U'\] must be 2-D"):
        nrnn.forward(dict(params, U=params["U"][0]), x)
    with pytest.raises(ValueError, match=r"params\['b'\] must have shape \(7,\)"):
        nrnn.forward(dict(params, b=np.zeros(3)), x)
    with pytest.raises(TypeError, match="params must be a dict"):
        nrnn.forward([1, 2], x)


def test_bad_targets_are_named(small):
    params, x, y = small
    with pytest.raises(TypeError, match="targets must be integer"):
        nrnn.loss_and_grads(params, x, y.astype(float))
    with pytest.raises(ValueError, match=r"targets must have shape \(batch, time\) = \(3, 6\)"):
        nrnn.loss_and_grads(params, x, y[:, :5])
    with pytest.raises(ValueError, match=r"class ids in \[0, 3\]"):
        nrnn.loss_and_grads(params, x, y + 4)


def test_bad_step_arguments_are_named(small):
    params = small[0]
    W, U, b = params["W"], params["U"], params["b"]
    with pytest.raises(ValueError, match=r"x_t must be \(batch, features\) with features=5"):
        nrnn.rnn_step(np.zeros((2, 4)), np.zeros((2, 7)), W, U, b)
    with pytest.raises(ValueError, match=r"h_prev must be \(batch, units\) = \(2, 7\)"):
        nrnn.rnn_step(np.zeros((2, 5)), np.zeros((3, 7)), W, U, b)
    with pytest.raises(ValueError, match="x_t must be finite"):
        nrnn.rnn_step(np.full((2, 5), np.nan), np.zeros((2, 7)), W, U, b)
    with pytest.raises(ValueError, match=r"dh must have the shape of h_prev \(2, 7\)"):
        nrnn.rnn_step_backward(np.zeros((2, 6)), np.zeros((2, 5)), np.zeros((2, 7)), np.zeros((2, 7)), W, U)
    x = np.zeros((2, 3, 5))
    h, z = nrnn.rnn_forward(x, W, U, b)
    with pytest.raises(ValueError, match=r"dh_out must have the shape of h \(2, 3, 7\)"):
        nrnn.rnn_backward(np.zeros((2, 3, 6)), x, None, z, h, W, U)
    with pytest.raises(ValueError, match=r"h must be \(batch, time, units\) = \(2, 3, 7\)"):
        nrnn.rnn_backward(h, x, None, z, h[:, :2], W, U)
    with pytest.raises(ValueError, match="h0 must have shape"):
        nrnn.rnn_backward(h, x, np.zeros((1, 7)), z, h, W, U)


def test_step_functions_match_the_sequence_functions(small):
    params, x, _ = small
    W, U, b = params["W"], params["U"], params["b"]
    h, z = nrnn.rnn_forward(x, W, U, b)
    h1, z1 = nrnn.rnn_step(x[:, 1], h[:, 0], W, U, b)
    np.testing.assert_allclose(h1, h[:, 1])
    upstream = np.zeros_like(h)
    upstream[:, -1] = 1.0
    g = nrnn.rnn_backward(upstream, x, None, z, h, W, U)
    step = nrnn.rnn_step_backward(np.ones((3, 7)), x[:, -1], h[:, -2], z[:, -1], W, U)
    np.testing.assert_allclose(step["dh_prev"], g["dh"][:, -2])


def test_doctests():
    import doctest

    result = doctest.testmod(nrnn)
    assert result.failed == 0 and result.attempted > 20


def test_bad_h0_and_other_arguments_are_named(small):
    params, x, y = small
    with pytest.raises(ValueError, match=r"h0 must have shape \(batch, units\) = \(3, 7\)"):
        nrnn.forward(params, x, h0=np.zeros((3, 6)))
    with pytest.raises(ValueError, match="n_units must be a positive int"):
        nrnn.init_params(3, 0, 2)
    with pytest.raises(ValueError, match="recurrent_scale must be a positive number"):
        nrnn.init_params(3, 4, 2, recurrent_scale=-1.0)
    with pytest.raises(ValueError, match="max_norm must be a positive number"):
        nrnn.clip_by_global_norm({"a": np.ones(2)}, 0.0)
    with pytest.raises(ValueError, match="steps must be a positive int"):
        nrnn.train(params, x, y, nrnn.Adam(), steps=0)
    with pytest.raises(TypeError, match="optimizer must have a step"):
        nrnn.train(params, x, y, "adam", steps=1)
    with pytest.raises(ValueError, match="lr must be positive"):
        nrnn.GradientDescent(lr=0.0)
    with pytest.raises(ValueError, match="p must be a probability vector"):
        nrnn.softmax_jacobian(np.array([0.5, 0.6]))
    with pytest.raises(TypeError, match="array must be a floating NumPy array"):
        nrnn.numerical_gradient(lambda: 0.0, np.array([1, 2]))
