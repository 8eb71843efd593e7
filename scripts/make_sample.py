"""Generate the bundled SYNTHETIC incident set, hotspot/data/sample_incidents.csv.

Run ``python scripts/make_sample.py [PATH]`` (default: the bundled file); the output
is deterministic (NumPy ``default_rng(SEED)``) and ``tests/test_sample.py`` checks
that it matches the bundled file byte for byte.

About 2,400 invented events, 2019-01-01 to 2025-12-31, in the current ACLED
31-column layout. **None of them is a real event.** The set is shaped like ISIS
remnant activity across the disputed territories so that the hotspot and gap
tools have something realistic to chew on:

* clusters around the anchors of ``scripts/sample_anchors.csv`` (the Hamrin range,
  Wadi al-Shay and Wadi Zghaitun south of Kirkuk, Hawija/Riyadh, Makhmour and the
  Qara Chokh range, Tuz Khurmatu/Amerli, Khanaqin/Jalawla/Qara Tapa,
  Muqdadiya/Udhaim, Tarmiyah, Mutaibija, Badush, Baaj and the Jazira desert,
  Wadi Horan), plus 10 % background events scattered up to 60 km from them;
* a declining trend (``YEAR_COUNTS``);
* weighted event types (``EVENT_MIX``: IEDs, armed clashes, attacks on
  civilians, air/drone strikes, abductions, shelling, arrests...), mostly 0-3
  fatalities;
* geo_precision 1 (70 %, scattered within the anchor's radius), 2 (20 %,
  snapped to the anchor point) and 3 (10 %, snapped to the district seat).

Every row says so: ``source`` is "hotspot synthetic sample", ``tags`` is
"synthetic", ``notes`` starts with "SYNTHETIC", and the event ids start with
``IRQSYN``.

Anchor and seat coordinates in ``sample_anchors.csv`` are written from general
geographic knowledge of Iraq (no dataset was copied); they are good to about 5 km
for towns and 10-20 km for ranges, valleys and deserts, which is plenty for
synthetic data. District attributions of ranges and valleys are approximate.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj
import shapely

from hotspot.gazetteer import iraq_outline
from hotspot.incidents import ACLED_COLUMNS
from hotspot.sample import SAMPLE_SOURCE

HERE = Path(__file__).resolve().parent
#: The bundled file this script writes by default.
BUNDLED = HERE.parent / "hotspot" / "data" / "sample_incidents.csv"
#: The cluster anchors (one row each).
ANCHORS_CSV = HERE / "sample_anchors.csv"

#: Seed of the generator (documented so that the file can be rebuilt).
SEED = 20190101

#: Events per year: a declining insurgency.
YEAR_COUNTS: dict[int, int] = {
    2019: 700,
    2020: 560,
    2021: 430,
    2022: 300,
    2023: 200,
    2024: 130,
    2025: 90,
}


@dataclass(frozen=True)
class Anchor:
    """A cluster centre of the synthetic set.

    Attributes
    ----------
    name : str
        Written to ``location``.
    lat, lon : float
        Centre in degrees (EPSG:4326), approximate (see the module notes).
    radius_km : float
        Precision-1 events fall within this distance of the centre.
    weight : float
        Relative share of the clustered events in 2019.
    decay : float
        Yearly decline of the weight (``weight * exp(-decay * (year - 2019))``).
    governorate, district : str
        ``admin1`` / ``admin2``.
    seat : tuple of (name, lat, lon)
        District seat that precision-3 events are snapped to.
    peshmerga, pmf : float
        Shares of events where the state-side actor is the Peshmerga / the PMF.
    """

    name: str
    lat: float
    lon: float
    radius_km: float
    weight: float
    decay: float
    governorate: str
    district: str
    seat: tuple[str, float, float]
    peshmerga: float = 0.05
    pmf: float = 0.15


def load_anchors(path: str | PathLike[str] = ANCHORS_CSV) -> tuple[Anchor, ...]:
    """Read the cluster anchors from ``sample_anchors.csv``."""
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(
            Anchor(
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                radius_km=float(row["radius_km"]),
                weight=float(row["weight"]),
                decay=float(row["decay"]),
                governorate=row["governorate"],
                district=row["district"],
                seat=(row["seat"], float(row["seat_lat"]), float(row["seat_lon"])),
                peshmerga=float(row["peshmerga"]),
                pmf=float(row["pmf"]),
            )
            for row in csv.DictReader(fh)
        )


#: Cluster anchors (approximate centres, own knowledge; see the module notes).
ANCHORS: tuple[Anchor, ...] = load_anchors()

#: (event_type, sub_event_type, share, fatality scale) of the synthetic events.
EVENT_MIX: tuple[tuple[str, str, float, float], ...] = (
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.30, 1.0),
    ("Battles", "Armed clash", 0.24, 1.0),
    ("Violence against civilians", "Attack", 0.14, 1.0),
    ("Explosions/Remote violence", "Air/drone strike", 0.12, 1.5),
    ("Violence against civilians", "Abduction/forced disappearance", 0.06, 0.0),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.04, 0.5),
    ("Strategic developments", "Arrests", 0.06, 0.0),
    ("Strategic developments", "Disrupted weapons use", 0.04, 0.0),
)

# The note keeps its original wording so that the bundled file stays byte-identical.
_NOTE = "SYNTHETIC — generated by hotspot.sample; not a real event."
_BACKGROUND_SHARE = 0.10
_BACKGROUND_KM = 60.0
_ISIS = "Islamic State (Iraq)"
_CIVILIANS = "Civilians (Iraq)"
_COALITION = "Military Forces of the United States"
_US_TERMS = pd.Timestamp("2021-01-20")  # ACLED splits the actor by administration
_NEW_GOVERNMENT = pd.Timestamp("2022-10-27")  # the al-Sudani cabinet took office
_TIMESTAMP = "1767225600"  # 2026-01-01T00:00:00Z, fixed so that the file is reproducible
_GEOD = pyproj.Geod(ellps="WGS84")


def _military(day: pd.Timestamp) -> str:
    period = "(2022-)" if day >= _NEW_GOVERNMENT else "(2018-2022)"
    return f"Military Forces of Iraq {period}"


def _inter(actor: str) -> str:
    if actor == _ISIS:
        return "Rebel group"
    if actor == _CIVILIANS:
        return "Civilians"
    if actor == "PMF":
        return "Political militia"
    if actor.startswith(_COALITION):
        return "External/Other forces"
    return "State forces"


def _force(rng: np.random.Generator, anchor: Anchor, day: pd.Timestamp) -> str:
    u = rng.random()
    if u < anchor.peshmerga:
        return "Peshmerga"
    if u < anchor.peshmerga + anchor.pmf:
        return "PMF"
    if u < anchor.peshmerga + anchor.pmf + 0.10:
        police = "(2022-)" if day >= _NEW_GOVERNMENT else "(2018-2022)"
        return f"Police Forces of Iraq {police}"
    return _military(day)


def _fatalities(rng: np.random.Generator, scale: float) -> int:
    if scale == 0:
        return 0
    u = rng.random()
    if u < 0.55:
        base = 0
    elif u < 0.75:
        base = 1
    elif u < 0.85:
        base = 2
    elif u < 0.92:
        base = 3
    else:
        base = int(rng.integers(4, 13))
    return round(base * scale)


def _point(
    rng: np.random.Generator, lat: float, lon: float, radius_km: float
) -> tuple[float, float]:
    """Draw a point uniformly in a disc of radius_km around (lat, lon), inside Iraq."""
    outline = iraq_outline()
    for _ in range(1000):
        distance_m = radius_km * 1000.0 * np.sqrt(rng.random())
        azimuth = 360.0 * rng.random()
        x, y, _ = _GEOD.fwd(lon, lat, azimuth, distance_m)
        if shapely.contains_xy(outline, x, y):
            return float(y), float(x)
    return lat, lon  # pragma: no cover - every anchor lies well inside Iraq


def generate_sample(*, seed: int = SEED) -> pd.DataFrame:
    """Generate the synthetic incident set as an ACLED-layout text table.

    Parameters
    ----------
    seed : int, default SEED
        Seed of ``numpy.random.default_rng``; the default gives the bundled file.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ACLED_COLUMNS`, every value text, sorted by date;
        ``sum(YEAR_COUNTS.values())`` rows.

    Examples
    --------
    >>> table = generate_sample()
    >>> table["event_id_cnty"].iloc[0], table["tags"].iloc[0]
    ('IRQSYN00001', 'synthetic')
    """
    rng = np.random.default_rng(seed)
    shares = np.array([m[2] for m in EVENT_MIX])
    shares = shares / shares.sum()
    records: list[dict[str, str]] = []
    for year, count in YEAR_COUNTS.items():
        weights = np.array([a.weight * np.exp(-a.decay * (year - 2019)) for a in ANCHORS])
        weights = weights / weights.sum()
        first = pd.Timestamp(year=year, month=1, day=1)
        days = 366 if pd.Timestamp(year=year, month=12, day=31).day_of_year == 366 else 365
        for _ in range(count):
            anchor = ANCHORS[int(rng.choice(len(ANCHORS), p=weights))]
            day = first + pd.Timedelta(days=int(rng.integers(0, days)))
            background = rng.random() < _BACKGROUND_SHARE
            u = rng.random()
            precision = 1 if u < 0.70 else (2 if u < 0.90 else 3)
            if background:
                lat, lon = _point(rng, anchor.lat, anchor.lon, _BACKGROUND_KM)
                location = f"{anchor.name} area"
                if precision == 2:
                    precision = 1
            elif precision == 1:
                lat, lon = _point(rng, anchor.lat, anchor.lon, anchor.radius_km)
                location = anchor.name
            else:
                lat, lon = anchor.lat, anchor.lon
                location = anchor.name
            if precision == 3:
                location, lat, lon = anchor.seat
            kind = EVENT_MIX[int(rng.choice(len(EVENT_MIX), p=shares))]
            event_type, sub_event_type, _, scale = kind
            force = _force(rng, anchor, day)
            if sub_event_type in (
                "Remote explosive/landmine/IED",
                "Shelling/artillery/missile attack",
            ):
                actor1, actor2 = _ISIS, (_CIVILIANS if rng.random() < 0.2 else force)
            elif sub_event_type in ("Attack", "Abduction/forced disappearance"):
                actor1, actor2 = _ISIS, _CIVILIANS
            elif sub_event_type == "Air/drone strike":
                coalition = year <= 2021 and rng.random() < 0.25
                term = "(2021-)" if day >= _US_TERMS else "(2017-2021)"
                striker = f"{_COALITION} {term}" if coalition else _military(day)
                actor1, actor2 = striker, _ISIS
            else:
                actor1, actor2 = force, _ISIS
            fatalities = _fatalities(rng, scale)
            u = rng.random()
            time_precision = 1 if u < 0.90 else (2 if u < 0.98 else 3)
            inter1, inter2 = _inter(actor1), _inter(actor2)
            records.append(
                {
                    "event_date": day.strftime("%Y-%m-%d"),
                    "year": str(year),
                    "time_precision": str(time_precision),
                    "disorder_type": "Strategic developments"
                    if event_type == "Strategic developments"
                    else "Political violence",
                    "event_type": event_type,
                    "sub_event_type": sub_event_type,
                    "actor1": actor1,
                    "assoc_actor_1": "",
                    "inter1": inter1,
                    "actor2": actor2,
                    "assoc_actor_2": "",
                    "inter2": inter2,
                    "interaction": f"{inter1}-{inter2}",
                    "civilian_targeting": "Civilian targeting" if actor2 == _CIVILIANS else "",
                    "iso": "368",
                    "region": "Middle East",
                    "country": "Iraq",
                    "admin1": anchor.governorate,
                    "admin2": anchor.district,
                    "admin3": "",
                    "location": location,
                    "latitude": f"{lat:.4f}",
                    "longitude": f"{lon:.4f}",
                    "geo_precision": str(precision),
                    "source": SAMPLE_SOURCE,
                    "source_scale": "Other",
                    "notes": _NOTE,
                    "fatalities": str(fatalities),
                    "tags": "synthetic",
                    "timestamp": _TIMESTAMP,
                }
            )
    table = pd.DataFrame(records)
    table = table.sort_values("event_date", kind="stable", ignore_index=True)
    table.insert(0, "event_id_cnty", [f"IRQSYN{i:05d}" for i in range(1, len(table) + 1)])
    return table[list(ACLED_COLUMNS)]


def _csv_text(table: pd.DataFrame) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    writer.writerows(table[list(ACLED_COLUMNS)].itertuples(index=False, name=None))
    return buffer.getvalue()


def write_sample(path: str | PathLike[str] | None = None, *, seed: int = SEED) -> Path:
    """Write the synthetic set as CSV (UTF-8, Unix line ends); default the bundled file."""
    target = Path(path) if path is not None else BUNDLED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_csv_text(generate_sample(seed=seed)).encode("utf-8"))
    return target


if __name__ == "__main__":
    print(write_sample(sys.argv[1] if len(sys.argv) > 1 else None))
