"""A real IOM DTM location master list → geocoder: wrong places, bare and hinted (#9).

Issue #9 measured the geocoder on "~2,600 village, town and neighbourhood names from a
humanitarian location master list of Kirkuk, Diyala, Salahaddin, Nineveh and Erbil",
a list the project does not have. This script measures it on such a list: the IOM
Displacement Tracking Matrix (DTM) Iraq master lists (IDP and returnee locations,
2015-2021) that the public repository ``mcdimant/refugee_predictive_model`` keeps in
``data/out/`` and ``data/inflow/`` (commit ``6f18678e5b9e``, the repository that
``../shared/data/ucdp_ged_irq`` comes from). Each location is one ``Place ID`` with
its English ``Location Name``, ``Arabic Name``, governorate, district and IOM's point.

The list is a **yardstick only**: it is read where you put it and nothing from it
enters the project (IOM's licence for these files could not be verified here, and a
list that is both a source and a yardstick measures nothing). Get it with::

    git clone https://github.com/mcdimant/refugee_predictive_model
    python benchmarks/bench_dtm_master_list.py refugee_predictive_model/data [--list]

(``HOTSPOT_DTM`` may name the folder instead). Without it the script says so and exits.

The files are read with the project's own :func:`hotspot.gazetteer.read_location_list`,
as an analyst would; a location seen in several files is kept once (its latest row).
A wrong answer is a ``resolved`` row more than 25 km from IOM's point; right is within
10 km. Names are geocoded bare, with the row's governorate as ``within=``, and with
governorate and district. The breakdown by ``match`` says where wrong answers come
from; ``--list`` prints them.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from bench_location_lists import distances_km, score  # one scoring rule (25 km)

import hotspot
from hotspot.gazetteer import read_location_list

GOVERNORATES = ("Kirkuk", "Diyala", "Salahaddin", "Nineveh", "Erbil")
RIGHT_KM = 10.0


def read_lists(folder: Path) -> pd.DataFrame:
    """One row per DTM location of the five governorates (the latest file's row).

    A location is its ``Location ID`` (the gazetteer id ``dtm-<Location ID>`` that
    :func:`read_location_list` gives it).
    """
    files = sorted(p for p in folder.rglob("*.csv") if "MasterList" in p.name)
    if not files:
        sys.exit(f"no DTM master-list CSV (*MasterList*.csv) under {folder}")
    frames = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # each file reports its blank and unmapped rows
        for order, path in enumerate(files):
            frames.append(read_location_list(path, id_prefix="dtm").assign(order=order))
    table = pd.concat(frames, ignore_index=True)
    table = table[table["governorate"].isin(GOVERNORATES)]
    table = table.sort_values("order", kind="stable").drop_duplicates("id", keep="last")
    return table.reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=os.environ.get("HOTSPOT_DTM"))
    parser.add_argument("--list", action="store_true", help="print every wrong answer")
    args = parser.parse_args()
    if not args.folder or not Path(args.folder).is_dir():
        print(
            "skipped: no DTM master lists (give the folder of a clone of "
            "github.com/mcdimant/refugee_predictive_model's data/, or set HOTSPOT_DTM)"
        )
        return
    table = read_lists(Path(args.folder))
    arabic = table["aliases"].str.split("|").str[0].fillna("")
    print(f"hotspot from {Path(hotspot.__file__).parent}")
    counts = ", ".join(f"{g} {n}" for g, n in table["governorate"].value_counts().items())
    print(f"{len(table)} DTM locations ({counts})")
    hints = {
        "bare": None,
        "governorate": table["governorate"].tolist(),
        "governorate + district": [
            (g, d) if d else g for g, d in zip(table["governorate"], table["district"], strict=True)
        ],
    }
    for column, names in (("Location Name", table["name"]), ("Arabic Name", arabic)):
        kept = np.flatnonzero((names != "").to_numpy())
        rows = table.iloc[kept].reset_index(drop=True)
        asked = names.iloc[kept].tolist()
        for label, hint in hints.items():
            within = None if hint is None else [hint[i] for i in kept]
            found = hotspot.geocode(asked, within=within).reset_index(drop=True)
            resolved, wrong = score(found, rows)  # the location-list benchmark's rule
            km = distances_km(found, rows)
            right = (found["status"] == "resolved").to_numpy() & (km <= RIGHT_KM)
            share = f"{100 * wrong.sum() / resolved:.1f}%" if resolved else "n/a"
            by = found.loc[wrong, "match"].value_counts().to_dict()
            print(
                f"  {column + ', ' + label:<38} n={len(rows):5d}  resolved {resolved:4d}"
                f"  right {right.sum():4d}  wrong {wrong.sum():3d} = {share} of resolved"
                f"  (wrong by match: {by})"
            )
            if args.list:
                for i in np.flatnonzero(wrong):
                    print(
                        f"      {asked[i]!r} ({rows['governorate'][i]} / {rows['district'][i]})"
                        f" -> {found['name'][i]} ({found['feature_type'][i]}, "
                        f"{found['match'][i]}, {km[i]:.0f} km)"
                    )


if __name__ == "__main__":
    main()
