"""The role of each place a report names: where the event happened, or something else.

A report names many places that are not where anything happened: the capital
whose government is meant ("talks between Erbil and Baghdad"), the city a
distance is measured from ("Imam Gharbi, 45 km south of Mosul"), the dateline
("SULAIMANI, Kurdistan Region –"), an outlet ("Kurdistan24"), the place where
a statement was issued or a delegation met, a speaker's town ("a Kirkuk police
officer"). :func:`assign_roles` gives every mention one role, with the cue and
a reason an analyst can read:

==============  ============================================================
role            meaning
==============  ============================================================
``event``       a locative cue ("in", "at", "village of") or no cue in an
                event sentence: a candidate event place
``near``        "near", "outskirts of", "around": an event place, approximate
``reference``   "north of X", "25 km east of X": the event is elsewhere
``metonymy``    a government or party named by its seat (Baghdad, Erbil,
                Ankara, the Kurdistan Region) or a place used as an actor
                ("Baghdad condemned")
``dateline``    the dateline or byline place
``outlet``      inside an outlet's name ("Kurdistan24", "KirkukNow")
``meeting``     where people met or a statement was issued ("arrived in")
``source``      a speaker or organisation named after a place ("a Kirkuk
                police officer", "residents of Mosul")
``background``  movement ("fled toward"), history ("since"), a country
``headline``    in a headline, caption or other line without a full stop
==============  ============================================================

Sentence-wide roles (``aggregate``, ``habitual``, ``plan``, ``denial``) are given by
:mod:`hotspot.reports.events`, which also decides which candidate is *the*
event place. The cues are data (``cues.csv``, see
:mod:`hotspot.reports.vocabulary`).

Besides the role, each mention gets ``area_part`` ("southern", "rural"...,
the words between the cue and the name), ``direction`` and ``distance_km``
for references, ``container`` for the first name of "Baghdad's Tarmiyah
district" (it only says where the second is), ``truncated`` when the name
continues with a capitalised word the gazetteer did not match, or starts
after one ("village of Albu" in "village of Albu Dawood", "Karma" in "Abu
Karma": the match is a fragment, its position is not trusted) and ``abroad``
when the resolved point lies outside Iraq.

Examples
--------
>>> import geopandas as gpd, shapely
>>> from hotspot.reports.vocabulary import load_vocabulary
>>> text = "Talks between Erbil and Baghdad stalled. Gunmen attacked a post near Daquq."
>>> mentions = gpd.GeoDataFrame({"surface": ["Erbil", "Baghdad", "Daquq"],
...     "start": [14, 24, 69], "end": [19, 31, 74], "status": ["resolved"] * 3,
...     "feature_type": ["settlement"] * 3}, geometry=[shapely.Point(44.0, 36.2),
...     shapely.Point(44.4, 33.3), shapely.Point(44.45, 35.14)], crs=4326)
>>> sentences = [(0, 40, text[:40]), (41, 75, text[41:])]
>>> assign_roles(text, mentions, sentences, load_vocabulary())["role"].tolist()
['metonymy', 'metonymy', 'near']
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspot._normalize import PERSONAL_NAMES, fold
from hotspot.gazetteer import iraq_outline
from hotspot.reports.vocabulary import Vocabulary

__all__ = ["ROLE_COLUMNS", "assign_roles"]

#: Columns :func:`assign_roles` adds to the mentions.
ROLE_COLUMNS: tuple[str, ...] = (
    "sentence",
    "role",
    "cue",
    "reason",
    "area_part",
    "direction",
    "distance_km",
    "truncated",
    "abroad",
    "between",
    "container",
)

_DIRECTION = r"(?P<dir>north|south|east|west)(?:[\s-]?(?P<dir2>east|west))?(?:ern)?"
_DISTANCE = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?:-\s*)?(?P<unit>km|kms|kilometers|kilometres|miles?)\s+"
    rf"(?:to the\s+)?{_DIRECTION}\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "20 km from X": a distance without a direction (the event is near X, or farther).
_DISTANCE_FROM = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>km|kms|kilomet\w*|metres|meters|miles?)\s+from\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
#: Kilometres per unit, by the unit's first two letters (km, kilometres, metres, miles).
_UNIT_KM = {"km": 1.0, "ki": 1.0, "me": 0.001, "mi": 1.609344}


def _unit_km(unit: str) -> float:
    """Kilometres in one ``unit`` as a text writes it (``km``, ``kilometres``, ``miles`` …)."""
    return _UNIT_KM[unit.lower()[:2]]


#: "Ali Hussein of Daquq": a capitalised name right before "of" (a given name, checked).
_PERSON_OF = re.compile(r"\b(?P<name>[A-Z][a-z]+)\s+of\s+$")
_DIRECTION_ONLY = re.compile(rf"\b{_DIRECTION}\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_AREA_PART = re.compile(
    r"(?:\b(?P<part>(?:north|south|east|west)(?:[\s-]?(?:east|west))?(?:ern)?|rural"
    r"|remote areas of"
    r"|central|outer|the\s+(?:north|south|east|west)\s+of)\s+)$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<prefix>[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+)*(?:,\s*[A-Z][\w'’ ]+?)?"
    r"(?:\s*\([^)\n]{1,40}\))?)\s*[–—-]+\s",
    re.MULTILINE,
)
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_SKIP_NEXT = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Province|Governorate|"
    r"District|Region|Mountains?|Valley|Desert|Lake|River|City|Town|Village|Camp)\b"
)
_COUNTRY = frozenset({"country"})
# Capitalised words that may stand right before a place name without being part of it.
_NOT_NAME = frozenset(
    [
        "The",
        "In",
        "At",
        "Near",
        "On",
        "Of",
        "From",
        "To",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Rural",
        "Iraqi",
        "Kurdish",
        "Turkish",
        "Syrian",
        "Iranian",
        "American",
        "Iraq",
        "Kurdistan",
        "Province",
        "District",
        "Mount",
        "Lake",
        "Wadi",
        "Jabal",
        "Village",
        "Town",
        "City",
    ]
)
#: Degrees of each compass word, clockwise from north.
BEARINGS = {"north": 0.0, "east": 90.0, "south": 180.0, "west": 270.0}


def _bearing(dir1: str, dir2: str | None) -> float:
    a = BEARINGS[dir1.lower()]
    if not dir2:
        return a
    b = BEARINGS[dir2.lower()]
    if a == 0.0 and b == 270.0:
        return 315.0
    return (a + b) / 2


def _spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    out = []
    for name in names:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            out.append((match.start(), match.end()))
    return out


def _datelines(text: str) -> list[tuple[int, int]]:
    return [(m.start("prefix"), m.end("prefix")) for m in _DATELINE.finditer(text)]


def _sentence_of(starts: np.ndarray, sentences: list[tuple[int, int, str]]) -> np.ndarray:
    bounds = np.array([s for s, _, _ in sentences] or [0])
    return np.searchsorted(bounds, starts, side="right") - 1


#: Only a comma between two names: the second may qualify the first.
_COMMA_ONLY = re.compile(r"^\s*,\s*$")


def _qualifiers(text: str, mentions: pd.DataFrame) -> list[int]:
    """Mentions that only say where the mention before them is: "Wadi Zghaitun, Kirkuk".

    A place right after another, a comma between them, that names the first's
    governorate or district (as the gazetteer gives them) qualifies it, as in
    ``Tahrir, Baquba``; a list of places does not (``Mosul, Kirkuk and Erbil``).
    """
    if not {"name", "governorate", "district"} <= set(mentions.columns):
        return []
    found = []
    for k in range(1, len(mentions)):
        first, second = mentions.iloc[k - 1], mentions.iloc[k]
        if not _COMMA_ONLY.match(text[int(first["end"]) : int(second["start"])]):
            continue
        name = second["name"]
        if isinstance(name, str) and name and name in (first["governorate"], first["district"]):
            found.append(k)
    return found


def assign_roles(
    text: str,
    mentions: gpd.GeoDataFrame,
    sentences: list[tuple[int, int, str]],
    vocab: Vocabulary,
    *,
    event_sentences: frozenset[int] | None = None,
) -> gpd.GeoDataFrame:
    """Give every place mention a role (see the module docstring).

    Parameters
    ----------
    text : str
        The whole report (mention offsets index it).
    mentions : geopandas.GeoDataFrame
        From :func:`hotspot.extract.extract_places`: ``surface``, ``start``,
        ``end``, ``status``, ``feature_type`` and a geometry at least.
    sentences : list of (start, end, sentence)
        From :func:`hotspot.reports.sentences.split_sentences`.
    vocab : Vocabulary
        The cues.
    event_sentences : frozenset of int, optional
        Indices of the sentences that report an event: there a government
        seat after a locative cue is an event place ("a bomb in Baghdad").

    Returns
    -------
    geopandas.GeoDataFrame
        ``mentions`` with the columns :data:`ROLE_COLUMNS` added.
    """
    out = mentions.copy()
    if out.empty:
        for column in ROLE_COLUMNS:
            out[column] = pd.Series(dtype=object)
        return out
    events = event_sentences or frozenset()
    starts = out["start"].astype(int).to_numpy()
    ends = out["end"].astype(int).to_numpy()
    out["sentence"] = _sentence_of(starts, sentences)
    outlets = _spans(text, vocab.names("outlet"))
    datelines = _datelines(text)
    outline = iraq_outline()
    roles, cues, reasons, parts, dirs, dists, truncs, abroad = ([] for _ in range(8))
    for k, (s, e) in enumerate(zip(starts, ends, strict=True)):
        row = out.iloc[k]
        surface = str(row["surface"])
        index = int(out["sentence"].iloc[k])
        sentence = sentences[index] if 0 <= index < len(sentences) else (s, e, surface)
        before = text[max(sentence[0], s - 80) : s]
        after = text[e : min(sentence[1], e + 60)]
        part = _AREA_PART.search(before)
        if part:
            before = before[: part.start()]
        role, cue, reason = _role(
            surface, before, after, sentence, s, e, index in events, vocab, outlets, datelines
        )
        direction = distance = None
        if role == "reference":
            found = _DISTANCE.search(before) or _DIRECTION_ONLY.search(before)
            if found:
                direction = _bearing(found.group("dir"), found.group("dir2"))
                if "n" in found.groupdict() and found.group("n"):
                    distance = float(found.group("n")) * _unit_km(found.group("unit"))
        elif role == "near":  # "a few kilometres from X" is near; "80 km from X" is not
            found = _DISTANCE_FROM.search(before)
            if found:
                distance = float(found.group("n")) * _unit_km(found.group("unit"))
        nxt = re.match(r"\s([A-Z][a-z]+)\b", text[e : e + 30])
        prv = re.search(r"(?<![.!?]\s)\b([A-Z][a-z]+)\s$", text[max(sentence[0], s - 30) : s])
        truncated = str(row.get("status")) == "resolved" and (
            bool(
                nxt
                and not _SKIP_NEXT.match(nxt.group(1))
                and not ((starts > e) & (starts <= e + 1 + len(nxt.group(1)))).any()
                and str(row.get("feature_type")) not in ("governorate", "district")
            )
            or bool(
                prv
                and prv.start(1) + max(sentence[0], s - 30) > sentence[0]
                and prv.group(1) not in _NOT_NAME
                and not ((ends <= s) & (ends >= s - 1 - len(prv.group(1)))).any()
            )
        )
        point = row.geometry
        outside = bool(
            point is not None
            and not point.is_empty
            and str(row.get("status")) == "resolved"
            and not outline.contains(point)
        )
        if role in ("event", "near") and str(row.get("feature_type")) in _COUNTRY:
            role, reason = "background", "a whole country is not an event place"
        earlier = _EARLIER_EVENT.search(before) if role in ("event", "near") else None
        if earlier:  # "adding that he had planned the 2019 bombing in Tuz Khurmatu"
            role = "background"
            reason = f"an earlier event ('{earlier.group().strip()}'): the event is elsewhere"
        roles.append(role)
        cues.append(cue)
        reasons.append(reason)
        parts.append(part.group("part").lower() if part else None)
        dirs.append(direction)
        dists.append(distance)
        truncs.append(truncated)
        abroad.append(outside)
    out["role"] = roles
    out["cue"] = cues
    out["reason"] = reasons
    out["area_part"] = parts
    out["direction"] = dirs
    out["distance_km"] = dists
    out["truncated"] = truncs
    out["abroad"] = abroad
    contained = [
        bool(re.match(r"^\s*(?:province|governorate)?['’]s\s", text[e : e + 20], re.I))
        and bool(((starts > e) & (starts <= e + 20)).any())
        for e in ends
    ]
    for k in _qualifiers(text, out):
        contained[k] = True
    out["container"] = contained
    role_list = out["role"].tolist()
    for k in range(len(out) - 1):
        if contained[k] and role_list[k] == "near" and role_list[k + 1] == "event":
            role_list[k + 1] = "near"  # "near Erbil province's Makhmour": near Makhmour
            out.iloc[k + 1, out.columns.get_loc("reason")] = (
                f"after '{out['cue'].iloc[k]} {out['surface'].iloc[k]}'s': near where the event "
                "happened"
            )
        elif (
            contained[k]
            and role_list[k] == role_list[k + 1] == "event"
            and isinstance(out["cue"].iloc[k], str)
            and not isinstance(out["cue"].iloc[k + 1], str)
        ):  # "in Kirkuk's Wasiti neighbourhood": the cue of the town is the quarter's
            out.iloc[k + 1, out.columns.get_loc("cue")] = out["cue"].iloc[k]
            out.iloc[k + 1, out.columns.get_loc("reason")] = (
                f"after '{out['cue'].iloc[k]} {out['surface'].iloc[k]}'s': where the event happened"
            )
    out["role"] = role_list
    _between(text, out, vocab)
    return out


def _role(
    surface: str,
    before: str,
    after: str,
    sentence: tuple[int, int, str],
    start: int,
    end: int,
    in_event: bool,
    vocab: Vocabulary,
    outlets: list[tuple[int, int]],
    datelines: list[tuple[int, int]],
) -> tuple[str, str | None, str]:
    if any(s <= start and end <= e for s, e in outlets) or vocab.name_role(surface) == "outlet":
        return "outlet", None, "inside a news outlet's name"
    if any(s <= start and end <= e for s, e in datelines):
        return "dateline", None, "the report's dateline"
    if not _TERMINAL.search(sentence[2]):
        return "headline", None, "headline, caption or other line without a full stop"
    cue_before = vocab.cue_before(before)
    cue_after = vocab.cue_after(after)
    seat = vocab.name_role(surface) == "metonymy"
    if (
        cue_after
        and cue_after[0] in ("source", "metonymy")
        and (cue_before is None or cue_before[0] in ("event", "near"))
    ):
        if cue_after[0] == "metonymy" and not seat:
            return "metonymy", cue_after[1], f"named as an actor: '{surface} {cue_after[1]}'"
        return cue_after[0], cue_after[1], _REASONS[cue_after[0]].format(cue=cue_after[1])
    person = _PERSON_OF.search(before)
    if person and fold(person.group("name")) in PERSONAL_NAMES:
        cue = f"{person.group('name')} of"
        return "source", cue, "a person's home place ('Ali Hussein of Daquq')"
    if cue_before is not None:
        role, cue = cue_before
        if role == "source" and _victim(before, cue, vocab):
            return "event", cue, f"after '{cue}', the victim of the event: where it happened"
        if role in ("event", "near"):
            # "fled towards the orchards of X": the movement governs the whole phrase
            head = before[: before.lower().rfind(cue.lower())]
            movement = vocab.cue_before(head) if len(before) - len(head) < 30 else None
            if movement is not None and movement[0] == "background":
                return "background", movement[1], _REASONS["background"].format(cue=movement[1])
        if (
            seat
            and not (in_event and role in ("event", "near"))
            and role
            not in (
                "reference",
                "meeting",
                "source",
                "dateline",
            )
        ):
            return "metonymy", cue, "a government or party named by its seat"
        return role, cue, _REASONS[role].format(cue=cue)
    if seat:
        return "metonymy", None, "a government or party named by its seat"
    if in_event:
        return "event", None, "named in the event sentence without a cue"
    return "event", None, "no cue"


def _victim(before: str, cue: str, vocab: Vocabulary) -> bool:
    """Whether a source cue names the victim: "killed a police officer in X" (X the place)."""
    head = before[: before.lower().rfind(cue.lower())]
    clause = re.split(r"[,;:]|\band\b", head[-40:])[-1]  # the event word governs it directly
    return vocab.event_kind(clause) is not None


_REASONS = {
    "event": "after '{cue}': where the event happened",
    "near": "after '{cue}': near where the event happened",
    "reference": "after '{cue}': a reference point, the event is elsewhere",
    "metonymy": "after '{cue}': a government or party named by its seat",
    "dateline": "after '{cue}': the byline place",
    "meeting": "after '{cue}': a meeting or statement place",
    "source": "'{cue}': a speaker or organisation named after the place",
    "background": "after '{cue}': movement, history or background",
    "outlet": "an outlet",
}


#: "the 2019 bombing in", "the October 2016 ISIS attack on": a place of an event its
#: year names, not of the one the sentence reports.
_EARLIER_EVENT = re.compile(
    r"\bthe\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}\s+(?:[\w-]+\s+)?"
    r"(?:attacks?|bombings?|massacres?|assaults?|offensives?|raids?|explosions?|blasts?|"
    r"killings?|ambush(?:es)?|invasion|fall|battle|siege)\s+"
    r"(?:in|at|near|on|of)\s+(?:the\s+)?(?:village\s+of\s+|town\s+of\s+)?$"
)
#: "Tikrit-Samarra road": two names joined by a hyphen or dash, then a road word.
_ROAD_PAIR_GAP = re.compile(r"\s*[-–‐‑]\s*")
#: The words of a road, in the patterns below.
_ROAD = r"(?:road|highway|motorway|route)"
_ROAD_AFTER = re.compile(rf"\s+{_ROAD}\b", re.IGNORECASE)
#: "a minibus travelling from Tuz Khurmatu to Kirkuk", "the road from Kirkuk to Tikrit":
#: on the way, between the two.
_TRAVEL_FROM = re.compile(
    r"\b(?:travel(?:l)?ing|heading|driving|going|coming|returning|moving|on\s+(?:its|their|"
    rf"his|her)\s+way|en\s+route|{_ROAD})\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_TRAVEL_TO = re.compile(r"\s+to\s+(?:the\s+)?", re.IGNORECASE)
#: Two names joined as a list or a pair ("Kirkuk, Diyala", "Erbil and Baghdad").
_LIST_GAP = re.compile(r"\s*(?:,\s*|and\s+|&\s*)(?:the\s+)?", re.IGNORECASE)
#: "the road between Kirkuk and Erbil": ground between two places, even government seats.
_GROUND_BETWEEN = re.compile(
    rf"\b{_ROAD}\s+between\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _between(text: str, out: gpd.GeoDataFrame, vocab: Vocabulary) -> None:
    """Give pairs joined by 'and', and the towns of an 'X-Y road', their roles.

    'between X and Y', 'the X-Y road' (one the gazetteer lacks) and 'travelling from
    X to Y' are a reference pair (the event lies between them) or, with a government seat, two
    governments; two seats are metonymic ("Erbil and Baghdad agreed") unless a
    road lies between them ("the road between Kirkuk and Erbil").
    """
    starts = out["start"].astype(int).to_numpy()
    ends = out["end"].astype(int).to_numpy()
    roles = out["role"].to_numpy(dtype=object).copy()
    reasons = out["reason"].to_numpy(dtype=object).copy()
    cues = out["cue"].to_numpy(dtype=object).copy()
    pairs: list[object] = [None] * len(out)
    seat = np.array([vocab.name_role(str(s)) == "metonymy" for s in out["surface"]])
    for i in range(len(out) - 1):
        j = i + 1
        gap = text[ends[i] : starts[j]]
        road = _ROAD_PAIR_GAP.fullmatch(gap) and _ROAD_AFTER.match(text[ends[j] : ends[j] + 20])
        listed = j + 1 < len(out) and _LIST_GAP.fullmatch(text[ends[j] : starts[j + 1]])
        travel = (
            _TRAVEL_TO.fullmatch(gap)
            and _TRAVEL_FROM.search(text[max(0, starts[i] - 40) : starts[i]])
            and not listed  # "from Kirkuk to Daquq and Tuz Khurmatu": no one way
        )
        if road or travel:
            # "the Tikrit-Samarra road" the gazetteer lacks, "travelling from Tuz Khurmatu
            # to Kirkuk": the event lies between them
            for k in (i, j):
                if roles[k] in ("event", "near", "metonymy", "reference"):
                    roles[k] = "reference"
                    cues[k] = "between"
                    reasons[k] = (
                        f"on the {'road' if road else 'way'} from '{out['surface'].iloc[i]}' "
                        f"to '{out['surface'].iloc[j]}': the event lies between them"
                    )
                    pairs[k] = (i, j)
            continue
        if not _LIST_GAP.fullmatch(gap):
            continue
        lead = text[max(0, starts[i] - 30) : starts[i]]
        between = bool(re.search(r"\bbetween\s+(?:the\s+)?$", lead, re.IGNORECASE))
        ground = bool(_GROUND_BETWEEN.search(lead))
        if not ground and ((seat[i] and seat[j]) or (between and (seat[i] or seat[j]))):
            for k in (i, j):
                if roles[k] in ("event", "near", "metonymy", "reference"):
                    roles[k] = "metonymy"
                    reasons[k] = (
                        f"a pair of governments or parties ('{out['surface'].iloc[i]}' and "
                        f"'{out['surface'].iloc[j]}')"
                    )
        elif (
            between
            and (roles[i] in ("reference", "event") or (ground and roles[i] == "metonymy"))
            and (roles[j] in ("event", "near") or (ground and roles[j] == "metonymy"))
        ):
            for k in (i, j):
                roles[k] = "reference"
                cues[k] = "between"
                reasons[k] = (
                    f"between '{out['surface'].iloc[i]}' and '{out['surface'].iloc[j]}': "
                    "the event lies between them"
                )
                pairs[k] = (i, j)
    out["role"] = roles
    out["reason"] = reasons
    out["cue"] = cues
    out["between"] = pairs
