"""Offline reference layers for maps: boundaries, towns, rivers, lakes, dams, neighbours.

Everything a briefing map needs for context, from files bundled with hotspot (no
network): governorate and district boundaries (OCHA COD-AB, :mod:`hotspot._admin`),
major towns with a de-cluttering rank (the gazetteer, GeoNames populations), rivers
and lakes (Natural Earth 1:10m; the Zabs, the Diyala and Lakes Dukan and Darbandikhan
from GSHHG, LGPL-3.0-or-later), the major dams and barrages (gazetteer points; the
Mosul, Haditha and Hamrin reservoirs have no open outline, so their dams stand for
them) and Iraq's neighbours with a label point each (Natural Earth 1:10m Admin 0).
``scripts/build_reference.py`` builds the towns, rivers, lakes, dams and neighbours;
``boundaries/README.md`` says how and what is missing.

Examples
--------
>>> layers = load_reference_layers()
>>> sorted(layers.neighbours["name"])
['Iran', 'Jordan', 'Kuwait', 'Saudi Arabia', 'Syria', 'Turkey']
>>> layers.rivers.set_index("name").loc[["Tigris", "Great Zab"], "licence"].tolist()
['public domain', 'LGPL-3.0-or-later']
>>> layers.dams.set_index("name").loc["Mosul Dam", ["reservoir", "drawn"]].tolist()
['Mosul Lake', False]
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass, fields

import geopandas as gpd

from hotspot._admin import load_admin, read_bundled_layer
from hotspot._admin_names import display_names

__all__ = ["ReferenceLayers", "load_reference_layers", "shared_reference_layers"]


@dataclass(frozen=True)
class ReferenceLayers:
    """The reference layers of a map, each a GeoDataFrame in EPSG:4326.

    Every layer has a ``name`` column (the label) and ``attrs["dataset"]``
    (name, version, licence, citation, path of its source), with the
    shortcuts ``attrs["source"]`` (the citation) and ``attrs["licence"]``.

    Attributes
    ----------
    governorates, districts : geopandas.GeoDataFrame
        Polygons with ``name``, ``name_ar`` and ``pcode`` (districts also
        ``governorate``), from :func:`hotspot.boundaries.load_admin`.
    towns : geopandas.GeoDataFrame
        Points with ``order`` (1 = label first), ``rank`` (1 governorate seat,
        2 district seat, 3 other town of 10,000 people or more), ``name``,
        ``id`` (gazetteer id), ``governorate`` and ``population`` (GeoNames;
        missing where unknown).
    rivers : geopandas.GeoDataFrame
        One (Multi)LineString per river with ``name``, ``name_ar``, ``name_ku``,
        ``name_alt``, ``name_ne`` (Natural Earth's names, pipe-separated),
        ``scalerank`` (lower = more important), ``source`` and ``licence``.
    lakes : geopandas.GeoDataFrame
        Lake and reservoir polygons with ``name``, ``name_ar``, ``name_ku``,
        ``name_ne``, ``featurecla``, ``scalerank``, ``source`` and ``licence``.
    dams : geopandas.GeoDataFrame
        Points of the major dams and barrages with ``name``, ``name_ar`` (None
        where the gazetteer has no Arabic name), ``id`` (gazetteer id), ``rank``
        (1 storage dam of a reservoir of about 1 km³ or more, 2 barrage across
        the Tigris or Euphrates, 3 other completed work; labelling order),
        ``reservoir`` (its lake's name, or None), ``drawn`` (whether ``lakes``
        has the reservoir; None without one), ``source`` and ``precision_km``
        (the gazetteer's). Unfinished sites (Bekhme, Badush, Makhoul) are left out.
    neighbours : geopandas.GeoDataFrame
        One label point per neighbouring country, inside it and near Iraq, with
        ``name``, ``name_ar`` and ``iso3``.
    """

    governorates: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    towns: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    lakes: gpd.GeoDataFrame
    dams: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame

    def __iter__(self) -> Iterator[tuple[str, gpd.GeoDataFrame]]:
        """Yield ``(name, layer)`` pairs, boundaries first, labels last."""
        for field in fields(self):
            yield field.name, getattr(self, field.name)


def _with_source(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    dataset = frame.attrs["dataset"]
    frame.attrs["source"] = dataset.get("citation") or dataset.get("name")
    frame.attrs["licence"] = dataset.get("licence")
    return frame


def _admin(level: int) -> gpd.GeoDataFrame:
    units = load_admin(level)
    columns = {f"adm{level}_en": "name", f"adm{level}_ar": "name_ar", f"adm{level}_pcode": "pcode"}
    if level == 2:
        columns["adm1_en"] = "governorate"
    out = units[[*columns, "geometry"]].rename(columns=columns)
    out.insert(1, "name_ocha", out["name"])  # the official spelling; labels use the common one
    out["name"] = display_names(out["name"], level="governorate" if level == 1 else "district")
    if "governorate" in out.columns:
        out["governorate"] = display_names(out["governorate"], level="governorate")
    out.attrs = copy.deepcopy(units.attrs)
    return out


@functools.cache
def shared_reference_layers() -> ReferenceLayers:
    """Return the bundled reference layers as read once per process: shared, not copies.

    For code that only reads them (the maps draw them on every map);
    :func:`load_reference_layers` returns copies for anyone who may change them.

    Returns
    -------
    ReferenceLayers
        The same object on every call: do not modify its frames.

    Examples
    --------
    >>> shared_reference_layers() is shared_reference_layers()
    True
    """
    towns = read_bundled_layer("reference_towns")
    towns["population"] = towns["population"].astype("Int64")
    return ReferenceLayers(
        governorates=_with_source(_admin(1)),
        districts=_with_source(_admin(2)),
        towns=_with_source(towns),
        rivers=_with_source(read_bundled_layer("reference_rivers")),
        lakes=_with_source(read_bundled_layer("reference_lakes")),
        dams=_with_source(read_bundled_layer("reference_dams")),
        neighbours=_with_source(read_bundled_layer("reference_neighbours")),
    )


def load_reference_layers() -> ReferenceLayers:
    """Return the bundled reference layers for maps (offline, EPSG:4326).

    Returns
    -------
    ReferenceLayers
        ``governorates``, ``districts``, ``towns``, ``rivers``, ``lakes``,
        ``dams`` and ``neighbours``, each a new GeoDataFrame copy with a ``name`` column and
        ``attrs["source"]`` / ``attrs["licence"]`` (see :class:`ReferenceLayers`).

    Notes
    -----
    Rivers and lakes are Natural Earth 1:10m (public domain): the Tigris,
    Euphrates, Shatt al-Arab and their canals, Lakes Tharthar, Habbaniyah,
    Razazah and Hammar (and neighbours' within a degree of Iraq); the Great
    and Lesser Zab, the Diyala and Lakes Dukan and Darbandikhan are GSHHG 2.3.6
    (LGPL-3.0-or-later): each feature has its ``source`` and ``licence``. No
    open source has the Mosul, Hamrin or Haditha reservoirs: they are not drawn,
    and ``dams`` (points from the gazetteer) shows their dams instead.

    Examples
    --------
    >>> towns = load_reference_layers().towns
    >>> towns.loc[towns["rank"] == 1, "name"].head(3).tolist()
    ['Baghdad', 'Mosul', 'Erbil']
    """
    layers = shared_reference_layers()
    copies = {}
    for name, frame in layers:
        out = frame.copy()
        out.attrs = copy.deepcopy(frame.attrs)
        copies[name] = out
    return ReferenceLayers(**copies)
