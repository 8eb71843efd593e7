"""Locate the data files bundled with hotspot.

In an installed wheel the top-level ``gazetteer.csv`` and ``boundaries/`` live in
``hotspot/data/``; in a source checkout (or an editable install) they sit beside
the package. Both layouts are supported so that the same code runs everywhere.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_path"]

_PACKAGE_DATA = Path(str(resources.files("hotspot"))) / "data"
_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def data_path(name: str) -> Path:
    """Return the path of a bundled data file or folder.

    Parameters
    ----------
    name : str
        Path relative to the data root, e.g. ``"gazetteer.csv"`` or
        ``"boundaries/disputed_districts.csv"``.

    Returns
    -------
    pathlib.Path
        The existing file or folder.

    Raises
    ------
    FileNotFoundError
        If the file is neither in the installed package nor in a source checkout.

    Examples
    --------
    >>> data_path("gazetteer.csv").name
    'gazetteer.csv'
    """
    for root in (_PACKAGE_DATA, _CHECKOUT_ROOT):
        candidate = root / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        f"bundled data file {name!r} not found in {_PACKAGE_DATA} or {_CHECKOUT_ROOT}; "
        "reinstall hotspot (pip install .) so that the data files are included"
    )
