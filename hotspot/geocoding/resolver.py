"""Resolve Iraqi place names to gazetteer places, one at a time or as a column.

A :class:`Geocoder` indexes a gazetteer once (names and aliases under three
keys, see :mod:`hotspot._normalize` and :mod:`hotspot.geocoding._index`) and
resolves a name in tiers:

1. **exact**: the core key (folded, no article, no generic word) equals an
   alias's core key; score 100.
2. **skeleton**: the phonetic skeletons agree (``Kerkuk`` / ``Kirkuk``,
   ``Zghetoon`` / ``Zghaitun``), both names end alike in a vowel or a consonant,
   and the phonetic forms with vowel classes are still similar (``fuzz.ratio``
   ≥ 80); score 80 + 0.19 × ratio (95-99).
3. **fuzzy**: ``rapidfuzz.fuzz.ratio`` between core keys, over aliases that
   share the first or the last letter (blocking); accepted at or above
   ``threshold`` (default :data:`FUZZY_THRESHOLD`), else the name is
   ``"unresolved"`` rather than guessed.

A generic word in the query (``Wadi``, ``district``, ``Lake`` …) is a feature-type
hint: places of another type lose 10 points, unless the query is one of their
names as written (``"Jisr Diyala"``, the town, keeps its full score; the hint
then only breaks a tie, so ``"Diyala Bridge"`` is the bridge).

Ambiguity rules, in order (:func:`decide`):

* a place whose alias matches the query as written (generic words included)
  beats one matched only through its core key (``"Diyala"`` → the governorate,
  not ``"Diyala River"``);
* the **nested default**: when the best places are one settlement, sub-district,
  district and/or governorate of the same name nested in one another (Kirkuk
  city, Kirkuk district, Kirkuk governorate), the most specific one wins and the
  others stay as alternatives; ``"Kirkuk province"`` picks the governorate
  through its hint;
* the **admin default**: without a hint, a settlement or admin unit beats the
  dams, lakes, rivers and other features named after it (``"Fallujah"`` is the
  town, not the Fallujah barrage);
* otherwise ``within=`` (a governorate or district) and then ``near=`` (a
  ``(lat, lon)`` pair or a place name; the nearest by great-circle distance)
  decide; without them the status is ``"ambiguous"`` and every candidate is
  listed, but no place is chosen.

Every place carries ``disputed``: the disputed territory (Article 140) it lies in
or ``""`` (see :func:`hotspot._territory.disputed_territory`).

The ``gazetteer=`` rule
-----------------------
Every function that takes ``gazetteer=`` (:func:`resolve`, :func:`geocode`,
:func:`~hotspot.geocoding.extract.extract_places`, :class:`Geocoder` itself)
accepts the same four things (:data:`GazetteerLike`): None for the bundled
gazetteer, a DataFrame in the gazetteer schema, the path of a gazetteer CSV, or
a :class:`Geocoder`. A DataFrame or a path is validated and indexed on every
call (about 0.1 s); build a :class:`Geocoder` once for repeated calls.
:func:`as_geocoder` and :func:`as_gazetteer` apply the rule; other modules that
take ``gazetteer=`` use them.

Examples
--------
>>> r = resolve("Kerkûk")
>>> r.status, r.place.name, r.place.feature_type
('resolved', 'Kirkuk', 'settlement')
>>> resolve("Kirkuk province").place.feature_type
'governorate'
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from os import PathLike
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from hotspot._geo import haversine_m
from hotspot._normalize import NameKey, name_keys, strip_html
from hotspot._territory import disputed_territory
from hotspot.errors import PlaceNotFoundError
from hotspot.gazetteer import load_gazetteer, validate_gazetteer
from hotspot.geocoding._index import Hit, NameIndex, admin_key
from hotspot.geocoding.batch import (
    GEOCODE_COLUMNS,
    as_values,
    factorize,
    is_missing,
    rows_frame,
)

__all__ = [
    "FUZZY_THRESHOLD",
    "STATUSES",
    "Candidate",
    "GazetteerLike",
    "Geocoder",
    "Place",
    "Resolution",
    "as_gazetteer",
    "as_geocoder",
    "decide",
    "default_geocoder",
    "geocode",
    "resolve",
    "within_keys",
]

#: Minimum ``rapidfuzz.fuzz.ratio`` (0-100) between core keys for a fuzzy match.
#: At 85 one wrong, missing or extra letter in a name of 7+ letters still
#: matches (``Muqdadiyya``, ``Khanaqn``), while different short names
#: (``Hit`` / ``Hib``, ``Tuz`` / ``Tel``) do not.
FUZZY_THRESHOLD: float = 85.0
#: The statuses of a resolution.
STATUSES: tuple[str, ...] = ("resolved", "ambiguous", "unresolved", "invalid")

#: Fuzzy candidates within this many points of the best are ambiguous with it.
_AMBIGUITY_MARGIN: float = 2.0
#: Longer inputs are not place names: status ``"invalid"``.
_MAX_NAME_LENGTH: int = 200
_MAX_CANDIDATES = 10
_ADMIN_SPECIFICITY = {"settlement": 0, "subdistrict": 1, "district": 2, "governorate": 3}
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Place:
    """A gazetteer place: position in EPSG:4326 degrees and its admin units."""

    id: str
    name: str
    feature_type: str
    lat: float
    lon: float
    governorate: str
    district: str
    disputed: str


@dataclass(frozen=True)
class Candidate:
    """A place considered for a name, with its match score (0-100)."""

    id: str
    name: str
    feature_type: str
    governorate: str
    district: str
    score: float


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name.

    ``place`` is the chosen place (None unless ``status == "resolved"``);
    ``candidates`` lists every place considered, best first (the chosen one
    included); ``method`` says which tier matched (``exact``, ``skeleton``,
    ``fuzzy``) or is ``""``; ``note`` explains invalid input or how an
    ambiguity was settled.
    """

    query: object
    status: str
    place: Place | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    method: str = ""
    note: str = ""

    @property
    def alternatives(self) -> tuple[Candidate, ...]:
        """Candidates other than the chosen place."""
        chosen = self.place.id if self.place else None
        return tuple(c for c in self.candidates if c.id != chosen)

    def to_dict(self) -> dict[str, object]:
        """Return the resolution as a flat dict (one :func:`geocode` row, lat/lon added)."""
        p = self.place
        return {
            "query": self.query,
            "status": self.status,
            "id": p.id if p else "",
            "name": p.name if p else "",
            "feature_type": p.feature_type if p else "",
            "governorate": p.governorate if p else "",
            "district": p.district if p else "",
            "disputed": p.disputed if p else "",
            "score": self.score,
            "candidates": ";".join(c.id for c in self.candidates),
            "lat": p.lat if p else math.nan,
            "lon": p.lon if p else math.nan,
        }

    def _repr_html_(self) -> str:
        """Show the query, the outcome and the candidates as a small table (Jupyter)."""
        head = f"<b>{escape(str(self.query))}</b> → {escape(self.status)}"
        if self.place is not None:
            p = self.place
            head += (
                f": {escape(p.name)} ({escape(p.feature_type)}; {escape(p.governorate)}"
                f"{' / ' + escape(p.district) if p.district else ''}"
                f"{'; disputed: ' + escape(p.disputed) if p.disputed else ''}), "
                f"{p.lat:.5f}, {p.lon:.5f}, score {self.score:.0f} ({escape(self.method)})"
            )
        if self.note:
            head += f"<br><i>{escape(self.note)}</i>"
        rows = "".join(
            f"<tr><td>{escape(c.id)}</td><td>{escape(c.name)}</td><td>{escape(c.feature_type)}"
            f"</td><td>{escape(c.governorate)}</td><td>{c.score:.0f}</td></tr>"
            for c in self.candidates
        )
        table = (
            "<table><tr><th>id</th><th>name</th><th>type</th><th>governorate</th>"
            f"<th>score</th></tr>{rows}</table>"
            if rows
            else ""
        )
        return f"<div>{head}{table}</div>"


# ---------------------------------------------------------------------- options


def _check_threshold(threshold: object) -> float:
    """Return ``threshold`` as a float, or raise if it is not a score in 0-100."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
        raise TypeError(
            f"threshold must be a number, a score in 0-100 (e.g. 85), got "
            f"{type(threshold).__name__} {threshold!r}"
        )
    value = float(threshold)
    if not 0 <= value <= 100 or 0 < value <= 1:
        hint = f" (a score, not a fraction: {value * 100:g})" if 0 < value <= 1 else ""
        raise ValueError(f"threshold={threshold!r} must be a score in 0-100, e.g. 85{hint}")
    return value


def _check_progress(progress: object) -> bool:
    """Return ``progress`` as a bool, or raise if it is not True or False."""
    if not isinstance(progress, (bool, np.bool_)):
        raise TypeError(
            f"progress must be True or False (show a progress bar or not), got "
            f"{type(progress).__name__} {progress!r}"
        )
    return bool(progress)


def within_keys(index: NameIndex, within: str | None) -> frozenset[str] | None:
    """Return the admin keys a ``within=`` hint names (any spelling), or None for no hint.

    Parameters
    ----------
    index : NameIndex
        The index whose governorates and districts may be named.
    within : str or None
        A governorate or district name, an alias of one (``Saladin``), or None.

    Returns
    -------
    frozenset of str or None
        Keys comparable with :func:`~hotspot.geocoding._index.admin_key`.

    Raises
    ------
    TypeError
        If ``within`` is not a string.
    ValueError
        If ``within`` is empty.
    PlaceNotFoundError
        If ``within`` names no governorate or district of the gazetteer.
    """
    if within is None:
        return None
    if not isinstance(within, str):
        raise TypeError(
            f"within must be a governorate or district name (str), got "
            f"{type(within).__name__} {within!r}"
        )
    if not within.strip():
        raise ValueError(
            f"within={within!r} is empty; give a governorate or district name "
            "(e.g. 'Kirkuk'), or None"
        )
    keys = name_keys(within)
    accepted = {keys.core} if keys.core in index.admin_keys else set()
    # aliases of admin places (Saladin -> Salahaddin, At-Ta'mim -> Kirkuk)
    hits = index.exact_or_skeleton(keys) or {}
    for i in hits:
        if index.types[i] in ("governorate", "district"):
            accepted.add(admin_key(index.names[i]))
    if not accepted:
        raise PlaceNotFoundError(
            f"within={within!r} names no governorate or district in the gazetteer; "
            "give a governorate (e.g. 'Kirkuk') or district name"
        )
    return frozenset(accepted)


def _near_point(index: NameIndex, near: object) -> tuple[float, float] | None:
    if near is None:
        return None
    if isinstance(near, str):
        res = _resolve_many(index, [near], within=None, near=None, threshold=FUZZY_THRESHOLD)[0]
        if res.place is None:
            raise PlaceNotFoundError(
                f"near={near!r} does not resolve to one place ({res.status}); "
                "give a (lat, lon) pair or a resolvable place name"
            )
        return res.place.lat, res.place.lon
    try:
        lat, lon = (float(v) for v in near)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise TypeError(
            f"near must be a (lat, lon) pair of numbers or a place name, got {near!r}"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"near=({lat}, {lon}) is not a (lat, lon) pair in degrees")
    return lat, lon


# ---------------------------------------------------------------------- decisions


def _place(index: NameIndex, i: int) -> Place:
    return Place(
        id=index.ids[i],
        name=index.names[i],
        feature_type=index.types[i],
        lat=float(index.lat[i]),
        lon=float(index.lon[i]),
        governorate=index.governorates[i],
        district=index.districts[i],
        disputed=index.disputed[i],
    )


def _candidate(index: NameIndex, hit: Hit) -> Candidate:
    i = hit.place
    return Candidate(
        index.ids[i],
        index.names[i],
        index.types[i],
        index.governorates[i],
        index.districts[i],
        round(hit.score, 1),
    )


def _nested(index: NameIndex, places: list[int], hint: str | None = None) -> int | None:
    """Pick one of ``places`` if they are same-named nested admin units.

    The most specific one, or, when the query's generic word names an admin level
    none of them has ("Amerli district" for the sub-district), the nearest level.
    """
    types = [index.types[i] for i in places]
    if any(t not in _ADMIN_SPECIFICITY for t in types) or len(set(types)) != len(types):
        return None
    govs = {index.governorate_keys[i] for i in places}
    if len(govs) != 1:
        return None
    level = _ADMIN_SPECIFICITY.get(hint or "", 0)
    ordered = sorted(
        places,
        key=lambda i: (
            abs(_ADMIN_SPECIFICITY[index.types[i]] - level),
            _ADMIN_SPECIFICITY[index.types[i]],
        ),
    )
    best = ordered[0]
    for i in ordered[1:]:
        if (
            index.types[i] == "district"
            and index.types[best] != "district"
            and index.district_keys[best]
            and index.district_keys[best] != index.district_keys[i]
        ):
            return None
    return best


def decide(
    index: NameIndex,
    query: object,
    keys: NameKey,
    hits: dict[int, Hit],
    *,
    threshold: float,
    within: frozenset[str] | None = None,
    near: tuple[float, float] | None = None,
) -> Resolution:
    """Choose among the hits of a name by the ambiguity rules (module docstring).

    Parameters
    ----------
    index : NameIndex
        The index the hits come from.
    query : object
        The name as given (kept in the Resolution).
    keys : NameKey
        The name's keys; its hint takes part in the nested default.
    hits : dict
        Place → :class:`~hotspot.geocoding._index.Hit`.
    threshold : float
        Minimum score of a fuzzy hit.
    within : frozenset of str, optional
        Admin keys from :func:`within_keys` that settle a tie.
    near : (float, float), optional
        ``(lat, lon)`` in degrees; the nearest tied place wins.

    Returns
    -------
    Resolution
        ``"resolved"``, ``"ambiguous"`` or ``"unresolved"``.
    """
    ranked = sorted(
        (h for h in hits.values() if h.method != "fuzzy" or h.score >= threshold),
        key=lambda h: (-h.score, not h.full, not h.fits, not h.bare, index.ids[h.place]),
    )
    if not ranked:
        return Resolution(query, "unresolved")
    candidates = tuple(_candidate(index, h) for h in ranked[:_MAX_CANDIDATES])
    top = ranked[0]
    margin = _AMBIGUITY_MARGIN if top.method == "fuzzy" else 0.0
    tied = [
        h.place
        for h in ranked
        if h.score >= top.score - margin
        and ((h.full, h.fits, h.bare) == (top.full, top.fits, top.bare) or margin)
    ]
    note = ""
    chosen: int | None = None
    if len(tied) == 1:
        chosen = tied[0]
    else:
        chosen = _nested(index, tied, keys.hint)
        if chosen is not None:
            note = "nested default: most specific of same-named admin units"
        elif keys.hint is None or keys.hint == "region" or keys.hint in _ADMIN_SPECIFICITY:
            # "Fallujah" is the town, not the barrage or the lake named after it
            admin = [i for i in tied if index.types[i] in _ADMIN_SPECIFICITY]
            if admin and len(admin) < len(tied):
                chosen = admin[0] if len(admin) == 1 else _nested(index, admin, keys.hint)
                if chosen is not None:
                    note = "admin default: the place itself, not a feature named after it"
    if chosen is None and within:
        inside = [
            i
            for i in tied
            if index.governorate_keys[i] in within or index.district_keys[i] in within
        ]
        if len(inside) == 1:
            chosen, note = inside[0], "decided by within="
        elif inside:
            tied = inside
            chosen = _nested(index, tied, keys.hint)
    if chosen is None and near is not None:
        idx = np.array(tied)
        dist = haversine_m(near[0], near[1], index.lat[idx], index.lon[idx])
        chosen, note = int(idx[int(np.argmin(dist))]), "decided by near="
    if chosen is None:
        return Resolution(query, "ambiguous", None, top.score, candidates, top.method, note)
    hit = hits[chosen]
    others = tuple(c for c in candidates if c.id != index.ids[chosen])
    candidates = (_candidate(index, hit), *others[: _MAX_CANDIDATES - 1])
    return Resolution(
        query,
        "resolved",
        _place(index, chosen),
        round(hit.score, 1),
        candidates,
        hit.method,
        note,
    )


def _clean(value: object) -> tuple[NameKey | None, str]:
    """Keys of a raw value, or None and the reason it is invalid."""
    if not isinstance(value, str):
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return None, f"not a string: got {type(value).__name__} {shown}"
    if len(value) > _MAX_NAME_LENGTH:
        return None, f"longer than {_MAX_NAME_LENGTH} characters"
    text = strip_html(value).strip()
    if not _HAS_LETTER.search(text):
        return None, "no letters"
    keys = name_keys(text)
    if not keys.core:
        return None, "no name left after normalisation"
    return keys, ""


def _resolve_many(
    index: NameIndex,
    values: Sequence[object],
    *,
    within: str | None,
    near: object,
    threshold: object,
    progress: bool = False,
) -> list[Resolution]:
    """Resolve distinct values: exact and skeleton one by one, the rest fuzzily in one pass."""
    cutoff = _check_threshold(threshold)
    within_set = within_keys(index, within)
    near_point = _near_point(index, near)
    out: list[Resolution | None] = [None] * len(values)
    pending: list[tuple[int, NameKey]] = []
    for n, value in enumerate(tqdm(values, disable=not progress, desc="geocoding")):
        keys, why = _clean(value)
        if keys is None:
            out[n] = Resolution(value, "invalid", note=why)
            continue
        hits = index.exact_or_skeleton(keys)
        if hits is None:
            pending.append((n, keys))
        else:
            out[n] = decide(
                index, value, keys, hits, threshold=cutoff, within=within_set, near=near_point
            )
    if pending:
        fuzzy = index.fuzzy([k.core for _, k in pending], cutoff)
        for (n, keys), cores in zip(pending, fuzzy, strict=True):
            hits = index.hits_for(keys, cores, "fuzzy") if cores else {}
            out[n] = decide(
                index, values[n], keys, hits, threshold=cutoff, within=within_set, near=near_point
            )
    return out  # type: ignore[return-value]


# ---------------------------------------------------------------------- the geocoder

#: What ``gazetteer=`` accepts everywhere: None (the bundled gazetteer), a
#: DataFrame in the gazetteer schema, the path of a gazetteer CSV, or a Geocoder.
GazetteerLike: TypeAlias = "pd.DataFrame | str | PathLike[str] | Geocoder | None"


class Geocoder:
    """An immutable name index over a gazetteer.

    Building one validates and indexes the table (about 0.1 s for the bundled
    gazetteer), so build it once per table and pass it as ``gazetteer=`` to
    :func:`resolve`, :func:`geocode` and
    :func:`~hotspot.geocoding.extract.extract_places` rather than passing the
    table on every call.

    Parameters
    ----------
    gazetteer : DataFrame, path, Geocoder or None, optional
        A table in the gazetteer schema (:data:`hotspot.gazetteer.COLUMNS`),
        e.g. from :func:`~hotspot.gazetteer.load_gazetteer` with ``extra=``;
        the path of such a CSV; or a Geocoder (its table is reused). Default:
        the bundled gazetteer.

    Attributes
    ----------
    index : NameIndex
        The name tables (:mod:`hotspot.geocoding._index`); read only. Part of
        the package-internal interface used by :mod:`hotspot.geocoding.extract`.

    Raises
    ------
    GazetteerError
        If the table breaks the schema.
    TypeError
        If ``gazetteer`` is none of the accepted types.

    Examples
    --------
    >>> import pandas as pd
    >>> gaz = pd.DataFrame([{"id": "set-tuz", "name": "Tuz Khurmatu",
    ...     "feature_type": "settlement", "lat": 34.88, "lon": 44.63,
    ...     "governorate": "Salahaddin", "district": "Tuz Khurmatu",
    ...     "aliases": "Tuz|Tooz", "source": "example", "precision_km": 2}])
    >>> geocoder = Geocoder(gaz)
    >>> geocoder.resolve("Ţūz Khūrmātū").place.disputed
    'Tuz Khurmatu'
    >>> geocoder.resolve("Tooz Khurmato").method
    'skeleton'
    """

    def __init__(self, gazetteer: GazetteerLike = None) -> None:
        if isinstance(gazetteer, Geocoder):
            self._table: pd.DataFrame = gazetteer._table
            self.index: NameIndex = gazetteer.index
            return
        table = as_gazetteer(gazetteer).reset_index(drop=True)
        self._table = table
        self.index = NameIndex(table, disputed_territory(table))

    @property
    def gazetteer(self) -> pd.DataFrame:
        """The validated gazetteer table this geocoder indexes (a copy)."""
        return self._table.copy()

    def __len__(self) -> int:
        return len(self.index)

    def __repr__(self) -> str:
        return f"<Geocoder: {len(self.index)} places, {len(self.index.by_core)} name keys>"

    def resolve(
        self,
        name: object,
        *,
        within: str | None = None,
        near: tuple[float, float] | str | None = None,
        threshold: float = FUZZY_THRESHOLD,
    ) -> Resolution:
        """Resolve one name; see :func:`resolve`."""
        return _resolve_many(self.index, [name], within=within, near=near, threshold=threshold)[0]

    def geocode(
        self,
        names: Iterable[object],
        *,
        within: str | None = None,
        near: tuple[float, float] | str | None = None,
        threshold: float = FUZZY_THRESHOLD,
        progress: bool = False,
    ) -> gpd.GeoDataFrame:
        """Resolve many names; see :func:`geocode`."""
        show = _check_progress(progress)
        index, values = as_values(names)
        codes, uniques = factorize(values)
        results = _resolve_many(
            self.index, uniques, within=within, near=near, threshold=threshold, progress=show
        )
        results.append(Resolution(None, "invalid", note="missing value"))
        codes = np.where(codes < 0, len(uniques), codes)
        queries = np.empty(len(values), dtype=object)
        queries[:] = [
            v if isinstance(v, str) or v is None else (None if is_missing(v) else str(v))
            for v in values
        ]
        return rows_frame(
            [r.to_dict() for r in results],
            codes,
            GEOCODE_COLUMNS[1:],
            leading={"query": queries},
            index=index,
        )


@functools.cache
def default_geocoder() -> Geocoder:
    """Return the cached :class:`Geocoder` over the bundled gazetteer.

    Returns
    -------
    Geocoder
        Built on first use, then reused.

    Examples
    --------
    >>> default_geocoder() is default_geocoder()
    True
    """
    return Geocoder()


def as_gazetteer(gazetteer: GazetteerLike = None) -> pd.DataFrame:
    """Return the gazetteer table a ``gazetteer=`` argument stands for (the one rule).

    Parameters
    ----------
    gazetteer : DataFrame, path, Geocoder or None
        None: the bundled gazetteer; a DataFrame: validated; a path: a gazetteer
        CSV, read and validated; a Geocoder: the table it indexes.

    Returns
    -------
    pandas.DataFrame
        A validated table in the gazetteer schema (a new object; the caller may change it).

    Raises
    ------
    GazetteerError
        If the table breaks the schema (the message names the file).
    FileNotFoundError
        If a path does not exist.
    TypeError
        If ``gazetteer`` is none of the accepted types.

    Examples
    --------
    >>> len(as_gazetteer(default_geocoder())) == len(as_gazetteer(None))
    True
    """
    if gazetteer is None:
        return load_gazetteer()
    if isinstance(gazetteer, Geocoder):
        return gazetteer.gazetteer
    if isinstance(gazetteer, pd.DataFrame):
        return validate_gazetteer(gazetteer, source="gazetteer argument")
    if isinstance(gazetteer, (str, PathLike)):
        return load_gazetteer(gazetteer)
    raise TypeError(
        "gazetteer must be None (the bundled gazetteer), a DataFrame in the gazetteer "
        f"schema, the path of a gazetteer CSV, or a Geocoder; got {type(gazetteer).__name__}"
    )


def as_geocoder(gazetteer: GazetteerLike = None) -> Geocoder:
    """Return the :class:`Geocoder` a ``gazetteer=`` argument stands for (the one rule).

    Parameters
    ----------
    gazetteer : DataFrame, path, Geocoder or None
        As for :func:`as_gazetteer`; a Geocoder is returned as is, None gives
        the cached :func:`default_geocoder`.

    Returns
    -------
    Geocoder

    Raises
    ------
    GazetteerError, FileNotFoundError, TypeError
        As :func:`as_gazetteer`.

    Examples
    --------
    >>> as_geocoder(None) is default_geocoder()
    True
    """
    if gazetteer is None:
        return default_geocoder()
    if isinstance(gazetteer, Geocoder):
        return gazetteer
    return Geocoder(gazetteer)


def resolve(
    name: object,
    *,
    within: str | None = None,
    near: tuple[float, float] | str | None = None,
    gazetteer: GazetteerLike = None,
    threshold: float = FUZZY_THRESHOLD,
) -> Resolution:
    """Resolve one place name to a gazetteer place.

    Parameters
    ----------
    name : str
        A place name in any spelling; generic words (``"Wadi"``,
        ``"district"``) act as feature-type hints. Anything else (None, a
        number, an empty or over-long string) gives status ``"invalid"``.
    within : str, optional
        A governorate or district (any spelling) that settles an ambiguity.
    near : (float, float) or str, optional
        A ``(lat, lon)`` pair in degrees or a place name; among ambiguous
        candidates the nearest (great-circle) wins.
    gazetteer : DataFrame, path, Geocoder or None, optional
        The gazetteer to search (the ``gazetteer=`` rule, see the module
        docstring); default the bundled one. A DataFrame or path is validated
        and indexed again on every call (about 0.1 s); for repeated calls
        build ``Geocoder(table)`` once and pass the :class:`Geocoder`.
    threshold : float, default FUZZY_THRESHOLD
        Minimum fuzzy score to accept a misspelt name, on the 0-100 scale
        (``85``, not ``0.85``).

    Returns
    -------
    Resolution
        ``status`` one of :data:`STATUSES`, the chosen ``place`` (resolved
        only), ``score`` and all ``candidates``.

    Raises
    ------
    PlaceNotFoundError
        If ``within`` names no governorate or district, or ``near`` is a name
        that does not resolve.
    TypeError
        If ``within``, ``near``, ``threshold`` or ``gazetteer`` has the wrong type.
    ValueError
        If ``threshold`` is not a score in 0-100 (a fraction such as 0.85 is
        refused), ``within`` is empty or ``near`` is out of range.

    Examples
    --------
    >>> resolve("Kirkuk").place.feature_type
    'settlement'
    >>> sorted({c.feature_type for c in resolve("Kirkuk").alternatives})
    ['district', 'governorate']
    >>> resolve("Kirkuk district").place.feature_type
    'district'
    >>> resolve("").status, resolve(None).status
    ('invalid', 'invalid')
    """
    return as_geocoder(gazetteer).resolve(name, within=within, near=near, threshold=threshold)


def geocode(
    names: Iterable[object],
    *,
    within: str | None = None,
    near: tuple[float, float] | str | None = None,
    gazetteer: GazetteerLike = None,
    threshold: float = FUZZY_THRESHOLD,
    progress: bool = False,
) -> gpd.GeoDataFrame:
    """Geocode many place names into points (EPSG:4326), one row per name.

    Each distinct name is resolved once; rows keep the input's index and
    order, and nothing is dropped: unresolved, ambiguous and invalid names
    (None, numbers, lists …) keep their row with an empty ``Point()``
    geometry, a ``status`` and no place.

    Parameters
    ----------
    names : list, tuple, numpy.ndarray or pandas.Series
        The names; a Series keeps its index (e.g. a DataFrame column).
    within, near, gazetteer, threshold
        As for :func:`resolve`, applied to every name.
    progress : bool, default False
        Show a tqdm progress bar over the distinct names.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`~hotspot.geocoding.batch.GEOCODE_COLUMNS` and
        ``geometry`` (a Point, empty for a miss), CRS EPSG:4326, same index as
        ``names``. ``candidates`` holds the candidate ids joined by ``";"``;
        ``disputed`` the territory or ``""``.

    Raises
    ------
    TypeError
        If ``names`` is a single string, a dict, a set or a DataFrame, or
        ``progress`` is not a bool.
    ValueError
        If ``threshold`` or ``within`` is out of range (see :func:`resolve`).

    Examples
    --------
    >>> import pandas as pd
    >>> out = geocode(pd.Series(["Kerkuk", "Nowhere-ville", None], index=[7, 3, 5]))
    >>> out[["name", "status"]].values.tolist()
    [['Kirkuk', 'resolved'], ['', 'unresolved'], ['', 'invalid']]
    >>> out.crs.to_epsg(), list(out.index), out.geometry.is_empty.tolist()
    (4326, [7, 3, 5], [False, True, True])
    """
    return as_geocoder(gazetteer).geocode(
        names, within=within, near=near, threshold=threshold, progress=progress
    )
