"""Input checks shared by the cells (every message names the argument, what it expected and what it got), and the gate order of Keras 3."""

from __future__ import annotations

import numpy as np

from .. import checks

LSTM_GATES: tuple[str, ...] = ("i", "f", "c", "o")
GRU_GATES: tuple[str, ...] = ("z", "r", "h")

# --------------------------------------------------------------------------------------------
# Input checks: every public function names the argument, what it expected and what it got.
# --------------------------------------------------------------------------------------------


def _check_weights(kernel, recurrent_kernel, bias, n_gates: int, cell: str) -> tuple[np.ndarray, ...]:
    kernel = checks.check_array(kernel, "kernel", ndim=2, layout="(features, gates*units)", dtype=np.float64)
    recurrent_kernel = checks.check_array(recurrent_kernel, "recurrent_kernel", ndim=2,
                                          layout="(units, gates*units)", dtype=np.float64)
    units, width = recurrent_kernel.shape
    if width != n_gates * units:
        raise checks.fail(ValueError, "recurrent_kernel", f"of shape (units, {n_gates}*units) for a {cell}",
                          f"{recurrent_kernel.shape}: recurrent_kernel of a {cell} has {n_gates} blocks")
    if kernel.shape[1] != n_gates * units:
        raise checks.fail(ValueError, "kernel", f"of shape (features, {n_gates}*units) = (features, {n_gates * units}) "
                          f"to match recurrent_kernel {recurrent_kernel.shape}", f"{kernel.shape}")
    bias = checks.check_array(bias, "bias", ndim=(1, 2), dtype=np.float64)
    return kernel, recurrent_kernel, bias


def _check_state(name: str, value, batch: int, units: int) -> np.ndarray:
    state = checks.check_array(value, name, ndim=2, layout="(batch, units)", dtype=np.float64)
    if state.shape != (batch, units):
        raise checks.fail(ValueError, name, f"of shape (batch, units) = {(batch, units)}", f"{state.shape}")
    return state


def _check_input(name: str, value, layout: str, features: int) -> np.ndarray:
    """``value`` as an array of ``layout`` ("(batch, features)" or "(batch, time, features)") with ``features`` last."""
    array = checks.check_array(value, name, ndim=layout.count(",") + 1, layout=layout, dtype=np.float64)
    if array.shape[-1] != features:
        raise checks.fail(ValueError, name, f"{layout} with features={features} (rows of kernel)",
                          f"shape {array.shape}")
    return array


def _check_drive(drive, drive_from, batch_time: tuple[int, int], units: int):
    """Checks of lstm_forward's and gru_forward's intervention arguments."""
    drive_from = checks.check_int(drive_from, "drive_from", ge=0, le=batch_time[1], what="a whole number of steps")
    if drive is None:
        return None, int(drive_from)
    drive = checks.check_array(drive, "drive", ndim=3, layout="(batch, time, units)", dtype=np.float64)
    if drive.shape != (*batch_time, units):
        raise checks.fail(ValueError, "drive", f"the hidden states of a run on inputs of this shape, "
                          f"(batch, time, units) = {(*batch_time, units)}", f"{drive.shape}")
    return drive, int(drive_from)


