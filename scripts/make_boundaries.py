"""Fit the schematic October 2017 control lines to the bundled country outline.

Run from the repository root: ``python scripts/make_boundaries.py``.

``boundaries/control_lines.geojson`` is the source of truth of the two schematic
forward lines (federal forces and Peshmerga after October 2017): its vertices were
hand-drawn for hotspot from press and think-tank reporting, and its properties say so
(``as_of``, ``schematic``, ``accuracy_km``, ``source``). This script holds no vertex.
It only makes both lines run from border to border on the bundled country outline
(OCHA COD-AB ADM0, ``hotspot._admin.country_outline``): an end that is not on the
border is extended along its last segment by :data:`EXTEND_KM`, the line is clipped to
the outline and the longest piece inside is kept. Every other vertex and every property
is kept; the file is rewritten with 5 decimals (RFC 7946). Running it twice changes
nothing.

The disputed-territory polygons are not drawn any more: they are dissolved from the
bundled OCHA districts and sub-districts (``hotspot.boundaries.load_disputed_territories``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyproj
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hotspot._admin import country_outline  # noqa: E402

LINES = ROOT / "boundaries" / "control_lines.geojson"
DIGITS = 5
#: How far an end may be extended to reach the border (km). Far below accuracy_km.
EXTEND_KM = 5.0
_GEOD = pyproj.Geod(ellps="WGS84")


def _extended(coords: list[list[float]], border: shapely.Geometry) -> list[list[float]]:
    """The line with each end not yet on the border pushed EXTEND_KM further along."""
    out = [list(c) for c in coords]
    for end, inner in ((0, 1), (-1, -2)):
        (x0, y0), (x1, y1) = out[inner], out[end]
        if shapely.distance(border, shapely.Point(x1, y1)) <= 10**-DIGITS:
            continue
        azimuth, _, _ = _GEOD.inv(x0, y0, x1, y1)
        x, y, _ = _GEOD.fwd(x1, y1, azimuth, EXTEND_KM * 1000)
        if end == 0:
            out.insert(0, [x, y])
        else:
            out.append([x, y])
    return out


def fit(feature: dict, outline: shapely.Geometry) -> dict:
    """Return the feature with its line clipped to run from border to border."""
    coords = feature["geometry"]["coordinates"]
    clipped = shapely.LineString(_extended(coords, outline.exterior)).intersection(outline)
    line = max(shapely.get_parts(clipped), key=lambda g: g.length)
    line = shapely.set_precision(line, 10**-DIGITS)
    ends = shapely.points(shapely.get_coordinates(line)[[0, -1]])
    gap = shapely.distance(outline.exterior, ends).max()
    if gap > 10**-DIGITS:
        raise SystemExit(
            f"{feature['properties']['id']}: an end stays {gap:.4f} deg from the border after "
            f"extending it by {EXTEND_KM} km; check the line"
        )
    rounded = [[round(x, DIGITS), round(y, DIGITS)] for x, y in shapely.get_coordinates(line)]
    return {**feature, "geometry": {"type": "LineString", "coordinates": rounded}}


def main() -> None:
    doc = json.loads(LINES.read_text(encoding="utf-8"))
    outline = country_outline()
    doc["features"] = [fit(f, outline) for f in doc["features"]]
    LINES.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {LINES} ({len(doc['features'])} lines, {LINES.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
