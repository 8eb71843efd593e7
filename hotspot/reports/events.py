"""From event sentences to events: one row per event, placed where it happened.

:func:`find_events` reads a report sentence by sentence:

1. A sentence reports an event when a term of the vocabulary matches
   (:mod:`hotspot.reports.vocabulary`); headlines, captions and links do not.
2. It is **not** one event when a sentence-wide cue says it is habitual ("not
   a week goes by", "routinely"), a plan ("will", "anticipated"), or a
   summary ("a series of", "this year") and no day is given; when it denies
   the event ("officials ruled out an attack"), tells an accident, a trial or a
   commemoration of an earlier one, whatever its date; when its only
   dates lie more than a month before the publication date (history); or when
   its event places form a list across districts or provinces ("in Kirkuk,
   Diyala and Saladin": an aggregate).
3. The event place is chosen among the mentions whose role is ``event`` or
   ``near`` (:mod:`hotspot.reports.roles`): the most specific located one. A
   village the gazetteer does not know stays unresolved; its district or
   province, when the sentence names it, gives the row that area and its
   precision. A distance and a direction from a reference ("a village 25 km
   east of Tikrit") place the event at that offset (precision 2). A direction
   alone ("north of Baghdad") gives the reference's governorate (precision 3).
   An area with a part ("southern Kirkuk province") takes the district seat of
   that governorate lying furthest in that direction as its point (precision
   3: it is never clustered as a point). A place outside Iraq rejects the event.
4. Sentences about the same event are merged: compatible kinds (the families
   of ``event_kinds.csv``), the same place (same gazetteer entry, within 15 km,
   or one inside the other's area) and no conflicting day. A sentence with an
   event but no place of its own ("The attack also wounded a soldier") joins
   the latest compatible event, else it is rejected.
5. Dates: the event's own dates, from any of its sentences; statement dates
   ("said on Wednesday") only bound it; "the following day" counts from the
   previous event. Counts: the largest figure of the event's sentences, summed
   with those that say "also", "another" or "a further".

Every decision is kept: the rows carry their evidence, spans and reason, and
the rejected mentions and sentences are returned with theirs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date as _date

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod

from hotspot._normalize import TOWN_TYPES
from hotspot.gazetteer import load_gazetteer
from hotspot.geocoding._units import distance_to_units_km
from hotspot.incidents import PRECISION_KM, place_precision
from hotspot.reports.counts import casualties
from hotspot.reports.dates import DateMention, find_dates, resolve_relative
from hotspot.reports.sentences import is_body
from hotspot.reports.vocabulary import DATELESS_ROLES, Vocabulary

__all__ = ["Event", "Place", "find_events"]

_GEOD = Geod(ellps="WGS84")
#: Places an event happens at: a town, village or quarter, or a site.
_TOWN_OR_SITE = TOWN_TYPES | {"site"}
#: Specificity of feature types (lower is more specific).
SPECIFICITY = {
    "settlement": 0,
    "neighbourhood": 0,
    "site": 0,
    "bridge": 0,
    "subdistrict": 1,
    "valley": 1,
    "mountain": 1,
    "lake": 1,
    "dam": 1,
    "road": 3,  # a linear feature hundreds of km long says less than a district
    "river": 3,
    "district": 2,
    "governorate": 3,
    "region": 3,
    "desert": 3,
    "country": 5,
}
_SAME_PLACE_KM = 15.0
#: An offset longer than this (km) is coarse: a compass word spans 45 degrees, so the
#: point may lie over 25 km aside (tan 22.5° x 60 km).
_OFFSET_KM = 60.0
#: A settlement farther than this (km) from every admin unit its sentence names is
#: another place of its name (:func:`_distrust_homonyms`).
_HOMONYM_KM = 30.0
_HISTORY_DAYS = 31
_ADDITIVE = re.compile(r"\b(?:also|another|a further|additional|in addition)\b", re.I)
_ANAPHORA = re.compile(
    r"\b(?:the|this|that) (?:attack|operation|raid|strike|airstrike|ambush|explosion|blast|"
    r"bombing|clash|clashes|fighting|assault|killing|incident|sweep|search|campaign)\b",
    re.I,
)


@dataclass
class Place:
    """Where an event happened, as the report states it."""

    label: str
    geometry: shapely.Point
    precision: int | None
    governorate: str | None
    district: str | None
    feature: str
    span: tuple[int, int] | None
    reason: str
    key: str
    issue: str | None = None

    @property
    def located(self) -> bool:
        """Whether it has a point."""
        return not self.geometry.is_empty


@dataclass
class Clause:
    """One event sentence."""

    number: int
    span: tuple[int, int]
    text: str
    kind: str
    keyword: str
    place: Place | None
    dates: list[DateMention]
    statement: DateMention | None
    killed: int | None
    injured: int | None
    used: set[int] = field(default_factory=set)
    part: int = 0  # the clause of a sentence that reports several events (0: the first)


@dataclass
class Event:
    """One event: its sentences, place, dates and counts."""

    clauses: list[Clause]
    kind: str
    place: Place | None
    first: _date | None = None
    last: _date | None = None
    precision: str = "unknown"
    date_text: str | None = None
    bound: _date | None = None
    killed: int | None = None
    injured: int | None = None

    @property
    def number(self) -> int:
        """Sentence number (1-based) of the first sentence."""
        return self.clauses[0].number

    @property
    def label(self) -> str:
        """``s3`` for sentence 3, ``s3.2`` for the second event a sentence reports."""
        part = self.clauses[0].part
        return f"s{self.number}" + (f".{part + 1}" if part else "")


@dataclass
class Rejection:
    """A mention or sentence that makes no event, and why."""

    sentence: int
    surface: str | None
    start: int | None
    end: int | None
    role: str
    reason: str
    text: str


@functools.cache
def _district_seats() -> pd.DataFrame:
    table = load_gazetteer()
    return table[table["feature_type"] == "district"][["name", "governorate", "lat", "lon"]]


def _clean(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return str(value)


def _km(a: shapely.Point, b: shapely.Point) -> float:
    return float(_GEOD.inv(a.x, a.y, b.x, b.y)[2]) / 1000.0


def _related(a: pd.Series, b: pd.Series) -> bool:
    """Whether one mention lies inside the other (by the admin names the gazetteer gives)."""
    for x, y in ((a, b), (b, a)):
        name = str(x.get("name") or x["surface"])
        if name and name in (_clean(y.get("governorate")), _clean(y.get("district"))):
            return True
    return False


def _precision_of(row: pd.Series) -> int | None:
    """Return the precision (1-3) of a mention's place (:func:`place_precision`)."""
    return place_precision(str(row.get("feature_type")), row.get("precision_km"))


def _place_from(row: pd.Series, reason: str) -> Place:
    feature = str(row.get("feature_type"))
    precision = _precision_of(row)
    if row["role"] == "near" and precision is not None:
        precision = max(precision, 2)
        far = row.get("distance_km")
        if far is not None and pd.notna(far) and float(far) > PRECISION_KM[1]:
            precision = 3  # "80 km from Kirkuk", no direction: only the area
    name = _clean(row.get("name")) or str(row["surface"])
    point = row.geometry if row.geometry is not None else shapely.Point()
    label = name
    part = _clean(row.get("area_part"))
    governorate = _clean(row.get("governorate"))
    district = _clean(row.get("district"))
    if part and feature == "settlement" and governorate and name == governorate:
        if part.endswith("ern") or part.startswith("the ") or part in ("rural", "remote areas of"):
            # "southern Kirkuk", "rural Erbil": a part of the province, not the city
            feature, district = "governorate", None
            precision = place_precision(feature)
            reason += f"; '{part} {name}': a part of the governorate, not the city"
        elif part not in ("central", "outer") and precision is not None:
            # "south Kirkuk", "east Erbil": a part of the city, or of the province
            precision = place_precision("governorate")
            label = f"{part} {name}"
    if part and feature in ("governorate", "district", "region", "desert"):
        label = f"{part} {name}"
        if part not in ("rural", "central", "remote areas of") and feature == "governorate":
            seat = _part_seat(governorate or name, part)
            if seat is not None:
                point = seat
                reason += f"; point: the district seat furthest {part.removesuffix('ern')}"
    return Place(
        label=label,
        geometry=point,
        precision=precision,
        governorate=governorate,
        district=district,
        feature=feature,
        span=(int(row["start"]), int(row["end"])),
        reason=reason,
        key=_clean(row.get("id")) or name.lower(),
    )


def _part_seat(governorate: str, part: str) -> shapely.Point | None:
    seats = _district_seats()
    seats = seats[seats["governorate"] == governorate]
    if seats.empty:
        return None
    word = part.lower().replace("-", "").replace(" ", "")
    score = pd.Series(0.0, index=seats.index)
    if "north" in word:
        score += seats["lat"]
    if "south" in word:
        score -= seats["lat"]
    if "east" in word:
        score += seats["lon"]
    if "west" in word:
        score -= seats["lon"]
    best = seats.loc[score.idxmax()]
    return shapely.Point(float(best["lon"]), float(best["lat"]))


def _offset(ref: pd.Series, bearing: float, km: float) -> shapely.Point:
    lon, lat, _ = _GEOD.fwd(ref.geometry.x, ref.geometry.y, bearing, km * 1000.0)
    return shapely.Point(lon, lat)


def _coordinated(text: str, a: pd.Series, b: pd.Series) -> bool:
    gap = text[int(a["end"]) : int(b["start"])]
    return bool(
        re.fullmatch(
            r"\s*(?:(?:provinces?|governorates?|districts?|areas?|regions?|mountains?),?\s*)?"
            r"(?:,|,?\s+and|,?\s+or|&)\s+(?:the\s+)?(?:[a-z]+\s+of\s+(?:the\s+)?)?",
            gap,
        )
    )


def _aggregate(text: str, cands: pd.DataFrame) -> list[int] | None:
    """Return the indices of a coordinated list of places that is not one place, or None."""
    rows = cands.sort_values("start")
    groups: list[list[int]] = []
    prev = None
    for i, row in rows.iterrows():
        if prev is not None and _coordinated(text, rows.loc[prev], row):
            groups[-1].append(i)
        else:
            groups.append([i])
        prev = i
    for group in groups:
        if len(group) < 2:
            continue
        members = rows.loc[group]
        located = members[members["status"].astype(str) == "resolved"]
        if len(located) < 2:
            continue
        if all(
            _related(located.iloc[x], located.iloc[y])
            for x in range(len(located))
            for y in range(x + 1, len(located))
        ):
            continue
        districts = {_clean(d) for d in located["district"]} if "district" in located else set()
        points = [g for g in located.geometry if g is not None and not g.is_empty]
        spread = max((_km(p, q) for p in points for q in points), default=0.0)
        areas = located["feature_type"].isin(["governorate", "district", "region", "desert"])
        if len(located) >= 3 or areas.all() or len(districts) > 1 or spread > 50:
            return group
    return None


def _between_place(refs: pd.DataFrame) -> tuple[Place, set[int]] | None:
    """Return the place "between X and Y" (or an X-Y road) gives, their midpoint, and the mentions.

    Precision 2, or 3 when the two lie more than twice the coarse limit apart.
    """
    pair = refs[refs["between"].notna()] if "between" in refs else refs.iloc[0:0]
    if len(pair) >= 2:
        a, b = pair.iloc[0], pair.iloc[1]
        located = all(
            r.geometry is not None and not r.geometry.is_empty and r["status"] == "resolved"
            for r in (a, b)
        )
        if located:
            apart = _km(a.geometry, b.geometry)
            lon, lat = _midpoint(a.geometry, b.geometry)
            same_gov = _clean(a.get("governorate")) == _clean(b.get("governorate"))
            names = [str(r.get("name") or r["surface"]) for r in (a, b)]
            # the event lies anywhere between them: half their distance from the midpoint
            wide = apart / 2 > PRECISION_KM[1]
            place = Place(
                label=f"between {names[0]} and {names[1]}",
                geometry=shapely.Point(lon, lat),
                precision=max(3 if wide else 2, *(_precision_of(r) or 2 for r in (a, b))),
                governorate=_clean(a.get("governorate")) if same_gov else None,
                district=None,
                feature="between",
                span=(int(a["start"]), int(b["end"])),
                reason=f"between '{a['surface']}' and '{b['surface']}': their midpoint"
                + (f" ({apart:.0f} km apart: coarse)" if wide else ""),
                key=f"between:{a.get('id')}:{b.get('id')}",
            )
            return place, {int(a.name), int(b.name)}
    return None


def _choose_place(
    text: str, mentions: pd.DataFrame, keyword_at: int
) -> tuple[Place | None, str | None, set[int]]:
    """Return (place, rejection reason for the sentence, indices of mentions used)."""
    cands = mentions[mentions["role"].isin(["event", "near"])]
    refs = mentions[mentions["role"] == "reference"]
    if cands.empty and refs.empty:
        return None, None, set()
    if not cands.empty:
        group = _aggregate(text, cands)
        if group is not None:
            names = ", ".join(str(s) for s in cands.loc[group, "surface"])
            return None, f"aggregate: several places ({names}), not one event", set()
    cands = _distrust_fuzzy(_distrust_homonyms(cands), mentions)
    resolved = cands[(cands["status"].astype(str) == "resolved") & ~cands["truncated"].astype(bool)]
    unresolved = cands.drop(resolved.index)
    inside = resolved[~resolved["abroad"].astype(bool)]
    if "container" in inside and (~inside["container"].astype(bool)).any():
        inside = inside[~inside["container"].astype(bool)]
    if len(resolved) and inside.empty:
        names = ", ".join(map(str, resolved["surface"]))
        return None, f"outside Iraq ({names}): not recorded", set()
    best = None
    if len(inside):
        rank = inside["feature_type"].map(lambda t: SPECIFICITY.get(str(t), 4))
        cue = inside["cue"].isna().astype(int)
        distance = (inside["start"].astype(int) - keyword_at).abs()
        order = pd.DataFrame({"rank": rank, "cue": cue, "distance": distance}).sort_values(
            ["rank", "cue", "distance"], kind="stable"
        )
        best = _cued_over_uncued(inside, order.index)
    village = None
    if len(unresolved):
        village = unresolved.iloc[0]
    distant = refs[refs["distance_km"].notna()] if len(refs) else refs
    best_rank = SPECIFICITY.get(str(best["feature_type"]), 4) if best is not None else 9
    elsewhere = _off_the_offset(best, distant)
    if elsewhere is not None:  # "Tel al-Dhahab, some 40 km south of Kirkuk": another one
        best, village = None, elsewhere
    # "15 km south of Baiji on the Tigris": the offset says more than a district, a
    # governorate, a river or a road (rank 2 and up), or a range 60 km long (coarse)
    if len(distant) and (best is None or best_rank >= 2 or _precision_of(best) == 3):
        ref = distant.iloc[0]
        km, bearing = float(ref["distance_km"]), float(ref["direction"])
        what = f"'{village['surface']}', " if village is not None else ""
        label = f"{what}{km:g} km {_compass(bearing)} of {ref.get('name') or ref['surface']}"
        place = Place(
            label=label.strip(),
            geometry=_offset(ref, bearing, km),
            # 20 km east of a range is as coarse as the range; "north" spans 45 degrees,
            # so 200 km north of a town may lie 80 km aside: coarse past _OFFSET_KM
            precision=3 if km > _OFFSET_KM else max(2, _precision_of(ref) or 2),
            governorate=_clean(ref.get("governorate")),
            district=None,
            feature="offset",
            span=(int(ref["start"]), int(ref["end"])),
            reason=f"estimated {km:g} km {_compass(bearing)} of '{ref['surface']}'",
            key=f"offset:{ref.get('id')}:{bearing}:{km}",
            issue=(f"place: {_unknown(village)}" if village is not None else None),
        )
        return (
            place,
            None,
            {int(ref.name)} | ({int(village.name)} if village is not None else set()),
        )
    between = _between_place(refs)
    # "in the Zab valley near the Hawija-Zab road": the pair narrows a coarse place
    if between is not None and (
        best is None or (_precision_of(best) == 3 and between[0].precision == 2)
    ):
        return between[0], None, between[1]
    if best is not None:
        far = _far_from_near(best, inside)
        reason = str(best["reason"])
        if far is not None:
            near, km = far
            place = _place_from(near, str(near["reason"]))
            place.issue = (
                f"place: the gazetteer's '{best.get('name') or best['surface']}' lies {km:.0f} km "
                f"from '{near['surface']}', which the text puts it near: another place of that "
                f"name; the row takes '{place.label}'"
            )
            return place, None, {int(best.name), int(near.name)}
        place = _place_from(best, reason)
        used = {int(best.name)}
        if village is not None and best_rank >= 2:
            place.issue = (
                f"place: {_unknown(village)}; the row takes "
                f"'{place.label}' ({best['feature_type']})"
            )
            used.add(int(village.name))
        return place, None, used
    if len(refs):
        ref = refs.iloc[0]
        gov = _clean(ref.get("governorate"))
        direction = f"{_compass(float(ref['direction']))} of " if pd.notna(ref["direction"]) else ""
        label = f"{direction}{ref.get('name') or ref['surface']}"
        if village is not None:
            label = f"'{village['surface']}', {label}"
        place = Place(
            label=label,
            geometry=ref.geometry if ref.geometry is not None else shapely.Point(),
            precision=3,
            governorate=gov,
            district=None,
            feature="governorate",
            span=(int(ref["start"]), int(ref["end"])),
            reason=f"only placed relative to '{ref['surface']}': its governorate",
            key=f"governorate:{gov}",
            issue=(f"place: {_unknown(village)}" if village is not None else None),
        )
        return place, None, {int(ref.name)}
    if village is not None:
        place = Place(
            label=str(village["surface"]),
            geometry=shapely.Point(),
            precision=None,
            governorate=_clean(village.get("governorate")),
            district=_clean(village.get("district")),
            feature=str(village.get("feature_type")),
            span=(int(village["start"]), int(village["end"])),
            reason=str(village["reason"]),
            key=f"unresolved:{str(village['surface']).lower()}",
            issue=f"place: '{village['surface']}' is {village['status']}"
            + (" (the name goes on: only part of it matched)" if village["truncated"] else ""),
        )
        return place, None, {int(village.name)}
    return None, None, set()


_NEAR_KM = 40.0


def _off_the_offset(best: pd.Series | None, distant: pd.DataFrame) -> pd.Series | None:
    """Return the chosen town as an unknown village when the text's offset puts it elsewhere.

    "The village of Tel al-Dhahab, some 40 km south of Kirkuk": the gazetteer's Tal
    al-Dhahab lies 51 km from that point, farther than 25 km and than the offset
    itself (a compass word spans 45 degrees and distances are rounded: Saadiya,
    "20 miles south of Khanaqin", lies 29 km from that point), so the text means
    another village of that name; the offset stands.
    """
    if best is None or not len(distant) or str(best["feature_type"]) not in _TOWN_OR_SITE:
        return None
    if best.geometry is None or best.geometry.is_empty:
        return None
    ref = distant.iloc[0]
    km, bearing = float(ref["distance_km"]), float(ref["direction"])
    off = _km(best.geometry, _offset(ref, bearing, km))
    if off <= max(PRECISION_KM[1], km):
        return None
    village = best.copy()
    village["distrusted"] = True
    village["reason"] = (
        f"the gazetteer's {best.get('name') or best['surface']} lies {off:.0f} km from "
        f"{km:g} km {_compass(bearing)} of {ref.get('name') or ref['surface']}, where the "
        "text puts it: another place of that name"
    )
    return village


def _cued_over_uncued(inside: pd.DataFrame, order: pd.Index) -> pd.Series:
    """Return the event place: the most specific mention, unless it has no cue and lies far.

    "A Daquq resident was killed by an IED in the Zghaitun valley": Daquq, named
    without a locative word, is more specific than the valley but lies 26 km from
    it, farther than the valley reaches (its ``precision_km``, at least
    :data:`_SAME_PLACE_KM`): the place the text puts the event *in* wins. A more
    specific place within that reach is the same place said more exactly.
    """
    best = inside.loc[order[0]]
    if pd.notna(best["cue"]) or best.geometry is None or best.geometry.is_empty:
        return best
    for i in order[1:]:
        other = inside.loc[i]
        if pd.isna(other["cue"]) or other.geometry is None or other.geometry.is_empty:
            continue
        km = other.get("precision_km")
        reach = max(float(km) if km is not None and pd.notna(km) else 0.0, _SAME_PLACE_KM)
        if _km(best.geometry, other.geometry) > reach:
            return other
    return best


def _far_from_near(best: pd.Series, inside: pd.DataFrame) -> tuple[pd.Series, float] | None:
    """Return the 'near' place a chosen settlement lies too far from, and the distance.

    "the village of X, near Y": when the gazetteer's X is more than 40 km from Y,
    the text means another X; the event is placed near Y instead.
    """
    if str(best.get("feature_type")) not in _TOWN_OR_SITE or best["role"] == "near":
        return None
    point = best.geometry
    if point is None or point.is_empty:
        return None
    for _, other in inside[inside["role"] == "near"].iterrows():
        where = other.geometry
        if other.name == best.name or where is None or where.is_empty:
            continue
        if str(other.get("feature_type")) not in _TOWN_OR_SITE | {"subdistrict"}:
            continue
        km = _km(point, where)
        if km > _NEAR_KM:
            return other, km
    return None


def _midpoint(a: shapely.Point, b: shapely.Point) -> tuple[float, float]:
    azimuth, _, metres = _GEOD.inv(a.x, a.y, b.x, b.y)
    lon, lat, _ = _GEOD.fwd(a.x, a.y, azimuth, metres / 2.0)
    return lon, lat


def _distrust_fuzzy(cands: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Treat a fuzzy match that contradicts an area the sentence names as unresolved.

    "the village of Zangar in Daquq district" must not become Sinjar (Nineveh)
    because the names look alike: the mention is treated as unresolved.
    """
    if "score" not in cands.columns or cands.empty:
        return cands
    score = pd.to_numeric(cands["score"], errors="coerce").fillna(100.0)
    fuzzy = (score < 100.0) & (cands["status"].astype(str) == "resolved")
    if not fuzzy.any():
        return cands
    areas = mentions[
        mentions["feature_type"].isin(["governorate", "district"])
        & (mentions["status"].astype(str) == "resolved")
    ]
    named = {_clean(g) for g in areas["governorate"]} - {None}
    out = cands.copy()
    if "distrusted" not in out:
        out["distrusted"] = False
    for k in out.index[fuzzy]:
        if named and _clean(out.at[k, "governorate"]) not in named:
            out.at[k, "status"] = "unresolved"
            out.at[k, "distrusted"] = True
            out.at[k, "reason"] = (
                f"'{out.at[k, 'surface']}' only looks like {out.at[k, 'name']} "
                f"({out.at[k, 'governorate'] or 'no governorate'}), outside the area the "
                "sentence names"
            )
    return out


def _distrust_homonyms(cands: pd.DataFrame) -> pd.DataFrame:
    """Unresolve a settlement far outside every admin unit the sentence puts the event in.

    "the village of Hamdaniya in Hawija district" is not the Hamdaniya of Nineveh,
    though the names are the same: a village the gazetteer lacks, and the district
    stands. Far: more than :data:`_HOMONYM_KM` from each of them, so that a town of a
    disputed district written with the neighbouring province (``Tuz Khurmatu in
    Kirkuk province``, ``Makhmour, in Nineveh``) stays itself.
    """
    resolved = cands["status"].astype(str) == "resolved"
    kinds = cands["feature_type"].astype(str)
    units = cands[resolved & kinds.isin(["governorate", "district", "subdistrict"])]
    pcodes = frozenset(
        str(u[f"{u['feature_type']}_pcode"])
        for _, u in units.iterrows()
        if _clean(u.get(f"{u['feature_type']}_pcode"))
    )
    named = {_clean(g) for g in units["governorate"]} - {None}
    towns = resolved & kinds.isin(TOWN_TYPES)
    if not named or not pcodes or not towns.any():
        return cands
    out = cands.copy()
    if "distrusted" not in out:
        out["distrusted"] = False
    for k in out.index[towns]:
        governorate = _clean(out.at[k, "governorate"])
        point = out.at[k, "geometry"]
        if governorate is None or governorate in named or point is None or point.is_empty:
            continue  # unknown, or in a named province: no contradiction
        if distance_to_units_km(pcodes, point.y, point.x) > _HOMONYM_KM:
            out.at[k, "status"] = "unresolved"
            out.at[k, "distrusted"] = True
            out.at[k, "reason"] = (
                f"'{out.at[k, 'surface']}' is the gazetteer's {out.at[k, 'name']} "
                f"({out.at[k, 'governorate'] or 'no governorate'}), outside the "
                f"{' and '.join(sorted(named))} the sentence names: another place of that name"
            )
    return out


def _unknown(village: pd.Series) -> str:
    """Say why a village mention places nothing: not in the gazetteer, or another place."""
    distrusted = village.get("distrusted")  # set by the distrust checks
    if distrusted is not None and pd.notna(distrusted) and bool(distrusted):
        return str(village["reason"])
    return f"'{village['surface']}' is not in the gazetteer"


def _compass(bearing: float) -> str:
    names = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest")
    return names[round(bearing / 45.0) % 8]


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.key == b.key:
        return True
    for x, y in ((a, b), (b, a)):
        if x.precision == 3 and x.feature in ("governorate", "district", "region", "desert"):
            area = x.district if x.feature == "district" else x.governorate
            if area and area in (y.district, y.governorate):
                return True
    named = {"offset", "between", "governorate"}
    if a.located and b.located and (a.feature in named or b.feature in named):
        return _km(a.geometry, b.geometry) <= _SAME_PLACE_KM
    return False


def _day(clause: Clause) -> tuple[_date, _date] | None:
    for d in clause.dates:
        if d.first is not None:
            return d.first, d.last
    return None


def _compatible(event: Event, clause: Clause, vocab: Vocabulary) -> bool:
    if not (vocab.families(event.kind) & vocab.families(clause.kind)):
        return False
    if not _same_place(event.place, clause.place):
        return False
    mine = next((d for d in clause.dates if d.first is not None), None)
    if mine is None or event.first is None:
        return True
    if event.kind == "search" and (
        clause.kind == "search" or re.search(r"\bthe operation\b", clause.text, re.I)
    ):
        return True  # an operation spans days
    if mine.precision == "day" and event.precision == "day":
        return (mine.first, mine.last) == (event.first, event.last)
    overlap = mine.first <= event.last and event.first <= mine.last
    return overlap and bool(_ANAPHORA.search(clause.text))


def _refers_back(clause: Clause, event: Event, vocab: Vocabulary) -> bool:
    """Whether a sentence that names only an area tells more of the previous event.

    "The raid was carried out in Anbar with coalition support" after a raid in
    Wadi Tharthar: "the raid" refers back and the province adds nothing new.
    """
    if not _ANAPHORA.search(clause.text) or clause.place is None:
        return False
    if clause.place.precision is not None and clause.place.precision < 3:
        return False
    if not (vocab.families(event.kind) & vocab.families(clause.kind)):
        return False
    return _day(clause) is None or (event.first is not None and _day(clause)[0] == event.first)


def _more_specific(a: Place | None, b: Place | None) -> Place | None:
    if a is None:
        return b
    if b is None:
        return a
    if a.located != b.located:
        return a if a.located else b
    pa = a.precision if a.precision is not None else 9
    pb = b.precision if b.precision is not None else 9
    return b if pb < pa else a


def _merge(event: Event, clause: Clause) -> None:
    if event.first is None and any(d.first is not None for d in clause.dates):
        event.kind = clause.kind  # the dated sentence tells what happened
    event.clauses.append(clause)
    event.place = _more_specific(event.place, clause.place)
    _date_event(event, clause)
    for attr, value in (("killed", clause.killed), ("injured", clause.injured)):
        current = getattr(event, attr)
        if value is None:
            continue
        if current is None:
            setattr(event, attr, value)
        elif _ADDITIVE.search(clause.text):
            setattr(event, attr, current + value)
        else:
            setattr(event, attr, max(current, value))


def _date_event(event: Event, clause: Clause) -> None:
    resolved = [d for d in clause.dates if d.first is not None]
    if clause.statement is not None and clause.statement.first is not None:
        event.bound = max(event.bound or clause.statement.first, clause.statement.first)
    if not resolved:
        return
    d = resolved[0]
    if event.first is None:
        event.first, event.last, event.precision, event.date_text = (
            d.first,
            d.last,
            d.precision,
            d.text,
        )
        return
    if (d.first, d.last) == (event.first, event.last):
        return
    if event.kind == "search" or clause.kind == "search":
        event.first, event.last = min(event.first, d.first), max(event.last, d.last)
        event.precision = "range" if event.first != event.last else "day"
        event.date_text = f"{event.date_text}; {d.text}"


def _sentence_dates(
    sentence: str, report: _date | None, last_event: Event | None
) -> tuple[list[DateMention], list[DateMention], DateMention | None]:
    """Return all dates of a sentence, the event's own (resolved), and the statement date."""
    dates = find_dates(sentence, report)
    statement = next((d for d in dates if d.statement), None)
    previous = (last_event.first, last_event.last) if last_event and last_event.first else None
    anchor = statement.first if statement is not None and statement.first else report
    own = [
        resolve_relative(d, previous, anchor) for d in dates if not d.statement and d.kind != "year"
    ]
    return dates, own, statement


#: Where a sentence may go on with another event: "; ", ", and", ", but", ", while".
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+", re.IGNORECASE)
#: A clause that goes on about the event before it: "; it was the third attack ...".
_GOES_ON = re.compile(r"(?:it|this|that)\s+(?:was|is|marked)\s+(?:the|a|an)\s", re.IGNORECASE)
#: What may follow a date that ends a sentence.
_TRAILING = re.compile(r"[\s.!?\"'”’)\]]*")


def _dates_the_sentence(sentence: str, date: DateMention) -> bool:
    """Whether a date dates every clause: set off by a comma at the sentence's end.

    "..., and Hawija, killing three policemen, on Tuesday." dates both clauses;
    "... and police arrested the killers in Hawija on Friday." its own only.
    """
    return bool(re.search(r",\s*$", sentence[: date.start])) and bool(
        _TRAILING.fullmatch(sentence[date.end :])
    )


#: A break that may also go on with a list of places ("in Kirkuk, Diyala, and Saladin").
_AND = re.compile(r",\s+and\s+", re.IGNORECASE)
#: Words that negate the cue right after them ("not an accidental fire").
_NEGATED = re.compile(r"\b(?:not|no|never)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)


#: A clause about the event before it: "; the army said it was accidental", "denied
#: reports of the attack".
_REFERS_BACK = re.compile(
    r"\b(?:it|this|that)\s+(?:was|had been)\b|\bthe\s+(?:attack|explosion|blast|fire|"
    r"incident|bombing|killing)\b",
    re.IGNORECASE,
)
#: Another event the event word's clause dates its own by ("three days after a court ...").
_LATER = re.compile(r"\b(?:after|before|since)\b", re.IGNORECASE)


def _clause_at(sentence: str, at: int) -> str:
    """Return the clause of a sentence (between :data:`_CLAUSE_BREAK` breaks) at an offset."""
    start, end = 0, len(sentence)
    for cut in _CLAUSE_BREAK.finditer(sentence):
        if cut.end() <= at:
            start = cut.end()
        elif cut.start() >= at:
            end = cut.start()
            break
    return sentence[start:end]


def _same_clause(sentence: str, a: int, b: int) -> bool:
    """Whether two offsets of a sentence lie in one clause (no break of :data:`_CLAUSE_BREAK`)."""
    lo, hi = min(a, b), max(a, b)
    return _CLAUSE_BREAK.search(sentence[lo:hi]) is None


def _not_one_event(
    sentence: str,
    dates: list[DateMention],
    own: list[DateMention],
    report: _date | None,
    vocab: Vocabulary,
    keyword_at: int = 0,
) -> str | None:
    """Return why an event sentence tells no single event (habitual, plan, summary, history).

    A denial, an accident, a trial or a commemoration holds whatever the date, in
    the clause of the event word or in one that refers back to it ("; the army said
    it was accidental"), when not negated and not about another event the clause
    dates its own by: "a car bomb exploded in Kirkuk; officials ruled out a gas
    explosion", "what police said was not an accidental fire" and "killed two
    soldiers, three days after a court convicted an emir" are events.
    """
    day = any(d.precision == "day" and d.first is not None for d in own)
    for role, match in vocab.sentence_cues(sentence):
        if role not in DATELESS_ROLES:
            if not day:
                return f"{role}: '{match.group()}'"
            continue
        if _NEGATED.search(sentence[max(0, match.start() - 12) : match.start()]):
            continue  # "not an accidental fire"
        between = sentence[min(keyword_at, match.start()) : max(keyword_at, match.start())]
        if match.start() > keyword_at and _LATER.search(between):
            continue  # "killed two soldiers, three days after a court convicted an emir"
        if _same_clause(sentence, match.start(), keyword_at) or (
            match.start() > keyword_at and _REFERS_BACK.search(_clause_at(sentence, match.start()))
        ):
            return f"{role}: '{match.group()}'"
    history = [d for d in dates if d.last is not None and not d.statement]
    if (
        report is not None
        and history
        and not day
        and all((report - d.last).days > _HISTORY_DAYS for d in history)
    ):
        return f"background: dated '{history[0].text}', long before the report"
    years = [d.text for d in dates if d.kind == "year"]
    if years and not own:
        return f"background: '{years[0]}'"
    return None


def _find_target(
    events: list[Event], last_event: Event | None, clause: Clause, vocab: Vocabulary
) -> Event | None:
    """Return the event a placed sentence belongs to, or None for a new event."""
    for event in reversed(events):
        if _compatible(event, clause, vocab):
            return event
    if last_event is not None and _refers_back(clause, last_event, vocab):
        return last_event
    return None


def find_events(
    text: str,
    mentions: gpd.GeoDataFrame,
    sentences: list[tuple[int, int, str]],
    vocab: Vocabulary,
    report: _date | None,
) -> tuple[list[Event], list[Rejection], list[str]]:
    """Read the events of a report.

    Parameters
    ----------
    text : str
        The report.
    mentions : geopandas.GeoDataFrame
        Place mentions with roles (:func:`hotspot.reports.roles.assign_roles`).
    sentences : list of (start, end, sentence)
    vocab : Vocabulary
    report : datetime.date or None
        The publication date.

    Returns
    -------
    events : list of Event
        In the order of their first sentence.
    rejected : list of Rejection
        Mentions and event sentences that make no event, with the reason.
    unresolved : list of str
        Relative date phrases that could not be resolved (no publication date).
    """
    reading = _Reading()
    by_sentence = {i: mentions[mentions["sentence"] == i] for i in range(len(sentences))}
    for i, (sentence_start, sentence_end, whole) in enumerate(sentences):
        in_sentence = by_sentence.get(i, mentions.iloc[0:0])
        found = vocab.event_match(whole) if is_body(whole) else None
        if found is None:
            _detail(reading.last, i, sentence_start, sentence_end, whole, in_sentence, vocab)
            continue
        parts = _event_clauses(whole, sentence_start, in_sentence, vocab)
        for part, (start, end) in enumerate(parts):
            sentence = text[start:end]
            inside = in_sentence[
                (in_sentence["start"].astype(int) >= start)
                & (in_sentence["end"].astype(int) <= end)
            ]
            found = vocab.event_match(sentence)
            if found is None:  # pragma: no cover - every clause has an event term
                continue
            _read_clause(text, reading, i, part, (start, end), whole, inside, found, vocab, report)
    for k, row in mentions.iterrows():
        if int(k) in reading.used or _reported(reading.rejected, row):
            continue
        n = int(row["sentence"])
        reading.rejected.append(
            _rejection(
                n,
                row,
                str(row["role"]),
                f"{row['reason']}; no event reported in the sentence",
                sentences[n][2] if 0 <= n < len(sentences) else "",
            )
        )
    return reading.events, reading.rejected, reading.unresolved


def _event_clauses(
    sentence: str, offset: int, mentions: pd.DataFrame, vocab: Vocabulary
) -> list[tuple[int, int]]:
    """Return the spans (in the report) of the events one sentence reports.

    A sentence goes on with another event where a clause break (``; ``, ``, and``,
    ``, while``) has on each side an event term and a place the text puts the
    event in or near: "ISIS killed a shepherd in Rashad on Saturday, and on Sunday
    an IED wounded two soldiers in Dibis" is two events. Otherwise it is one span:
    "attacked a checkpoint in Daquq, and killed two soldiers" tells one event, and
    "the wounded were taken to a hospital in Kirkuk" no second one (no event term),
    nor "in Kirkuk, Diyala, and Saladin, resulting in the deaths of ..." (a list).
    A name after ``, and`` goes on a list unless the name before it has an event of
    its own: "attacked Daquq, killing two soldiers, and Hawija, killing three
    policemen" is two events.
    """
    placed = mentions[mentions["role"].isin(["event", "near"])]
    starts = placed["start"].astype(int).to_numpy() - offset
    named = set((mentions["start"].astype(int) - offset).tolist())
    ends = sorted(int(e) - offset for e in mentions["end"])

    def goes_on_a_list(cut: re.Match[str]) -> bool:
        # "in Kirkuk, Diyala, and Saladin": one list; not when the name before the cut
        # has an event of its own ("attacked Daquq, killing two, and Hawija ...")
        at = cut.end()
        lead = re.match(r"(?:the\s+)?", sentence[at:], re.IGNORECASE)
        if at + (lead.end() if lead else 0) not in named:
            return False
        before = [e for e in ends if e <= cut.start()]
        told = sentence[before[-1] if before else 0 : cut.start()]
        return vocab.event_match(told) is None

    def has_event(a: int, b: int) -> bool:
        return vocab.event_match(sentence[a:b]) is not None and bool(
            ((starts >= a) & (starts < b)).any()
        )

    spans: list[tuple[int, int]] = []
    first = 0
    for cut in _CLAUSE_BREAK.finditer(sentence):
        listed = _AND.fullmatch(cut.group()) is not None and goes_on_a_list(cut)
        if listed or _GOES_ON.match(sentence, cut.end()):
            continue
        if has_event(first, cut.start()) and has_event(cut.end(), len(sentence)):
            spans.append((first, cut.start()))
            first = cut.end()
    spans.append((first, len(sentence)))
    return [(offset + a, offset + b) for a, b in spans]


@dataclass
class _Reading:
    """What :func:`find_events` has read so far: events, rejections, mentions used."""

    events: list[Event] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # relative dates not resolved
    used: set[int] = field(default_factory=set)
    last: Event | None = None  # the latest event, that a detail or a clause may belong to


def _read_clause(
    text: str,
    reading: _Reading,
    i: int,
    part: int,
    span: tuple[int, int],
    whole: str,
    inside: pd.DataFrame,
    found: tuple[str, re.Match[str]],
    vocab: Vocabulary,
    report: _date | None,
) -> None:
    """Read one event clause of sentence ``i``: a new event, or more of an earlier one.

    ``reading`` collects the result. ``whole`` is the sentence the clause belongs to: a
    later clause without a date of its own takes the sentence's (``killed near Tarmiyah
    on Friday, while a third was wounded in Samarra``), the first one only a date set
    off by a comma at the end of the sentence (``attacked Daquq, killing two, and
    Hawija, killing three, on Tuesday``).
    """
    start, end = span
    sentence = text[start:end]
    events, rejected, last_event = reading.events, reading.rejected, reading.last
    kind, keyword = found
    dates, own, statement = _sentence_dates(sentence, report, last_event)
    if not dates and sentence != whole:
        every = _sentence_dates(whole, report, last_event)
        if every[0] and (part or _dates_the_sentence(whole, every[0][-1])):
            dates, own, statement = every
    reading.unresolved += [
        d.text for d in own if d.first is None and report is None and not d.relative_to_previous
    ]
    reason = _not_one_event(sentence, dates, own, report, vocab, keyword.start())
    if reason is not None:
        _reject_all(rejected, i, inside, sentence, reason.split(":")[0], reason)
        return
    place, why, taken = _choose_place(text, inside, start + keyword.start())
    if why is not None:
        role = "aggregate" if why.startswith("aggregate") else "background"
        _reject_all(rejected, i, inside, sentence, role, why)
        return
    killed, injured = casualties(sentence, vocab)
    clause = Clause(
        number=i + 1,
        span=(start, end),
        text=sentence,
        kind=kind,
        keyword=keyword.group(),
        place=place,
        dates=own,
        statement=statement,
        killed=killed,
        injured=injured,
        used=taken,
        part=part,
    )
    target = None
    if place is None:
        if last_event is not None and _compatible(last_event, clause, vocab):
            target = last_event
        else:
            rejected.append(
                Rejection(
                    i + 1,
                    None,
                    None,
                    None,
                    "no place",
                    f"'{keyword.group()}' ({kind}) without an event place"
                    + (" and no earlier event of a compatible kind" if events else ""),
                    sentence,
                )
            )
            _reject_all(rejected, i, inside, sentence, None, "not an event place here")
            return
    else:
        target = _find_target(events, last_event, clause, vocab)
    if target is None:
        event = Event(clauses=[clause], kind=kind, place=place, killed=killed, injured=injured)
        _date_event(event, clause)
        events.append(event)
        reading.last = event
    else:
        _merge(target, clause)
        reading.last = target
    reading.used |= taken
    for k, row in inside.iterrows():
        if int(k) not in taken:
            rejected.append(
                _rejection(i, row, str(row["role"]), _loser_reason(row, place), sentence)
            )


def _rejection(i: int, row: pd.Series, role: str, reason: str, sentence: str) -> Rejection:
    """Reject one mention of sentence ``i`` (0-based) with its role and reason."""
    return Rejection(
        i + 1, str(row["surface"]), int(row["start"]), int(row["end"]), role, reason, sentence
    )


def _detail(
    event: Event | None,
    i: int,
    start: int,
    end: int,
    sentence: str,
    inside: pd.DataFrame,
    vocab: Vocabulary,
) -> None:
    """Add a sentence without an event term to the latest event when it tells more of it.

    "The blast also wounded a shepherd." refers back to the event and adds a count;
    it must name no event place of its own.
    """
    if event is None or not is_body(sentence) or event.clauses[-1].number != i:
        return
    if not (_ANAPHORA.search(sentence) or _ADDITIVE.search(sentence)):
        return
    if inside["role"].isin(["event", "near"]).any():
        return
    killed, injured = casualties(sentence, vocab)
    if killed is None and injured is None:
        return
    clause = Clause(i + 1, (start, end), sentence, event.kind, "", None, [], None, killed, injured)
    _merge(event, clause)


def _reported(rejected: list[Rejection], row: pd.Series) -> bool:
    return any(r.start == int(row["start"]) and r.end == int(row["end"]) for r in rejected)


def _loser_reason(row: pd.Series, place: Place | None) -> str:
    if row["role"] in ("event", "near") and place is not None:
        return f"{row['reason']}; the event place is '{place.label}' (more specific or nearer)"
    return str(row["reason"])


def _reject_all(
    rejected: list[Rejection],
    i: int,
    inside: pd.DataFrame,
    sentence: str,
    role: str | None,
    reason: str,
) -> None:
    if role is not None and inside.empty:
        rejected.append(Rejection(i + 1, None, None, None, role, reason, sentence))
    for _, row in inside.iterrows():
        placed = row["role"] in ("event", "near")
        rejected.append(
            _rejection(
                i,
                row,
                role if role is not None and placed else str(row["role"]),
                reason if placed else str(row["reason"]),
                sentence,
            )
        )
