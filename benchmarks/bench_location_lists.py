"""Location-list names → geocoder: wrong places, bare and with the row's own hint (#9).

``benchmarks/data/location_names.csv`` holds 403 location strings written for this
benchmark by the project's reviewers as analysts' files hold them: IOM DTM master-list
names (``DTM``) and their Arabic names (``DTM-AR``), ACLED ``location`` strings,
UCDP ``where_coordinates`` strings and free-form strings (``FREE``), for Kirkuk,
Diyala, Salahaddin, Nineveh, Erbil and Anbar, with the row's ``governorate`` and
``district`` columns and the real place's position from the writers' knowledge
(``confidence`` H within about 5 km, M within about 15 km; a town quarter is placed at
its town). They lean on the hard cases: names other places bear, quarter names,
personal names, features that villages are named after, spellings and Arabic script.

A wrong answer is a ``resolved`` row more than 25 km from the real place. The hinted
run passes the governorate (ACLED: governorate and district) as ``within=``, row by
row; rows without a governorate count only in the bare run.

``benchmarks/data/village_list.csv`` is a second, village-level set in the columns of
an IOM DTM master list (``Location ID, Governorate, District, Location Name, Arabic
Name, Latitude, Longitude``, with ``confidence``, ``kind``, ``note``): 246 villages,
towns, quarters and camps of Kirkuk, Diyala, Salah al-Din, Ninewa and Erbil, written
on 2026-11-30 by a reviewer who saw neither the gazetteer nor the code, 57 of them
names other places bear. Positions: the reviewer's knowledge for towns (``high``,
within about 3 km) and, for most small villages (``medium``, within about 8 km), the
points of Wikipedia's "Iraqi insurgency detailed map" module (CC BY-SA 4.0); a
yardstick only, nothing from it enters the project. It is geocoded by its English and
its Arabic names, bare, with the row's governorate, and with governorate and district.

Usage::

    python benchmarks/bench_location_lists.py [--list]   # --list prints every wrong one
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pandas as pd

import hotspot
from hotspot._geo import haversine_m

DATA = Path(__file__).resolve().parent / "data" / "location_names.csv"
VILLAGES = Path(__file__).resolve().parent / "data" / "village_list.csv"
WRONG_KM = 25.0


def _hint(row: pd.Series) -> object:
    if row["source"] == "ACLED" and row["district"]:
        return (row["governorate"], row["district"])
    return row["governorate"] or None


def distances_km(found: pd.DataFrame, truth: pd.DataFrame) -> np.ndarray:
    """Great-circle km from each answer to the true point (NaN where none)."""
    lat = np.array([p.y if not p.is_empty else np.nan for p in found.geometry])
    lon = np.array([p.x if not p.is_empty else np.nan for p in found.geometry])
    return haversine_m(truth["lat"].to_numpy(float), truth["lon"].to_numpy(float), lat, lon) / 1e3


def score(found: pd.DataFrame, truth: pd.DataFrame) -> tuple[int, np.ndarray]:
    """Resolved count and which rows are wrong (resolved, over 25 km off)."""
    resolved = (found["status"] == "resolved").to_numpy()
    return int(resolved.sum()), resolved & (distances_km(found, truth) > WRONG_KM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every wrong answer")
    args = parser.parse_args()
    with DATA.open(encoding="utf-8", newline="") as fh:
        truth = pd.DataFrame(list(csv.DictReader(fh)))
    hinted = truth[truth["governorate"] != ""].reset_index(drop=True)
    runs = {
        "bare": (truth, hotspot.geocode(truth["name"].tolist()).reset_index(drop=True)),
        "with the row's hint": (
            hinted,
            hotspot.geocode(
                hinted["name"].tolist(), within=[_hint(r) for _, r in hinted.iterrows()]
            ).reset_index(drop=True),
        ),
    }
    print(f"hotspot from {Path(hotspot.__file__).parent}")
    arabic = truth["source"].str.endswith("-AR").sum()
    print(f"{len(truth)} names ({arabic} in Arabic script), {len(hinted)} with a governorate")
    for label, (rows, found) in runs.items():
        resolved, wrong = score(found, rows)
        precise = wrong & (found["precision_km"].to_numpy(float) <= WRONG_KM)
        share = f"{100 * wrong.sum() / resolved:.1f}%" if resolved else "n/a"
        print(
            f"  {label:<20} n={len(rows):4d}  resolved {resolved:4d}  wrong {int(wrong.sum()):3d}"
            f" = {share} of resolved ({int(precise.sum())} claiming precision_km <= 25)"
        )
        if args.list:
            for i in np.flatnonzero(wrong):
                print(
                    f"      {rows['source'][i]:<6} {rows['name'][i]!r} -> {found['name'][i]} "
                    f"({found['feature_type'][i]}, {found['precision_km'][i]:g} km)"
                )
    village_list(args.list)


def village_list(listing: bool) -> None:
    """The DTM-style village list: English and Arabic names, bare and hinted."""
    table = pd.read_csv(VILLAGES, dtype=str, keep_default_na=False)
    truth = table.assign(lat=table["Latitude"], lon=table["Longitude"])
    print(f"{VILLAGES.name}: {len(truth)} places (DTM master-list columns)")
    hints = {
        "bare": None,
        "governorate": truth["Governorate"].tolist(),
        "governorate + district": list(zip(truth["Governorate"], truth["District"], strict=True)),
    }
    for column in ("Location Name", "Arabic Name"):
        kept = np.flatnonzero((truth[column] != "").to_numpy())
        rows = truth.iloc[kept].reset_index(drop=True)
        for label, hint in hints.items():
            within = None if hint is None else [hint[i] for i in kept]
            found = hotspot.geocode(rows[column].tolist(), within=within).reset_index(drop=True)
            resolved, wrong = score(found, rows)
            share = f"{100 * wrong.sum() / resolved:.1f}%" if resolved else "n/a"
            print(
                f"  {column + ', ' + label:<38} n={len(rows):4d}  resolved {resolved:4d}"
                f"  wrong {int(wrong.sum()):3d} = {share} of resolved"
            )
            if listing:
                for i in np.flatnonzero(wrong):
                    print(
                        f"      {rows[column][i]!r} ({rows['Governorate'][i]}) -> "
                        f"{found['name'][i]} ({found['feature_type'][i]}, "
                        f"{found['precision_km'][i]:g} km)"
                    )


if __name__ == "__main__":
    main()
