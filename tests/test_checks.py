"""Unit tests for utils.checks, the argument checkers every public utils function uses."""

import doctest
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from utils import checks
from utils.checks import (check_array, check_bool, check_callable, check_choice, check_dataframe, check_int,
                          check_mapping, check_path, check_real, check_sequence_of, check_sorted_time, check_str,
                          check_token_ids)


def test_doctests():
    result = doctest.testmod(checks)
    assert result.failed == 0 and result.attempted > 5


# ----------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3), np.uint8(3)])
def test_check_int_accepts_python_and_numpy_integers(value):
    out = check_int(value, "n", ge=1)
    assert out == 3 and type(out) is int


@pytest.mark.parametrize("value", [True, np.bool_(False), 3.0, "3", None, 3 + 0j, np.float64(2)])
def test_check_int_rejects_other_types_naming_argument(value):
    with pytest.raises(TypeError, match=r"^n must be an int >= 1, got "):
        check_int(value, "n", ge=1)


@pytest.mark.parametrize("kw, bad, good", [
    ({"ge": 1}, 0, 1), ({"gt": 1}, 1, 2), ({"le": 5}, 6, 5), ({"lt": 5}, 5, 4), ({"ge": 0, "lt": 3}, 3, 0)])
def test_check_int_bounds_inclusive_and_exclusive(kw, bad, good):
    assert check_int(good, "k", **kw) == good
    with pytest.raises(ValueError, match=rf"k must be an int .*, got {bad}$"):
        check_int(bad, "k", **kw)


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.5), np.float64(0.5), np.int64(1)])
def test_check_real_accepts_python_and_numpy_numbers(value):
    out = check_real(value, "lr", gt=0)
    assert out == float(value) and type(out) is float


@pytest.mark.parametrize("value", [True, np.bool_(True), 1 + 2j, np.complex128(1), "0.1", None, [0.1]])
def test_check_real_rejects_bool_complex_and_non_numbers(value):
    with pytest.raises(TypeError, match=r"lr must be a finite real number > 0, got "):
        check_real(value, "lr", gt=0)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, np.float32("nan"), np.inf])
def test_check_real_rejects_nan_and_inf_even_if_in_range(value):
    with pytest.raises(ValueError, match=r"lr must be a finite real number > 0, got -?(inf|nan)"):
        check_real(value, "lr", gt=0)


def test_check_real_allow_inf_and_nan_and_bounds():
    assert check_real(math.inf, "max_norm", gt=0, allow_inf=True) == math.inf
    assert math.isnan(check_real(math.nan, "x", allow_nan=True))
    with pytest.raises(ValueError, match=r"alpha must be a finite real number >= 0 and < 1, got 1.0"):
        check_real(1.0, "alpha", ge=0, lt=1)
    with pytest.raises(ValueError, match=r"got -0.1"):
        check_real(-0.1, "alpha", ge=0)


def test_check_bool():
    assert check_bool(np.bool_(True), "pad") is True
    for bad in (1, 0, "yes", None):
        with pytest.raises(TypeError, match=r"pad must be True or False, got "):
            check_bool(bad, "pad")


# ----------------------------------------------------------------------------- strings, choices, containers
def test_check_str_and_choices():
    assert check_str("tanh", "activation_name", choices=["tanh", "relu"]) == "tanh"
    with pytest.raises(ValueError, match=r"activation_name must be one of \['tanh', 'relu'\], got 'sigmoid'"):
        check_str("sigmoid", "activation_name", choices=["tanh", "relu"])
    with pytest.raises(TypeError, match=r"name must be a non-empty str, got int 3"):
        check_str(3, "name")
    with pytest.raises(ValueError, match=r"name must be a non-empty str, got ' '"):
        check_str(" ", "name")
    assert check_str("", "name", nonempty=False) == ""


def test_check_choice_does_not_take_bool_for_int():
    assert check_choice(np.int64(2), "order", (1, 2)) == 2
    with pytest.raises(ValueError, match=r"order must be one of \[1, 2\], got bool True"):
        check_choice(True, "order", (1, 2))
    with pytest.raises(ValueError, match=r"got int 3"):
        check_choice(3, "order", (1, 2))


def test_check_sequence_of_never_reads_a_string_letter_by_letter():
    with pytest.raises(TypeError, match=r"by must be a non-empty list of str, got str 'model' .*write \['model'\]"):
        check_sequence_of("model", "by", str)
    with pytest.raises(TypeError, match=r"got bytes"):
        check_sequence_of(b"ab", "by", str)


@pytest.mark.parametrize("value", [("a", "b"), ["a", "b"], pd.Index(["a", "b"]), np.array(["a", "b"])])
def test_check_sequence_of_accepts_ordered_sequences(value):
    assert check_sequence_of(value, "by", str) == ["a", "b"]


def test_check_sequence_of_rejects_unordered_empty_and_wrong_items():
    for bad in ({"a"}, {"a": 1}, 3, None, (x for x in "ab")):
        with pytest.raises(TypeError, match=r"by must be a non-empty list of str, got "):
            check_sequence_of(bad, "by", str)
    with pytest.raises(ValueError, match=r"by must be a non-empty list of str, got an empty list"):
        check_sequence_of([], "by", str)
    assert check_sequence_of([], "by", str, nonempty=False) == []
    with pytest.raises(TypeError, match=r"by\[1\] must be str, got int 3"):
        check_sequence_of(["a", 3], "by", str)
    with pytest.raises(TypeError, match=r"sizes\[0\] must be int, got bool True"):
        check_sequence_of([True], "sizes", int)
    with pytest.raises(ValueError, match=r"without repeats, got 'a' more than once"):
        check_sequence_of(["a", "b", "a"], "by", str, unique=True)


def test_check_sequence_of_with_a_checker():
    out = check_sequence_of([1, np.int64(2)], "edges", lambda v, n: check_int(v, n, ge=0))
    assert out == [1, 2]
    with pytest.raises(ValueError, match=r"edges\[1\] must be an int >= 0, got -2"):
        check_sequence_of([1, -2], "edges", lambda v, n: check_int(v, n, ge=0))


def test_check_mapping_callable_path_dataframe():
    assert check_mapping({"W": 1, "U": 2}, "params", keys=["W"]) == {"W": 1, "U": 2}
    with pytest.raises(ValueError, match=r"params must be a dict with keys \['W', 'b'\], got .*missing \['b'\]"):
        check_mapping({"W": 1}, "params", keys=["W", "b"])
    with pytest.raises(TypeError, match=r"params must be a dict, got list"):
        check_mapping([1], "params")
    assert check_callable(len, "f") is len
    with pytest.raises(TypeError, match=r"f must be a function \(callable\), got float 1.0"):
        check_callable(1.0, "f")
    assert check_path("a/b", "out") == Path("a/b")
    with pytest.raises(TypeError, match=r"out must be a path"):
        check_path(3, "out")
    with pytest.raises(ValueError, match=r"got an empty str"):
        check_path("", "out")
    df = pd.DataFrame({"a": [1]})
    assert check_dataframe(df, "results", columns=["a"]) is df
    with pytest.raises(ValueError, match=r"missing \['b'\]"):
        check_dataframe(df, "results", columns=["a", "b"])
    with pytest.raises(TypeError, match=r"results must be a pandas DataFrame, got dict"):
        check_dataframe({"a": [1]}, "results")
    with pytest.raises(ValueError, match=r"got 0 rows"):
        check_dataframe(df.iloc[:0], "results")


# ----------------------------------------------------------------------------- arrays
def test_check_array_converts_and_keeps_float_dtype():
    assert check_array([[1, 2]], "x", ndim=2).dtype == np.float64
    f32 = np.zeros((2, 3), np.float32)
    assert check_array(f32, "x").dtype == np.float32
    assert check_array(f32, "x", dtype=np.float64).dtype == np.float64
    assert check_array(pd.Series([1.0, 2.0]), "y", ndim=1).shape == (2,)
    assert check_array([1, 2], "ids", kind="integer").dtype.kind == "i"


@pytest.mark.parametrize("value, exc, pattern", [
    ("abc", TypeError, r"x must be a NumPy array .*, got str 'abc'"),
    (None, TypeError, r"x must be a NumPy array .*, got None"),
    ([[1, 2], [3]], TypeError, r"x must be a NumPy array .*equal length.*, got list"),
    (np.array([True, False]), TypeError, r"x must be an array of real numbers, got dtype bool"),
    (np.array([1 + 1j]), TypeError, r"x must be an array of real numbers, got dtype complex128"),
    (np.array(["a"]), TypeError, r"x must be an array of real numbers, got dtype <U1"),
    ([1.0, None], ValueError, r"x must be finite \(no NaN or infinity\), got 1 such value\(s\), the first nan"),
    (np.array([1.0, np.inf]), ValueError, r"x must be finite .*, got 1 such value\(s\), the first inf at position \(1,\)"),
    (np.zeros((0, 3)), ValueError, r"x must be non-empty, got shape \(0, 3\)"),
])
def test_check_array_rejects(value, exc, pattern):
    with pytest.raises(exc, match=pattern):
        check_array(value, "x")


def test_check_array_shape_ndim_layout_and_nan_policy():
    with pytest.raises(ValueError, match=r"x must be 3-D \(batch, time, features\), got shape \(2, 3\)"):
        check_array(np.zeros((2, 3)), "x", ndim=3, layout="(batch, time, features)")
    with pytest.raises(ValueError, match=r"b must be 1-D or 2-D, got shape \(\)"):
        check_array(1.0, "b", ndim=(1, 2))
    with pytest.raises(ValueError, match=r"h0 must be an array of shape \(any, 4\), got shape \(2, 3\)"):
        check_array(np.zeros((2, 3)), "h0", shape=(None, 4))
    assert check_array(np.zeros((2, 4)), "h0", shape=(None, 4)).shape == (2, 4)
    with pytest.raises(ValueError, match=r"x must be non-empty \(batch, time\), got shape \(2, 0\)"):
        check_array(np.zeros((2, 0)), "x", layout="(batch, time)")
    assert check_array(np.zeros((2, 0)), "x", nonempty=False).shape == (2, 0)
    assert np.isnan(check_array([1.0, np.nan], "y", allow_nan=True)).sum() == 1
    with pytest.raises(ValueError, match=r"y must be finite \(no infinity\)"):
        check_array([1.0, np.nan, np.inf], "y", allow_nan=True)
    assert np.isinf(check_array([np.inf], "y", finite=False)).all()
    with pytest.raises(TypeError, match=r"ids must be an array of integers, got dtype float64"):
        check_array([1.0, 2.0], "ids", kind="integer")


# ----------------------------------------------------------------------------- time order
def test_check_sorted_time_accepts_increasing():
    idx = pd.date_range("2024-01-01", periods=5, freq="h")
    assert check_sorted_time(idx, "data.index") is idx
    assert check_sorted_time(np.array([1, 2, 5]), "t") is not None
    check_sorted_time(pd.DatetimeIndex([]), "t")              # empty is in order; emptiness is checked elsewhere


@pytest.mark.parametrize("index, pattern", [
    (pd.to_datetime(["2024-01-02", "2024-01-01"]), r"2024-01-01 00:00:00 after 2024-01-02 00:00:00 at row 1"),
    (pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-02"]), r"a duplicate of 2024-01-02 00:00:00 at row 2"),
    (pd.to_datetime(["2024-01-01", None]), r"without missing timestamps, got 1 missing"),
    (np.array([3.0, 2.0]), r"2.0 after 3.0 at row 1"),
    (pd.Series(pd.to_datetime(["2024-01-02", "2024-01-01"])), r"after"),
])
def test_check_sorted_time_rejects_reversed_duplicated_missing(index, pattern):
    with pytest.raises(ValueError, match=r"t must be .*" + pattern):
        check_sorted_time(index, "t")


def test_check_sorted_time_rejects_non_times():
    with pytest.raises(TypeError, match=r"t must be timestamps or numbers, got dtype object"):
        check_sorted_time(pd.Index(["a", "b"]), "t")
    with pytest.raises(ValueError, match=r"t must be a 1-D time index, got shape \(1, 2\)"):
        check_sorted_time(np.zeros((1, 2)), "t")


# ----------------------------------------------------------------------------- token ids
def test_check_token_ids_ranges_and_padding():
    assert check_token_ids([[3, 1, 0]], "x", vocab_size=5).dtype == np.int64
    with pytest.raises(ValueError, match=r"prev must be token ids in \[0, 5\) \(vocab_size\), got -1 at position \(0,\)"):
        check_token_ids([-1, 2], "prev", vocab_size=5)
    with pytest.raises(ValueError, match=r"got 5 at position \(1,\)"):
        check_token_ids([1, 5], "prev", vocab_size=5)
    with pytest.raises(ValueError, match=r"in \[1, 5\).*0 is the padding id, not a token, got 0"):
        check_token_ids([1, 0], "sequences[0]", vocab_size=5, allow_padding=False)
    with pytest.raises(ValueError, match=r"in \[0, 2147483648\) \(int32\), got 2147483648"):
        check_token_ids([2 ** 31], "sequences[0]")
    with pytest.raises(TypeError, match=r"ids must be integer token ids, got dtype float64"):
        check_token_ids([1.5], "ids", vocab_size=5)
    with pytest.raises(ValueError, match=r"must be non-empty"):
        check_token_ids([], "ids", vocab_size=5)


# ----------------------------------------------------------------------------- messages name the function
def test_messages_name_the_public_utils_function():
    # a fake public function living inside the utils package
    src = ("from utils import checks\n"
           "def public(lr):\n    return _private(lr)\n"
           "def _private(lr):\n    return checks.check_real(lr, 'lr', gt=0)\n"
           "class Opt:\n    def __init__(self, lr):\n        checks.check_real(lr, 'lr', gt=0)\n"
           "    def step(self, n):\n        checks.check_int(n, 'n')\n")
    namespace = {}                  # compiled as if it were a file of the utils package; nothing is written
    exec(compile(src, str(Path(checks.__file__).parent / "probe.py"), "exec"), namespace)
    with pytest.raises(ValueError, match=r"^public: lr must be a finite real number > 0, got inf$"):
        namespace["public"](math.inf)
    with pytest.raises(ValueError, match=r"^Opt: lr must be"):
        namespace["Opt"](0)
    with pytest.raises(TypeError, match=r"^Opt.step: n must be an int, got str 'x'$"):
        namespace["Opt"](1).step("x")
    with pytest.raises(ValueError, match=r"^mine: lr must be"):
        checks.check_real(0, "lr", gt=0, func="mine")


def test_describe_is_short():
    assert checks.describe(list(range(100))) == "list of length 100"
    assert len(checks.describe("x" * 500)) < 80
    assert checks.describe(math.inf) == "inf"


def test_check_chapter():
    assert checks.check_chapter(3) == "03" and checks.check_chapter("9") == "09" and checks.check_chapter("04") == "04"
    assert checks.check_chapter(np.int64(8)) == "08"
    for bad, exc in [(True, TypeError), (3.0, TypeError), ("ch03", ValueError), ("123", ValueError), (-1, ValueError)]:
        with pytest.raises(exc, match=r"chapter must be a chapter number such as '03'"):
            checks.check_chapter(bad)


def test_small_modules_name_their_arguments():
    from utils import assignments, colab, notebooks

    with pytest.raises(TypeError, match=r"^setup_cell_source: chapter must be a chapter number"):
        colab.setup_cell_source(None)
    assert colab.setup_cell_source(3) == colab.setup_cell_source("03")
    with pytest.raises(ValueError, match=r"^colab_url: notebook_path must be a path inside the repository ending in .ipynb"):
        colab.colab_url("notebooks/01_x.py")
    with pytest.raises(TypeError, match=r"^badge_markdown: notebook_path must be a non-empty str"):
        colab.badge_markdown(Path("notebooks/01_x.ipynb"))
    with pytest.raises(ValueError, match=r"^chapter_of: path must be a notebook named NN_topic.ipynb, got 'x.ipynb'"):
        notebooks.chapter_of("x.ipynb")
    with pytest.raises(TypeError, match=r"^clean: path must be a path"):
        notebooks.clean(None)
    with pytest.raises(ValueError, match=r"^notebook_for: chapter must be one of the chapters"):
        assignments.notebook_for("98")
    with pytest.raises(TypeError, match=r"^notebook_for: chapter must be a chapter number"):
        assignments.notebook_for(["03"])
    with pytest.raises(FileNotFoundError, match=r"^grade: submission must be an existing file"):
        assignments.grade("/nonexistent/x.ipynb", "/nonexistent/a.zip")
