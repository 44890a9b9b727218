"""Parsers for file formats a data set arrives in (plain text only; nothing here runs code from a file).

:func:`parse_ts` reads the UEA/UCR time-series archive's ``.ts`` format (as used by ``aeon`` and
``sktime``): ``#`` comment lines, ``@`` header lines up to ``@data``, then one case per line, its channels
separated by ``:`` and each channel's values by ``,``, with the class label last.
"""

from __future__ import annotations

import numpy as np


def parse_ts(text: str, name: str = "the .ts file") -> tuple[list[np.ndarray], list[str], dict[str, str]]:
    """Parse a multivariate ``.ts`` file: ``(cases, labels, header)``.

    ``cases`` holds one ``(time, channels)`` float32 array per line (every channel of a case must have the
    same length; lengths may differ between cases), ``labels`` the class label of each case as written, and
    ``header`` the ``@`` entries (``{"problemName": "JapaneseVowels", ...}``). Raises ``ValueError`` naming
    ``name``, the line number and what is wrong: no ``@data`` line, a case without a label, channels of
    different lengths, a number that does not parse, a missing value (``?``) or NaN/inf, a channel count that
    differs from ``@dimensions`` or from the first case.

    >>> cases, labels, header = parse_ts("@dimensions 2\\n@data\\n1,2,3:4,5,6:a\\n7:8:b\\n")
    >>> [c.shape for c in cases], labels, header["dimensions"]
    ([(3, 2), (1, 2)], ['a', 'b'], '2')
    >>> cases[0][:, 1].tolist()
    [4.0, 5.0, 6.0]
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_ts: text must be the file's contents as a str, got {type(text).__name__}")
    header: dict[str, str] = {}
    cases: list[np.ndarray] = []
    labels: list[str] = []
    in_data = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not in_data:
            if not line.startswith("@"):
                raise ValueError(f"{name}, line {number}: expected a header line starting with '@' before @data, "
                                 f"got {line[:40]!r}")
            key, _, value = line[1:].partition(" ")
            if key.lower() == "data":
                in_data = True
            else:
                header[key] = value.strip()
            continue
        *channels, label = line.split(":")
        if not channels or not label.strip():
            raise ValueError(f"{name}, line {number}: a case needs at least one channel and a class label after "
                             f"the last ':', got {line[:40]!r}")
        lengths = {len(c.split(",")) for c in channels}
        if len(lengths) != 1:
            raise ValueError(f"{name}, line {number}: every channel of a case must have the same number of values, "
                             f"got lengths {sorted(lengths)}")
        if "?" in line:
            raise ValueError(f"{name}, line {number}: holds a missing value '?', which this parser does not fill in")
        try:
            values = np.array([[float(v) for v in c.split(",")] for c in channels], dtype=np.float64)
        except ValueError as err:
            raise ValueError(f"{name}, line {number}: a value is not a number ({err})") from None
        if not np.isfinite(values).all():
            raise ValueError(f"{name}, line {number}: holds NaN or infinite values")
        declared = header.get("dimensions", "")
        expected = int(declared) if declared.isdigit() else (cases[0].shape[1] if cases else len(channels))
        if len(channels) != expected or (cases and len(channels) != cases[0].shape[1]):
            raise ValueError(f"{name}, line {number}: expected {expected} channels (from @dimensions or the first "
                             f"case), got {len(channels)}")
        cases.append(values.T.astype(np.float32))
        labels.append(label.strip())
    if not in_data:
        raise ValueError(f"{name}: no @data line, so this is not a .ts file")
    if not cases:
        raise ValueError(f"{name}: no cases after @data")
    return cases, labels, header


__all__ = ["parse_ts"]
