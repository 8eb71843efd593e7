"""Locate the data files bundled with hotspot: one folder, ``hotspot/data``.

Every bundled file is looked up in the package's ``data`` folder, in a wheel and
in a source checkout alike. The design card keeps ``gazetteer.csv`` and
``boundaries/`` at the top of the repository (analysts and reviewers find them
there); ``hotspot/data/gazetteer.csv`` and ``hotspot/data/boundaries`` are
symbolic links to them, which the wheel build follows, so the wheel holds the
files themselves.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_path"]

_PACKAGE_DATA = Path(str(resources.files("hotspot"))) / "data"


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
        If the file is not in the package's data folder.

    Examples
    --------
    >>> data_path("gazetteer.csv").name
    'gazetteer.csv'
    """
    candidate = _PACKAGE_DATA / name
    if candidate.exists():
        return candidate
    raise FileNotFoundError(
        f"bundled data file {name!r} not found in {_PACKAGE_DATA}; reinstall hotspot "
        "(pip install .) so that the data files are included"
    )
