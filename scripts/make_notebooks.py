"""Write the notebooks in notebooks/ (committed without outputs; CI executes them)."""

import subprocess
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent.parent / "notebooks"


def notebook(cells):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb


quickstart = notebook(
    [
        new_markdown_cell(
            "# hotspot quickstart\n\nGeocode Iraqi place names as they are written in the news, "
            "find hotspots in incident data and look at them on a map. Everything here runs "
            "offline on data bundled with hotspot."
        ),
        new_code_cell("import hotspot\nhotspot.__version__"),
        new_markdown_cell(
            "## One name\n\nSpelling variants of one place resolve to the same gazetteer row; "
            "the result carries the governorate, district and disputed territory."
        ),
        new_code_cell(
            'names = ["Wadi Zghetoon", "Zghaitun valley", "Qarachogh", "Qara Chokh mountains"]\n'
            "for name in names:\n"
            "    r = hotspot.resolve(name)\n"
            "    print(f\"{name!r:26} -> {r.status:9} {r.place.name if r.place else '':22} \"\n"
            "          f\"{r.place.governorate if r.place else ''}\")"
        ),
        new_markdown_cell(
            "## A column of names\n\nOne output row per input row, on the same index; "
            "unresolved names stay, with an empty geometry."
        ),
        new_code_cell(
            'names = ["Sharaban", "Tooz", "Makhmour", "Kirkuk province", "Rashad", "Xyzzy"]\n'
            "hotspot.geocode(names)"
        ),
        new_markdown_cell("`within=` settles an ambiguous name:"),
        new_code_cell('hotspot.resolve("Rashad", within="Diyala").place'),
        new_markdown_cell("## Free text"),
        new_code_cell(
            'text = ("Security forces raided ISIS hideouts in the Hamrin Mountains and in Wadi '
            'al-Shay, south of Kirkuk, while Peshmerga units searched Qarachogh near Makhmour.")\n'
            'hotspot.extract_places(text)[["surface", "start", "end", "status", "name", '
            '"feature_type", "disputed"]]'
        ),
        new_markdown_cell(
            "## Hotspots\n\nThe bundled sample is **synthetic** (ACLED layout, shaped like ISIS "
            "remnant activity 2019-2025). DBSCAN runs on great-circle distances; coarse "
            "locations (district centroids) are left out and counted."
        ),
        new_code_cell(
            "incidents = hotspot.load_sample_incidents()\n"
            "result = hotspot.find_hotspots(incidents, eps_m=5000, min_samples=10)\n"
            "result"
        ),
        new_code_cell(
            'result.hotspots[["hotspot", "label", "incidents", "fatalities", "area_km2", '
            '"disputed"]].head()'
        ),
        new_markdown_cell(
            "## A map\n\nResult objects draw themselves with `.explore()`; the map displays "
            "inline and `hotspot.save_map` writes it as one offline HTML file."
        ),
        new_code_cell('result.explore(title="Synthetic sample: hotspots")'),
    ]
)

workflow = notebook(
    [
        new_markdown_cell(
            "# Analyst workflow\n\nReports → geocoded incidents → hotspots → vacuum zones → "
            "briefing map → export. The reports and the incident table used here are bundled "
            "with hotspot and are **invented/synthetic**; the boundary layers are **schematic**."
        ),
        new_code_cell(
            "from pathlib import Path\n"
            "import tempfile\n"
            "import pandas as pd\n"
            "import geopandas as gpd\n"
            "import hotspot\n"
            "from hotspot._data import data_path\n"
            "out = Path(tempfile.mkdtemp(prefix='hotspot-brief-'))"
        ),
        new_markdown_cell(
            "## 1. Reports → incidents\n\nEach event sentence becomes an incident; "
            "the place is geocoded and the sentence kept as evidence."
        ),
        new_code_cell(
            'reports = sorted(data_path("sample_reports").glob("*.txt"))\n'
            'from_reports = hotspot.incidents_from_reports(reports, report_dates="header")\n'
            'from_reports[["date", "event_type", "place", "fatalities", "evidence"]]'
        ),
        new_markdown_cell(
            "## 2. Add the event table\n\nThe synthetic ACLED-layout sample, read "
            "through the same schema; the report incidents are appended."
        ),
        new_code_cell(
            "table = hotspot.load_sample_incidents()\n"
            "incidents = gpd.GeoDataFrame(pd.concat([table, from_reports], ignore_index=True),\n"
            "                             crs=4326)\n"
            "len(table), len(from_reports), len(incidents)"
        ),
        new_markdown_cell(
            "## 3. Hotspots\n\nChoose the radius with the k-distance curve, then cluster."
        ),
        new_code_cell(
            "kd = hotspot.k_distance(incidents, k=10)\n"
            "print(f'knee of the 10-distance curve: {kd.knee_m / 1000:.1f} km')\n"
            "hot = hotspot.find_hotspots(incidents, eps_m=5000, min_samples=10)\n"
            "hot.summary()"
        ),
        new_markdown_cell(
            "## 4. Security-vacuum zones and the rate ratio\n\nThe band between "
            "the federal and KRG lines, and whether incidents concentrate in it."
        ),
        new_code_cell(
            "located = hot.incidents[~hot.incidents.geometry.is_empty]\n"
            "gaps = hotspot.find_gaps(incidents=located, hotspots=hot.hotspots)\n"
            "print(gaps.summary())\n"
            "o = gaps.overlay\n"
            "print(f'rate ratio inside/outside the vacuum: {o.rate_ratio:.2f} '\n"
            "      f'(95% CI {o.ci_low:.2f}-{o.ci_high:.2f}, p = {o.p_value:.3f})')"
        ),
        new_code_cell(
            'gaps.zones[["label", "area_km2", "width_min_km", "width_median_km", '
            '"width_max_km", "n_incidents"]]'
        ),
        new_markdown_cell("## 5. Briefing map"),
        new_code_cell(
            "m = hotspot.briefing_map(\n"
            "    incidents=located, hotspots=hot.hotspots, zones=gaps.zones,\n"
            "    territories=hotspot.load_disputed_territories(),\n"
            "    control_lines=hotspot.load_control_lines(),\n"
            '    title="Vacuum zones and hotspots (synthetic sample)",\n'
            '    sources=["hotspot synthetic sample", "invented example reports"])\n'
            'hotspot.save_map(m, out / "briefing_map.html")\n'
            "m"
        ),
        new_markdown_cell(
            "## 6. Export for QGIS\n\nRFC 7946 GeoJSON and one GeoPackage with the styles embedded."
        ),
        new_code_cell(
            "hotspot.write_geopackage({\n"
            '    "incidents": hot.incidents, "hotspots": hot.hotspots,\n'
            '    "vacuum_zones": gaps.zones,\n'
            '    "control_lines": hotspot.load_control_lines(),\n'
            '    "disputed_territories": hotspot.load_disputed_territories()},\n'
            '    out / "analysis.gpkg")\n'
            'hotspot.write_geojson(hot.hotspots, out / "hotspots.geojson", style="hotspots")\n'
            "sorted(p.name for p in out.iterdir())"
        ),
        new_markdown_cell("The same pipeline runs from the shell: `hotspot analyze --out brief/`."),
    ]
)

for name, nb in {"quickstart.ipynb": quickstart, "analyst_workflow.ipynb": workflow}.items():
    nbformat.write(nb, HERE / name)
    print("wrote", HERE / name)
# The notebooks are linted like the code: let ruff sort imports and format the cells.
subprocess.run(["ruff", "check", "--fix", "-q", str(HERE)], check=False)
subprocess.run(["ruff", "format", "-q", str(HERE)], check=True)
