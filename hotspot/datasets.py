"""Datasets bundled with hotspot: real UCDP GED events in Iraq and a synthetic sample.

The registry (``hotspot/data/datasets.json``) lists each bundled dataset with its
title, source, version, licence, citation, period, row count and whether it is
synthetic. :func:`list` shows it as a table (it renders in Jupyter), :func:`info`
gives one entry, and :func:`get` (or the named loaders :func:`ucdp_iraq` and
:func:`sample`) loads a dataset as an incident GeoDataFrame through the same
reader a user file goes through (:func:`hotspot.incidents.read_ucdp`,
:func:`hotspot.incidents.read_acled`), so every check and report of the reader
applies. Each frame carries its provenance in ``frame.attrs["dataset"]``
(``name``, ``version``, ``licence``, ``citation``, ``path``, plus ``synthetic``
and ``registry``), from which maps and summaries write their "Sources" line.

Names are matched as in geodatasets: case, spaces, dashes, dots and underscores
do not matter, and each dataset has aliases (``"ucdp"`` for ``"ucdp_iraq"``).

Examples
--------
>>> from hotspot import datasets
>>> datasets.list()[["name", "version", "rows", "synthetic"]]
        name version  rows  synthetic
0  ucdp_iraq    19.1  7473      False
1     sample    None  2410       True
>>> events = datasets.ucdp_iraq()
>>> events.attrs["dataset"]["name"], events.attrs["dataset"]["version"], len(events)
('UCDP GED', '19.1', 7473)
>>> datasets.get("Sample").attrs["dataset"]["synthetic"]
True
"""

from __future__ import annotations

import builtins
import copy
import functools
import gzip
import hashlib
import html
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from hotspot._data import data_path
from hotspot.errors import DatasetError
from hotspot.incidents import read_acled, read_ucdp
from hotspot.sample import load_sample_incidents

__all__ = ["TABLE_COLUMNS", "Dataset", "get", "info", "list", "names", "sample", "ucdp_iraq"]

#: Columns of the table :func:`list` returns.
TABLE_COLUMNS: tuple[str, ...] = (
    "name",
    "title",
    "source",
    "version",
    "licence",
    "citation",
    "period",
    "rows",
    "synthetic",
)

_REGISTRY = "datasets.json"
_NAME_NOISE = str.maketrans("", "", "., -_/")


@dataclass(frozen=True)
class Dataset:
    """One entry of the dataset registry.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"ucdp_iraq"``.
    aliases : tuple of str
        Other names :func:`get` accepts.
    title : str
        One line saying what the data are.
    dataset : str
        The dataset's own name as cited ("UCDP GED"), written to ``attrs``.
    version : str or None
        Release of the dataset; None when it has none (the synthetic sample).
    version_note : str
        Why this version (the file itself may not say).
    source : str
        Publisher and the exact file the copy was taken from.
    url : str or None
        Where the publisher offers the data.
    licence : str
        Licence of the data.
    citation : str or None
        What to cite.
    synthetic : bool
        True for invented data.
    reader : str
        ``"ucdp"`` or ``"acled"``: the reader the file goes through.
    notes : str
        Caveats an analyst must know.
    rows : int
        Events in the file.
    columns : int
        Columns of the file.
    period : str
        ``first/last`` event day, ISO 8601 interval.
    file : str
        File name in ``hotspot/data``.
    bytes, sha256 : int or None, str or None
        Size and checksum of the bundled file (checked when it is loaded).
    source_bytes, source_sha256 : int or None, str or None
        Size and checksum of the file the bundled copy was made from.
    """

    name: str
    aliases: tuple[str, ...]
    title: str
    dataset: str
    version: str | None
    version_note: str
    source: str
    url: str | None
    licence: str
    citation: str | None
    synthetic: bool
    reader: str
    notes: str
    rows: int
    columns: int
    period: str
    file: str
    bytes: int | None
    sha256: str | None
    source_bytes: int | None
    source_sha256: str | None

    @property
    def path(self) -> Path:
        """Path of the bundled file."""
        return data_path(self.file)

    def provenance(self) -> dict[str, Any]:
        """Return the ``attrs["dataset"]`` record of frames loaded from this dataset.

        Returns
        -------
        dict
            ``name``, ``version``, ``licence``, ``citation``, ``path`` (the
            contract of every reader and loader), plus ``synthetic`` and
            ``registry`` (this entry's name).

        Examples
        --------
        >>> info("ucdp").provenance()["name"]
        'UCDP GED'
        """
        return {
            "name": self.dataset,
            "version": self.version,
            "licence": self.licence,
            "citation": self.citation,
            "path": str(self.path),
            "synthetic": self.synthetic,
            "registry": self.name,
        }

    def load(self) -> gpd.GeoDataFrame:
        """Load the dataset (a fresh copy); same as :func:`get` with this name.

        Returns
        -------
        geopandas.GeoDataFrame
            The incident schema of the dataset's reader, EPSG:4326.
        """
        frame = _loaded(self.name)
        out = frame.copy()
        out.attrs = copy.deepcopy(frame.attrs)
        return out

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(key)}</th>"
            f"<td style='text-align:left'>{html.escape(str(value))}</td></tr>"
            for key, value in asdict(self).items()
            if key != "name"
        )
        kind = "SYNTHETIC dataset" if self.synthetic else "dataset"
        return (
            f"<div><strong>hotspot {kind} {html.escape(self.name)}</strong>"
            f"<table>{rows}</table></div>"
        )


@functools.cache
def _registry() -> tuple[Dataset, ...]:
    entries = json.loads(data_path(_REGISTRY).read_text(encoding="utf-8"))
    return tuple(Dataset(**{**entry, "aliases": tuple(entry["aliases"])}) for entry in entries)


def _key(name: str) -> str:
    return name.translate(_NAME_NOISE).lower()


def info(name: str) -> Dataset:
    """Return the registry entry of a bundled dataset.

    Parameters
    ----------
    name : str
        Name or alias; case, spaces, dashes, dots and underscores do not matter.

    Returns
    -------
    Dataset
        The entry (renders in Jupyter).

    Raises
    ------
    hotspot.errors.DatasetError
        If no dataset has this name; the message lists the names.

    Examples
    --------
    >>> info("UCDP").period
    '1989-01-01/2018-12-25'
    >>> info("acled")
    Traceback (most recent call last):
    ...
    hotspot.errors.DatasetError: no bundled dataset named 'acled'; ...
    """
    wanted = _key(str(name))
    for entry in _registry():
        if wanted in {_key(entry.name), *(_key(a) for a in entry.aliases)}:
            return entry
    known = ", ".join(
        f"{entry.name} (also {', '.join(entry.aliases)})" if entry.aliases else entry.name
        for entry in _registry()
    )
    raise DatasetError(
        f"no bundled dataset named {name!r}; the bundled datasets are {known}. "
        "Fresh data: hotspot.download.fetch_ucdp or fetch_acled"
    )


def names() -> builtins.list[str]:
    """Return every name :func:`get` accepts (registry names first, then aliases).

    Returns
    -------
    list of str
        E.g. for the CLI's ``--dataset`` choices.

    Examples
    --------
    >>> names()[:2]
    ['ucdp_iraq', 'sample']
    """
    entries = _registry()
    return [e.name for e in entries] + [a for e in entries for a in e.aliases]


def list() -> pd.DataFrame:
    """Return the bundled datasets as a table (renders in Jupyter).

    Returns
    -------
    pandas.DataFrame
        One row per dataset with the columns in :data:`TABLE_COLUMNS`.

    Examples
    --------
    >>> table = list()
    >>> table.loc[table["name"] == "ucdp_iraq", "licence"].item()
    'CC BY 4.0'
    """
    rows = [{column: getattr(e, column) for column in TABLE_COLUMNS} for e in _registry()]
    table = pd.DataFrame(rows, columns=builtins.list(TABLE_COLUMNS))
    # a missing version stays None (not NaN): "no version", not a number
    table["version"] = pd.Series([e.version for e in _registry()], dtype=object)
    return table


def get(name: str) -> gpd.GeoDataFrame:
    """Load a bundled dataset by name.

    Parameters
    ----------
    name : str
        Name or alias (see :func:`list`): ``"ucdp_iraq"`` (``"ucdp"``) or
        ``"sample"``.

    Returns
    -------
    geopandas.GeoDataFrame
        The incidents in the reader's schema (EPSG:4326), a fresh copy, with
        ``attrs["dataset"]`` (:meth:`Dataset.provenance`) and the reader's
        ``attrs["hotspot_report"]``.

    Raises
    ------
    hotspot.errors.DatasetError
        If the name is unknown, or the bundled file does not match the size and
        sha256 the registry records (a damaged install).

    Examples
    --------
    >>> frame = get("ucdp")
    >>> frame.attrs["dataset"]["licence"], frame.crs.to_epsg()
    ('CC BY 4.0', 4326)
    """
    return info(name).load()


def ucdp_iraq() -> gpd.GeoDataFrame:
    """Load the UCDP GED 19.1 events in Iraq, 1989-01-01 to 2018-12-25 (7,473 events).

    Real events (CC BY 4.0): cite Sundberg & Melander (2013) and Högbladh
    (2019), see ``attrs["dataset"]["citation"]``. Read with
    :func:`hotspot.incidents.read_ucdp`: ``precision`` 3 marks the district and
    governorate centroids UCDP snaps vague events to, and 40 events on four
    border points are flagged ``outside_iraq`` (kept).

    Returns
    -------
    geopandas.GeoDataFrame
        The incident schema (EPSG:4326), indexed 1 to 7473 in file order (the
        HXL row, line 2 of the file, is row 0 and is skipped by the reader).

    Examples
    --------
    >>> events = ucdp_iraq()
    >>> str(events["date"].min().date()), str(events["date"].max().date())
    ('1989-01-01', '2018-12-25')
    >>> events.attrs["dataset"]["version"]
    '19.1'
    """
    return get("ucdp_iraq")


def sample() -> gpd.GeoDataFrame:
    """Load the SYNTHETIC sample: 2,410 invented events, 2019-2025, ACLED layout.

    For deterministic tests and tutorials, never as a picture of real activity
    (see :mod:`hotspot.sample`). ``attrs["dataset"]["synthetic"]`` is True.

    Returns
    -------
    geopandas.GeoDataFrame
        The schema of :func:`hotspot.incidents.read_acled` (EPSG:4326).

    Examples
    --------
    >>> frame = sample()
    >>> frame.attrs["dataset"]["name"], bool(frame["notes"].str.startswith("SYNTHETIC").all())
    ('hotspot synthetic sample', True)
    """
    return get("sample")


@functools.cache
def _loaded(name: str) -> gpd.GeoDataFrame:
    entry = info(name)
    if entry.reader == "ucdp":
        frame = read_ucdp(_table(entry))
    elif entry.reader == "acled":
        frame = load_sample_incidents() if entry.synthetic else read_acled(entry.path)
    else:  # pragma: no cover - the registry test checks every reader
        raise DatasetError(
            f"{_REGISTRY}: dataset {entry.name!r} has unknown reader {entry.reader!r}"
        )
    frame.attrs["dataset"] = entry.provenance()
    return frame


def _table(entry: Dataset) -> pd.DataFrame:
    """Read a bundled (gzipped) CSV as text after checking its size and sha256."""
    raw = entry.path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if entry.sha256 and (digest != entry.sha256 or len(raw) != entry.bytes):
        raise DatasetError(
            f"{entry.path}: sha256 {digest} ({len(raw):,} B) does not match the registry "
            f"({entry.sha256}, {entry.bytes:,} B); the file is damaged: reinstall hotspot"
        )
    if entry.file.endswith(".gz"):
        raw = gzip.decompress(raw)
    return pd.read_csv(
        io.BytesIO(raw), dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
    )
