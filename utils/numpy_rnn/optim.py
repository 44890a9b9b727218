"""Training: the global gradient norm and clipping by it, gradient descent, Adam, and a training loop."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .. import checks
from ._checks import Params, _check_params
from .activations import _activation_name
from .bptt import loss_and_grads

# --------------------------------------------------------------------------------------------
# Training: gradient descent, Adam, clipping
# --------------------------------------------------------------------------------------------


def global_norm(grads: Mapping[str, np.ndarray]) -> float:
    """sqrt of the sum of squares of every entry of every gradient.

    >>> global_norm({"a": np.array([3.0]), "b": np.array([4.0])})
    5.0

    A NaN or infinite gradient gives a NaN or infinite norm (that is how :func:`train` notices
    divergence), so non-finite entries are allowed here.
    """
    _check_grads(grads, finite=False)
    return _global_norm(grads)


def _global_norm(grads) -> float:
    return float(np.sqrt(sum(np.sum(np.square(g)) for g in grads.values())))


def _check_grads(grads, *, finite: bool = True, like: Mapping | None = None, name: str = "grads") -> Params:
    """``grads`` as {name: float array}; with ``like`` (the params) the same keys and shapes."""
    if not isinstance(grads, Mapping) or not grads:
        raise checks.fail(ValueError if isinstance(grads, Mapping) else TypeError, name,
                          "a non-empty dict of arrays", checks.describe(grads))
    out = {k: checks.check_array(g, f"{name}[{k!r}]", finite=finite) for k, g in grads.items()}
    if like is not None:
        missing = [k for k in like if k not in out]
        if missing:
            raise checks.fail(ValueError, name, f"a gradient for every parameter {sorted(map(str, like))}",
                              f"keys {sorted(map(str, out))}: missing {missing}")
        for k in like:
            if np.shape(like[k]) != out[k].shape:
                raise checks.fail(ValueError, f"{name}[{k!r}]", f"of the shape of params[{k!r}] {np.shape(like[k])}",
                                  f"{out[k].shape}")
    return out


def clip_by_global_norm(grads: Mapping[str, np.ndarray], max_norm: float) -> tuple[Params, float]:
    """Scale all gradients by one factor so that their global norm is at most ``max_norm``.

    The direction of the update is kept; only its length is capped. Returns ``(clipped, norm
    before clipping)``.

    >>> clipped, norm = clip_by_global_norm({"a": np.array([3.0, 4.0])}, 1.0)
    >>> norm, clipped["a"].round(6).tolist()
    (5.0, [0.6, 0.8])
    """
    max_norm = checks.check_real(max_norm, "max_norm", gt=0, what="a finite number")
    grads = _check_grads(grads)
    return _clip_by_global_norm(grads, max_norm)


def _clip_by_global_norm(grads, max_norm):
    norm = _global_norm(grads)
    scale = 1.0 if norm <= max_norm else max_norm / norm
    return {k: g * scale for k, g in grads.items()}, norm


@dataclass
class GradientDescent:
    """Plain gradient descent: theta <- theta - lr * g."""

    lr: float = 0.1

    def __post_init__(self):
        self.lr = checks.check_real(self.lr, "lr", gt=0, what="a finite learning rate")

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> Params:
        """Return new parameters (the inputs are not changed)."""
        params, grads = _check_step(params, grads)
        return {k: params[k] - self.lr * grads[k] for k in params}


def _check_step(params, grads) -> tuple[Params, Params]:
    """(params, grads) of an optimiser step: finite float arrays, one gradient of the same shape per parameter."""
    params = _check_grads(params, name="params")
    return params, _check_grads(grads, like=params)


@dataclass
class Adam:
    """Adam (Kingma & Ba, 2015) with Keras's default hyper-parameters except the learning rate::

        m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
        theta <- theta - lr * m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t)

    That is the textbook form (Algorithm 1 of the paper). With ``keras_epsilon=True`` the bias
    corrections are folded into the step size instead, as Keras's ``Adam`` (and the paper's
    "efficient version") computes it::

        theta <- theta - lr_t * m / (sqrt(v) + eps),  lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)

    which equals the textbook form with ``eps`` replaced by ``eps / sqrt(1 - b2^t)``: a larger
    epsilon early on (3e-6 instead of 1e-7 at t = 1). The two differ only where sqrt(v_hat) is
    not much larger than eps, i.e. for tiny gradients.

    >>> opt = Adam(lr=0.1)
    >>> opt.step({"w": np.array([1.0])}, {"w": np.array([5.0])})["w"].round(6).tolist()
    [0.9]
    >>> a, b = Adam(lr=0.1), Adam(lr=0.1, keras_epsilon=True)
    >>> g = {"w": np.array([1e-6])}
    >>> round(float(a.step({"w": np.zeros(1)}, g)["w"][0]), 4), round(float(b.step({"w": np.zeros(1)}, g)["w"][0]), 4)
    (-0.0909, -0.024)
    """

    lr: float = 0.01
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-7
    keras_epsilon: bool = False
    t: int = 0
    m: dict = field(default_factory=dict)
    v: dict = field(default_factory=dict)

    def __post_init__(self):
        self.lr = checks.check_real(self.lr, "lr", gt=0, what="a finite learning rate")
        for name in ("beta1", "beta2"):
            setattr(self, name, checks.check_real(getattr(self, name), name, ge=0, lt=1))
        self.eps = checks.check_real(self.eps, "eps", gt=0)
        self.t = checks.check_int(self.t, "t", ge=0)
        checks.check_mapping(self.m, "m")
        checks.check_mapping(self.v, "v")

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> Params:
        """Return new parameters; the moment estimates are kept in the optimiser.

        Everything is checked before anything changes: a failed step leaves ``t``, ``m`` and ``v`` as they were.
        """
        params, grads = _check_step(params, grads)
        for k in params:
            if k in self.m and np.shape(self.m[k]) != params[k].shape:
                raise checks.fail(ValueError, f"params[{k!r}]", f"of the shape of earlier steps {np.shape(self.m[k])}",
                                  f"{params[k].shape}")
        self.t += 1
        new = {}
        for k in params:
            g = grads[k]
            self.m[k] = self.beta1 * self.m.get(k, 0.0) + (1 - self.beta1) * g
            self.v[k] = self.beta2 * self.v.get(k, 0.0) + (1 - self.beta2) * g * g
            if self.keras_epsilon:
                lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
                new[k] = params[k] - lr_t * self.m[k] / (np.sqrt(self.v[k]) + self.eps)
            else:
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                new[k] = params[k] - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return new


@dataclass
class TrainResult:
    """What :func:`train` returns: final parameters and one loss and gradient norm per step."""

    params: Params
    losses: np.ndarray  # (steps,) loss before each update
    grad_norms: np.ndarray  # (steps,) global gradient norm before clipping


def train(params: Mapping[str, np.ndarray], x: np.ndarray, targets: np.ndarray,
          optimizer: GradientDescent | Adam, steps: int, *, activation_name: str = "tanh",
          clip_norm: float | None = None, stop_if_not_finite: bool = True) -> TrainResult:
    """Full-batch training: ``steps`` updates on all of (x, targets).

    With ``clip_norm`` the gradients are clipped by global norm first. If the loss or the gradients
    stop being finite, training stops there (the remaining losses are NaN); with
    ``stop_if_not_finite=False`` the optimiser's step raises a ValueError naming the non-finite
    gradient instead.

    >>> p = init_params(4, 8, 4)
    >>> x, y = np.eye(4)[[[1, 0, 2, 2]]], np.array([[0, 2, 2, 3]])
    >>> result = train(p, x, y, Adam(lr=0.05), steps=100)
    >>> bool(result.losses[-1] < result.losses[0])
    True
    """
    steps = checks.check_int(steps, "steps", ge=1)
    if not callable(getattr(optimizer, "step", None)):
        raise checks.fail(TypeError, "optimizer", "an object with a step(params, grads) method (GradientDescent, "
                          "Adam)", checks.describe(optimizer))
    if clip_norm is not None:
        clip_norm = checks.check_real(clip_norm, "clip_norm", gt=0, what="None or a finite number")
    checks.check_bool(stop_if_not_finite, "stop_if_not_finite")
    p = _check_params(params)
    activation_name = _activation_name(activation_name)
    losses = np.full(steps, np.nan)
    norms = np.full(steps, np.nan)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(steps):
            loss, grads = loss_and_grads(p, x, targets, activation_name=activation_name)
            losses[i] = loss
            norms[i] = _global_norm(grads)
            if stop_if_not_finite and not (np.isfinite(loss) and np.isfinite(norms[i])):
                break
            if clip_norm is not None:
                grads, _ = _clip_by_global_norm(grads, clip_norm)
            p = optimizer.step(p, grads)
            if stop_if_not_finite and not all(np.all(np.isfinite(v)) for v in p.values()):
                if i + 1 < steps:
                    losses[i + 1] = np.inf
                break
    return TrainResult(params=p, losses=losses, grad_norms=norms)


