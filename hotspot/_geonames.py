"""Read a GeoNames country dump (``IQ.zip`` / ``IQ.txt``) into raw gazetteer rows.

GeoNames (https://www.geonames.org/, licence CC BY 4.0) publishes one
tab-separated file per country. :func:`dump_rows` turns it into rows of the
gazetteer schema, every line accounted for (converted, or skipped with a reason);
:func:`hotspot.gazetteer.read_geonames` validates them and
:func:`hotspot.gazetteer.load_gazetteer` merges them with the bundled gazetteer.
:func:`cached_dump` finds the dump :func:`hotspot.download.fetch_geonames` keeps in
the user cache, with the record of its download (date, sha256).

The mapping from GeoNames feature codes to gazetteer feature types and precisions
is data (``hotspot/data/geonames_feature_codes.csv``), as is the first-order admin
code → governorate table (``hotspot/data/geonames_admin1_iq.csv``).

Examples
--------
>>> feature_codes()["P.PPL"][0], feature_codes()["T.MTS"][0]
('settlement', 'mountain')
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from hotspot._admin import country_outline
from hotspot._cache import cache_dir
from hotspot._data import data_path
from hotspot.errors import DatasetError

__all__ = [
    "DUMP_NAME",
    "GEONAMES_COLUMNS",
    "cached_dump",
    "dataset_attrs",
    "dump_rows",
    "feature_codes",
]

#: Columns of a GeoNames dump file (``IQ.txt``), in file order (tab-separated, no header).
GEONAMES_COLUMNS: tuple[str, ...] = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1_code",
    "admin2_code",
    "admin3_code",
    "admin4_code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
)

#: The file :func:`hotspot.download.fetch_geonames` downloads into ``<cache>/geonames/``.
DUMP_NAME = "IQ.zip"

_CODE_ALIAS = re.compile(r"^[A-Z0-9]{3,4}$")  # IATA/ICAO airport codes among alternate names


@functools.cache
def feature_codes() -> dict[str, tuple[str, float, str]]:
    """Map GeoNames ``class.code`` to (gazetteer feature type or "", precision km, meaning)."""
    table = pd.read_csv(data_path("geonames_feature_codes.csv"), dtype=str, keep_default_na=False)
    return {
        row.code: (row.feature_type, float(row.precision_km or "nan"), row.meaning)
        for row in table.itertuples(index=False)
    }


@functools.cache
def _admin1() -> dict[str, str]:
    table = pd.read_csv(data_path("geonames_admin1_iq.csv"), dtype=str, keep_default_na=False)
    return dict(zip(table["admin1_code"], table["governorate"], strict=True))


def _dump_lines(path: Path) -> list[str]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()
            ]
            if len(members) != 1:
                raise DatasetError(
                    f"{path}: expected one GeoNames dump file (e.g. IQ.txt) in the zip, "
                    f"found {members or 'none'}"
                )
            raw = archive.read(members[0])
    else:
        raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not a UTF-8 GeoNames dump ({exc})") from exc


def dump_rows(
    path: Path,
    *,
    columns: Iterable[str],
    may_leave: Iterable[str],
    retrieved: str | None = None,
    exclude_ids: Iterable[str] = (),
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Convert the lines of a dump to gazetteer rows (not validated) and account for them.

    Parameters
    ----------
    path : pathlib.Path
        ``IQ.zip`` or the ``IQ.txt`` in it.
    columns : iterable of str
        The gazetteer columns, in order.
    may_leave : iterable of str
        Feature types that may lie outside Iraq (rivers, roads …).
    retrieved : str, optional
        Download date, written into ``source``.
    exclude_ids : iterable of str, optional
        Gazetteer ids to leave out ("already in the gazetteer").

    Returns
    -------
    (pandas.DataFrame, dict)
        The rows (ids ``gn-<geonameid>``) and the report: ``source``, ``lines``,
        ``converted``, ``skipped`` (reason → count), ``skipped_lines`` (reason →
        first 20 line numbers).

    Raises
    ------
    hotspot.errors.DatasetError
        If the file is not a readable dump.
    """
    lines = _dump_lines(path)
    codes = feature_codes()
    admin1 = _admin1()
    excluded = set(exclude_ids)
    skipped: dict[str, list[int]] = {}
    kept: list[dict[str, Any]] = []
    kept_lines: list[int] = []

    def skip(reason: str, number: int) -> None:
        skipped.setdefault(reason, []).append(number)

    origin = f"{path.name}" + (f" downloaded {retrieved}" if retrieved else "")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            skip("empty line", number)
            continue
        fields = line.split("\t")
        if len(fields) != len(GEONAMES_COLUMNS):
            skip(f"malformed: not {len(GEONAMES_COLUMNS)} tab-separated fields", number)
            continue
        row = dict(zip(GEONAMES_COLUMNS, fields, strict=True))
        code = f"{row['feature_class']}.{row['feature_code']}"
        if code not in codes:
            skip(f"feature code {code} not mapped", number)
            continue
        feature_type, precision, meaning = codes[code]
        if not feature_type:
            skip(f"{code} ({meaning})", number)
            continue
        name = row["name"].strip()
        if not name or not row["geonameid"].strip().isdigit():
            skip("no name or no geonameid", number)
            continue
        if f"gn-{row['geonameid'].strip()}" in excluded:
            skip("already in the gazetteer (same geonameid)", number)
            continue
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            skip("latitude/longitude not numbers", number)
            continue
        aliases: list[str] = []
        for alias in [row["asciiname"], *row["alternatenames"].split(",")]:
            alias = alias.strip()
            if (
                alias
                and alias != name
                and "|" not in alias
                and not _CODE_ALIAS.match(alias)
                and alias not in aliases
            ):
                aliases.append(alias)
        kept.append(
            {
                "id": f"gn-{row['geonameid'].strip()}",
                "name": name,
                "feature_type": feature_type,
                "lat": lat,
                "lon": lon,
                "governorate": admin1.get(row["admin1_code"].strip(), ""),
                "district": "",
                "aliases": "|".join(aliases),
                "source": f"GeoNames {row['geonameid'].strip()} (CC BY 4.0), {origin}",
                "precision_km": precision,
            }
        )
        kept_lines.append(number)
    table = pd.DataFrame(kept, columns=list(columns))
    if len(table):
        lat = table["lat"].to_numpy(dtype=float)
        lon = table["lon"].to_numpy(dtype=float)
        inside = shapely.contains_xy(country_outline(), lon, lat)
        leaving = table["feature_type"].isin(list(may_leave)).to_numpy()
        in_range = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        keep = in_range & (inside | leaving)
        for i in np.flatnonzero(~keep):
            skip("outside Iraq" if in_range[i] else "coordinates out of range", kept_lines[i])
        table = table[keep].reset_index(drop=True)
    report = {
        "source": str(path),
        "lines": len(lines),
        "converted": len(table),
        "skipped": {reason: len(numbers) for reason, numbers in sorted(skipped.items())},
        "skipped_lines": {reason: numbers[:20] for reason, numbers in sorted(skipped.items())},
    }
    return table, report


def dataset_attrs(path: Path, retrieved: str | None) -> dict[str, Any]:
    """Return the ``attrs["dataset"]`` of rows read from a dump (source, licence, date)."""
    meta = json.loads(data_path("downloads.json").read_text(encoding="utf-8"))["geonames"]
    return {
        "name": meta["dataset"],
        "version": f"dump of {retrieved}" if retrieved else None,
        "licence": meta["licence"],
        "citation": meta["citation"],
        "path": str(path),
        "retrieved": retrieved,
        "synthetic": False,
    }


def cached_dump() -> tuple[Path, dict[str, Any]] | None:
    """Return the cached dump and the record of its download, or None if there is none."""
    folder = cache_dir("geonames")
    path = folder / DUMP_NAME
    if not path.is_file():
        return None
    record_path = folder / f"{DUMP_NAME}.json"
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.is_file() else {}
    return path, record
