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
    with pytest.raises(ValueError, match=r"activation: name must be one of \[.leaky_relu., .relu., .sigmoid., .tanh.\], got .swish."):
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

    monkeypatch.setattr(nrnn.bptt, "_step_backward", buggy_step)          # where the backward pass looks it up
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
    with pytest.raises(ValueError, match=r"x must be 3-D \(batch, time, features\), got shape \(6, 5\)"):
        nrnn.forward(params, x[0])
    with pytest.raises(ValueError, match="features=5"):
        nrnn.forward(params, x[..., :4])
    with pytest.raises(ValueError, match="x must be finite"):
        nrnn.forward(params, np.where(x > 1, np.nan, x))
    with pytest.raises(ValueError, match=r"x must be non-empty \(batch, time, features\), got shape \(3, 0, 5\)"):
        nrnn.forward(params, x[:, :0])
    with pytest.raises(TypeError, match="x must be an array of real numbers, got dtype complex128"):
        nrnn.forward(params, x.astype(complex))
    with pytest.raises(TypeError, match="x must be a NumPy array"):
        nrnn.forward(params, "hello")


def test_bad_params_are_named(small):
    params, x, _ = small
    with pytest.raises(ValueError, match=r"params is missing \['V'\]"):
        nrnn.forward({k: v for k, v in params.items() if k != "V"}, x)
    with pytest.raises(ValueError, match=r"params\['U'\] must be 2-D"):
        nrnn.forward(dict(params, U=params["U"][0]), x)
    with pytest.raises(ValueError, match=r"params\['b'\] must be of shape \(7,\)"):
        nrnn.forward(dict(params, b=np.zeros(3)), x)
    with pytest.raises(TypeError, match="params must be a dict"):
        nrnn.forward([1, 2], x)


def test_bad_targets_are_named(small):
    params, x, y = small
    with pytest.raises(TypeError, match="targets must be integer"):
        nrnn.loss_and_grads(params, x, y.astype(float))
    with pytest.raises(ValueError, match=r"targets must be of shape \(batch, time\) = \(3, 6\)"):
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
    with pytest.raises(ValueError, match=r"dh must be of the shape of h_prev \(2, 7\)"):
        nrnn.rnn_step_backward(np.zeros((2, 6)), np.zeros((2, 5)), np.zeros((2, 7)), np.zeros((2, 7)), W, U)
    x = np.zeros((2, 3, 5))
    h, z = nrnn.rnn_forward(x, W, U, b)
    with pytest.raises(ValueError, match=r"dh_out must be of the shape of h \(2, 3, 7\)"):
        nrnn.rnn_backward(np.zeros((2, 3, 6)), x, None, z, h, W, U)
    with pytest.raises(ValueError, match=r"h must be \(batch, time, units\) = \(2, 3, 7\)"):
        nrnn.rnn_backward(h, x, None, z, h[:, :2], W, U)
    with pytest.raises(ValueError, match="h0 must be of shape"):
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

    import importlib
    import pkgutil

    parts = [nrnn] + [importlib.import_module(f"{nrnn.__name__}.{m.name}") for m in pkgutil.iter_modules(nrnn.__path__)]
    results = [doctest.testmod(part, extraglobs=vars(nrnn)) for part in parts]   # examples use the package's names
    assert sum(r.failed for r in results) == 0 and sum(r.attempted for r in results) > 20


def test_bad_h0_and_other_arguments_are_named(small):
    params, x, y = small
    with pytest.raises(ValueError, match=r"h0 must be of shape \(batch, units\) = \(3, 7\)"):
        nrnn.forward(params, x, h0=np.zeros((3, 6)))
    with pytest.raises(ValueError, match="n_units must be an int >= 1"):
        nrnn.init_params(3, 0, 2)
    with pytest.raises(ValueError, match=r"recurrent_scale must be a finite number > 0, got -1.0"):
        nrnn.init_params(3, 4, 2, recurrent_scale=-1.0)
    with pytest.raises(ValueError, match="max_norm must be a finite number > 0"):
        nrnn.clip_by_global_norm({"a": np.ones(2)}, 0.0)
    with pytest.raises(ValueError, match="steps must be an int >= 1"):
        nrnn.train(params, x, y, nrnn.Adam(), steps=0)
    with pytest.raises(TypeError, match=r"optimizer must be an object with a step\(params, grads\) method .*, got str .adam."):
        nrnn.train(params, x, y, "adam", steps=1)
    with pytest.raises(ValueError, match="lr must be a finite learning rate > 0"):
        nrnn.GradientDescent(lr=0.0)
    with pytest.raises(ValueError, match="p must be a probability vector"):
        nrnn.softmax_jacobian(np.array([0.5, 0.6]))
    with pytest.raises(TypeError, match="array must be a floating NumPy array"):
        nrnn.numerical_gradient(lambda: 0.0, np.array([1, 2]))


# ----------------------------------------------------------------------------- bad input (issue 13)
def test_numerical_gradient_restores_the_array_when_f_raises():
    a = np.array([1.0, 2.0, 3.0])
    calls = []

    def f():
        calls.append(a.copy())
        if len(calls) == 2:
            raise RuntimeError("loss failed")
        return float(np.sum(a))

    with pytest.raises(RuntimeError, match="loss failed"):
        nrnn.numerical_gradient(f, a)
    assert a.tolist() == [1.0, 2.0, 3.0], "the array must be restored although f raised"
    with pytest.raises(TypeError, match=r"numerical_gradient: f\(\) must be a real number \(the loss\), got str"):
        nrnn.numerical_gradient(lambda: "x", a)
    assert a.tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(TypeError, match=r"numerical_gradient: f must be a function"):
        nrnn.numerical_gradient(3.0, a)
    with pytest.raises(ValueError, match=r"numerical_gradient: eps must be a finite real number > 0, got inf"):
        nrnn.numerical_gradient(lambda: 0.0, a, eps=np.inf)
    with pytest.raises(ValueError, match=r"numerical_gradient: array must be finite"):
        nrnn.numerical_gradient(lambda: 0.0, np.array([np.nan]))
    # a 0-d array from f counts as a number
    assert nrnn.numerical_gradient(lambda: np.array(np.sum(a ** 2)), a).round(4).tolist() == [2.0, 4.0, 6.0]


def test_adam_checks_before_changing_its_state():
    opt = nrnn.Adam(lr=0.1)
    params = {"w": np.array([1.0]), "b": np.array([0.0])}
    opt.step(params, {"w": np.array([1.0]), "b": np.array([1.0])})
    t, m = opt.t, {k: v.copy() for k, v in opt.m.items()}
    for bad, exc, pattern in [
        ({"w": np.array([1.0])}, ValueError, r"Adam.step: grads must be a gradient for every parameter .*missing \['b'\]"),
        ({"w": np.array([1.0]), "b": np.array([np.nan])}, ValueError, r"Adam.step: grads\['b'\] must be finite"),
        ({"w": np.array([1.0]), "b": np.zeros(2)}, ValueError, r"grads\['b'\] must be of the shape of params\['b'\] \(1,\)"),
        ([1.0], TypeError, r"Adam.step: grads must be a non-empty dict of arrays, got list"),
    ]:
        with pytest.raises(exc, match=pattern):
            opt.step(params, bad)
        assert opt.t == t and all(np.array_equal(opt.m[k], m[k]) for k in m), "a failed step changed Adam's state"
    with pytest.raises(ValueError, match=r"params\['w'\] must be of the shape of earlier steps \(1,\)"):
        opt.step({"w": np.zeros(2), "b": np.zeros(1)}, {"w": np.zeros(2), "b": np.zeros(1)})
    assert opt.t == t


@pytest.mark.parametrize("kwargs, exc, pattern", [
    ({"lr": np.inf}, ValueError, r"^Adam: lr must be a finite learning rate > 0, got inf"),
    ({"lr": np.nan}, ValueError, r"^Adam: lr must be .*, got nan"),
    ({"lr": True}, TypeError, r"^Adam: lr must be .*, got bool True"),
    ({"lr": "0.1"}, TypeError, r"^Adam: lr must be"),
    ({"beta1": 1.0}, ValueError, r"^Adam: beta1 must be a finite real number >= 0 and < 1, got 1.0"),
    ({"eps": 0.0}, ValueError, r"^Adam: eps must be a finite real number > 0"),
    ({"t": -1}, ValueError, r"^Adam: t must be an int >= 0"),
])
def test_adam_hyper_parameters(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        nrnn.Adam(**kwargs)


def test_gradient_descent_and_numpy_scalars():
    assert nrnn.GradientDescent(lr=np.float32(0.5)).lr == 0.5
    with pytest.raises(ValueError, match=r"^GradientDescent: lr must be a finite learning rate > 0, got inf"):
        nrnn.GradientDescent(lr=float("inf"))
    with pytest.raises(ValueError, match=r"^GradientDescent.step: grads must be a gradient for every parameter"):
        nrnn.GradientDescent().step({"w": np.ones(1)}, {"v": np.ones(1)})
    p = nrnn.init_params(np.int64(3), np.int32(4), np.int64(2), seed=np.int64(0))
    assert p["W"].shape == (3, 4)
    with pytest.raises(TypeError, match=r"^init_params: n_units must be an int >= 1, got bool True"):
        nrnn.init_params(3, True, 2)
    with pytest.raises(TypeError, match=r"^init_params: n_features must be an int >= 1, got float 3.0"):
        nrnn.init_params(3.0, 4, 2)
    with pytest.raises(ValueError, match=r"^init_params: recurrent_scale must be a finite number > 0, got inf"):
        nrnn.init_params(3, 4, 2, recurrent_scale=np.inf)
    with pytest.raises(TypeError, match=r"^init_params: dtype must be a floating type"):
        nrnn.init_params(3, 4, 2, dtype="banana")


def test_train_names_clip_norm_and_checks_its_arguments(small):
    params, x, y = small
    with pytest.raises(ValueError, match=r"^train: clip_norm must be None or a finite number > 0, got 0.0"):
        nrnn.train(params, x, y, nrnn.Adam(), steps=1, clip_norm=0.0)
    with pytest.raises(ValueError, match=r"^train: clip_norm must be .*, got inf"):
        nrnn.train(params, x, y, nrnn.Adam(), steps=1, clip_norm=np.inf)
    with pytest.raises(TypeError, match=r"^train: steps must be an int >= 1, got float 2.0"):
        nrnn.train(params, x, y, nrnn.Adam(), steps=2.0)
    with pytest.raises(ValueError, match=r"^train: activation_name must be one of"):
        nrnn.train(params, x, y, nrnn.Adam(), steps=1, activation_name="swish")
    with pytest.raises(TypeError, match=r"^train: stop_if_not_finite must be True or False, got int 1"):
        nrnn.train(params, x, y, nrnn.Adam(), steps=1, stop_if_not_finite=1)
    out = nrnn.train(params, x, y, nrnn.Adam(), steps=np.int64(2), clip_norm=np.float32(1.0))
    assert out.losses.shape == (2,)


def test_cross_entropy_refuses_nan_and_non_probabilities(small):
    _, _, y = small
    probs = np.full((3, 6, 4), 0.25)
    for bad, pattern in [(np.nan, r"probs must be finite"), (np.inf, r"probs must be finite"),
                         (1.5, r"probs must be probabilities in \[0, 1\], got values from 0.25 to 1.5"),
                         (-0.1, r"probs must be probabilities in \[0, 1\]")]:
        p = probs.copy()
        p[0, 0, 0] = bad
        with pytest.raises(ValueError, match=r"^cross_entropy: " + pattern):
            nrnn.cross_entropy(p, y)
    with pytest.raises(ValueError, match=r"^cross_entropy: probs must be non-empty"):
        nrnn.cross_entropy(np.zeros((3, 0, 4)), np.zeros((3, 0), int))
    with pytest.raises(ValueError, match=r"class ids in \[0, 3\], got values from -1"):
        nrnn.cross_entropy(probs, np.full((3, 6), -1))


def test_activations_check_input_and_alpha():
    assert nrnn.leaky_relu(np.array([-1.0]), alpha=np.float64(0.2)).tolist() == [-0.2]
    with pytest.raises(ValueError, match=r"^leaky_relu: alpha must be a finite real number >= 0, got inf"):
        nrnn.leaky_relu(np.array([-1.0]), alpha=np.inf)
    with pytest.raises(ValueError, match=r"^leaky_relu_grad: alpha must be"):
        nrnn.leaky_relu_grad(np.array([-1.0]), alpha=-1)
    for fn in (nrnn.sigmoid, nrnn.sigmoid_grad, nrnn.tanh, nrnn.tanh_grad, nrnn.relu, nrnn.relu_grad):
        with pytest.raises(TypeError, match=r"z must be a NumPy array .*, got str"):
            fn("1.0")
        with pytest.raises(TypeError, match=r"z must be an array of real numbers, got dtype complex128"):
            fn(np.array([1j]))
    assert np.isnan(nrnn.tanh(np.array([np.nan])))[0]        # elementwise functions pass NaN on, as NumPy does
    with pytest.raises(ValueError, match=r"^softmax: logits must be finite"):
        nrnn.softmax(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match=r"^softmax: axis must be an int >= -1 and < 1, got 2"):
        nrnn.softmax(np.array([1.0, 2.0]), axis=2)
    with pytest.raises(TypeError, match=r"^activation: name must be one of .*, got int 3"):
        nrnn.activation(3)


def test_zero_length_time_axis_and_backward_cache(small):
    params, x, y = small
    for call in (lambda: nrnn.forward(params, x[:, :0]), lambda: nrnn.hidden_gradient_norms(
            x[:, :0], params["W"], params["U"], params["b"]), lambda: nrnn.rnn_forward(
            x[:, :0], params["W"], params["U"], params["b"])):
        with pytest.raises(ValueError, match=r"x must be non-empty \(batch, time, features\), got shape \(3, 0, 5\)"):
            call()
    with pytest.raises(TypeError, match=r"^backward: cache must be the ForwardCache that forward"):
        nrnn.backward(params, {"probs": 1}, y)
    other = nrnn.init_params(5, 6, 4)
    with pytest.raises(ValueError, match=r"^backward: cache must be the forward pass of these params"):
        nrnn.backward(params, nrnn.forward(other, x), y)
    with pytest.raises(ValueError, match=r"^rnn_backward: z must be finite"):
        h, z = nrnn.rnn_forward(x, params["W"], params["U"], params["b"])
        nrnn.rnn_backward(np.ones_like(h), x, None, np.full_like(z, np.nan), h, params["W"], params["U"])
    with pytest.raises(ValueError, match=r"^global_norm: grads must be a non-empty dict"):
        nrnn.global_norm({})
    assert np.isinf(nrnn.global_norm({"a": np.array([np.inf])}))     # divergence is measured, not refused
    with pytest.raises(ValueError, match=r"^clip_by_global_norm: grads\['a'\] must be finite"):
        nrnn.clip_by_global_norm({"a": np.array([np.nan])}, 1.0)
    with pytest.raises(ValueError, match=r"^relative_error: a and b must be the same shape"):
        nrnn.relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(TypeError, match=r"^params_from_keras: rnn_layer must be a Keras layer"):
        nrnn.params_from_keras("rnn", "dense")
