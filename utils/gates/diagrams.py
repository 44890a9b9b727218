"""Diagrams of the LSTM and GRU cells (matplotlib)."""

from __future__ import annotations

from .. import checks

# --------------------------------------------------------------------------------------------
# Diagrams
# --------------------------------------------------------------------------------------------

_GATE_COLOR = "#fde2b5"      # sigmoid gates
_CAND_COLOR = "#cfe3f7"      # tanh candidates
_OP_COLOR = "#ffffff"


def _box(ax, x, y, text, color, w=0.9, h=0.6):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                fc=color, ec="#333333", lw=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=11, zorder=4)


def _op(ax, x, y, text):
    from matplotlib.patches import Circle

    ax.add_patch(Circle((x, y), 0.28, fc=_OP_COLOR, ec="#333333", lw=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=12, zorder=4)


def _line(ax, points, arrow=True, color="#333333"):
    """A polyline through ``points``; with ``arrow`` its last segment ends in an arrow head."""
    body = points[:-1] if arrow else points
    if len(body) > 1:
        xs, ys = zip(*body)
        ax.plot(xs, ys, color=color, lw=1.4, zorder=1, solid_capstyle="butt")
    if arrow:
        ax.annotate("", xy=points[-1], xytext=points[-2], zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.4, shrinkA=0, shrinkB=13))


def _label(ax, x, y, text, **kw):
    ax.text(x, y, text, ha=kw.pop("ha", "center"), va=kw.pop("va", "center"), fontsize=kw.pop("fontsize", 12), **kw)


def draw_cell(kind: str, ax=None):
    """Draw one step of an LSTM (``kind="lstm"``) or a GRU (``"gru"``) as a data-flow diagram.

    Orange boxes are sigmoid gates (values in 0..1 that scale a signal), blue boxes tanh
    candidates, circles element-wise operations. Labels match the equations of :func:`lstm_step`
    and :func:`gru_step`. Returns the axes.

    >>> ax = draw_cell("lstm")                            # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    checks.check_str(kind, "kind", choices=("lstm", "gru"))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.2))
    ax.set_xlim(-0.6, 10.6)
    ax.set_ylim(-0.7, 6.2)
    ax.set_aspect("equal")
    ax.axis("off")
    # Inputs: h_{t-1} from the left and x_t from below meet on a bus that feeds every gate.
    _label(ax, 0.9, -0.45, "$x_t$")
    _line(ax, [(0.9, -0.2), (0.9, 1.2)], arrow=False)
    if kind == "lstm":
        _label(ax, -0.35, 5, "$c_{t-1}$")
        _label(ax, -0.35, 1.2, "$h_{t-1}$")
        _line(ax, [(0.05, 1.2), (6.6, 1.2)], arrow=False)
        gates = [(2.6, r"$\sigma$", "$f$", _GATE_COLOR), (4.0, r"$\sigma$", "$i$", _GATE_COLOR),
                 (5.2, "tanh", "$g$", _CAND_COLOR), (6.6, r"$\sigma$", "$o$", _GATE_COLOR)]
        for x, text, name, color in gates:
            _line(ax, [(x, 1.2), (x, 2.5)])
            _box(ax, x, 2.5, text, color)
            _label(ax, x - 0.62, 3.05, name, fontsize=11)
        # Cell state: the conveyor belt, changed only by a product and a sum.
        _line(ax, [(0.2, 5), (2.6, 5)])
        _op(ax, 2.6, 5, r"$\times$")
        _line(ax, [(2.6, 2.8), (2.6, 5)])
        _line(ax, [(2.6, 5), (4.6, 5)])
        _op(ax, 4.6, 5, "$+$")
        _line(ax, [(4.0, 2.8), (4.0, 3.8), (4.6, 3.8)])
        _line(ax, [(5.2, 2.8), (5.2, 3.8), (4.6, 3.8)])
        _op(ax, 4.6, 3.8, r"$\times$")
        _line(ax, [(4.6, 3.8), (4.6, 5)])
        _line(ax, [(4.6, 5), (10.0, 5)])
        _label(ax, 10.35, 5, "$c_t$")
        _line(ax, [(8.2, 5), (8.2, 3.9)])
        _box(ax, 8.2, 3.9, "tanh", _CAND_COLOR, w=0.9, h=0.5)
        _line(ax, [(8.2, 3.6), (8.2, 2.5)])
        _line(ax, [(6.6, 2.8), (6.6, 3.2), (7.5, 3.2), (7.5, 2.5), (8.2, 2.5)])
        _op(ax, 8.2, 2.5, r"$\times$")
        _line(ax, [(8.2, 2.5), (8.2, 1.2), (10.0, 1.2)])
        _label(ax, 10.35, 1.2, "$h_t$")
        _label(ax, 0.2, 5.85, r"$c_t = f \odot c_{t-1} + i \odot g$     $h_t = o \odot \tanh(c_t)$", ha="left",
               fontsize=11)
        ax.set_title("LSTM: one step")
    else:
        _label(ax, -0.35, 5, "$h_{t-1}$")
        _line(ax, [(0.2, 5), (0.45, 5), (0.45, 1.2), (8.2, 1.2)], arrow=False)
        # Update gate z: keep z of the old state ...
        _line(ax, [(3.2, 1.2), (3.2, 2.5)])
        _box(ax, 3.2, 2.5, r"$\sigma$", _GATE_COLOR)
        _label(ax, 2.58, 3.05, "$z$", fontsize=11)
        _line(ax, [(0.45, 5), (3.2, 5)])
        _op(ax, 3.2, 5, r"$\times$")
        _line(ax, [(3.2, 2.8), (3.2, 5)])
        # ... and add (1 - z) of the candidate.
        _line(ax, [(3.2, 4.0), (5.2, 4.0)])
        _box(ax, 5.2, 4.0, "$1-$", _OP_COLOR, w=0.7, h=0.45)
        _line(ax, [(5.55, 4.0), (8.2, 4.0)])
        # Reset gate r scales the recurrent part h_{t-1} U_h (Keras: after the matmul).
        _line(ax, [(5.4, 1.2), (5.4, 2.2)])
        _box(ax, 5.4, 2.2, r"$\sigma$", _GATE_COLOR)
        _label(ax, 4.78, 2.75, "$r$", fontsize=11)
        _line(ax, [(5.85, 2.2), (6.9, 2.2)])
        _op(ax, 6.9, 2.2, r"$\times$")
        _line(ax, [(6.9, 1.2), (6.9, 2.2)])
        _label(ax, 6.9, 0.8, "$h_{t-1}U_h$", fontsize=9)
        _line(ax, [(6.9, 2.2), (6.9, 2.9), (8.2, 2.9)])
        _line(ax, [(8.2, 1.2), (8.2, 2.9)])
        _label(ax, 8.75, 1.55, "$x_tW_h$", fontsize=9)
        _box(ax, 8.2, 2.9, "tanh", _CAND_COLOR)
        _label(ax, 8.9, 3.45, r"$\tilde h$", fontsize=11)
        _line(ax, [(8.2, 3.2), (8.2, 4.0)])
        _op(ax, 8.2, 4.0, r"$\times$")
        _line(ax, [(3.2, 5), (8.2, 5)])
        _op(ax, 8.2, 5, "$+$")
        _line(ax, [(8.2, 4.0), (8.2, 5)])
        _line(ax, [(8.2, 5), (10.0, 5)])
        _label(ax, 10.35, 5, "$h_t$")
        _label(ax, 0.2, 5.85, r"$h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h$", ha="left", fontsize=11)
        ax.set_title("GRU: one step (Keras, reset_after=True)")
    return ax
