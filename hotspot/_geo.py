"""Shared geodesy helpers: the Earth radius, great-circle distances, unit vectors.

Everything here works on the sphere of radius :data:`EARTH_RADIUS_M` (the IUGG
mean Earth radius, also used by scikit-learn users to turn haversine radians
into metres), or in the metric CRS :data:`METRIC_CRS` (EPSG:32638, WGS 84 /
UTM zone 38N).

How exact that is for Iraq: great-circle distances on the mean sphere differ
from WGS 84 ellipsoidal ones by at most about 0.3 % (±11 m at 5 km, depending on
direction). UTM 38N is centred on 45°E; its scale error is under 0.1 % across
the disputed territories (42-46°E), 0.25 % at 41°E and 0.37 % (0.74 % in area)
at Iraq's western edge, 38.8°E. Gap widths and buffers are computed in it;
hotspot areas are measured on the ellipsoid (``pyproj.Geod``).

Examples
--------
>>> round(haversine_m(35.0, 44.0, 36.0, 44.0))
111195
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "EARTH_RADIUS_M",
    "GEOGRAPHIC_CRS",
    "METRIC_CRS",
    "POINT_LIKE_KM",
    "chord_from_m",
    "haversine_m",
    "m_from_chord",
    "unit_vectors",
]

#: Mean Earth radius in metres (IUGG R1 = 6,371,008.8 m).
EARTH_RADIUS_M: float = 6_371_008.8

#: The CRS of geographic data: WGS 84 longitude/latitude in degrees.
GEOGRAPHIC_CRS: str = "EPSG:4326"

#: The metric CRS for areas and buffers in Iraq: WGS 84 / UTM zone 38N.
METRIC_CRS: str = "EPSG:32638"

#: A place whose point is within this many km of it is point-like (a town, a
#: bridge); one given more loosely (a range, a river, a wide unit) stands for an
#: area: it reaches every unit within its precision, takes no territory from its
#: point, and places an incident no better than "near" (precision 2).
POINT_LIKE_KM: float = 5.0


def haversine_m(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> np.ndarray | float:
    """Return the great-circle distance in metres between points given in degrees.

    Uses the haversine formula on a sphere of radius :data:`EARTH_RADIUS_M`.
    Arguments broadcast against each other.

    Parameters
    ----------
    lat1, lon1 : array_like
        Latitude and longitude of the first points, in degrees (EPSG:4326).
    lat2, lon2 : array_like
        Latitude and longitude of the second points, in degrees.

    Returns
    -------
    numpy.ndarray or float
        Distances in metres (a float for scalar input).

    Examples
    --------
    >>> round(float(haversine_m(35.0, 44.0, 35.0, 45.0)))
    91085
    >>> haversine_m([35.0, 35.0], [44.0, 44.0], 35.0, 44.0).tolist()
    [0.0, 0.0]
    """
    phi1, lam1, phi2, lam2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2)
    )
    s_phi = np.sin(0.5 * (phi1 - phi2))
    s_lam = np.sin(0.5 * (lam1 - lam2))
    h = s_phi * s_phi + np.cos(phi1) * np.cos(phi2) * s_lam * s_lam
    out = 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(out) if np.ndim(out) == 0 else out


def unit_vectors(lat_rad: ArrayLike, lon_rad: ArrayLike) -> np.ndarray:
    """Return 3D unit vectors (x, y, z) for latitudes and longitudes in radians.

    Parameters
    ----------
    lat_rad, lon_rad : array_like
        Latitude and longitude in radians.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(n, 3)``.

    Examples
    --------
    >>> unit_vectors([0.0], [0.0]).tolist()
    [[1.0, 0.0, 0.0]]
    """
    lat = np.asarray(lat_rad, dtype=float).ravel()
    lon = np.asarray(lon_rad, dtype=float).ravel()
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def chord_from_m(distance_m: float) -> float:
    """Return the chord length on the unit sphere for a great-circle distance in metres.

    The chord ``2·sin(d / 2R)`` grows strictly with the great-circle distance
    ``d`` up to half the circumference, so a radius query on unit vectors with
    this chord finds exactly the points within ``distance_m``.

    Parameters
    ----------
    distance_m : float
        Great-circle distance in metres.

    Returns
    -------
    float
        Chord length (dimensionless, unit sphere).

    Examples
    --------
    >>> round(chord_from_m(1000.0) * EARTH_RADIUS_M, 6)
    999.999999
    """
    return 2.0 * float(np.sin(0.5 * min(distance_m / EARTH_RADIUS_M, np.pi)))


def m_from_chord(chord: ArrayLike) -> np.ndarray | float:
    """Return the great-circle distance in metres for unit-sphere chord lengths.

    Parameters
    ----------
    chord : array_like
        Chord lengths between unit vectors (0 to 2).

    Returns
    -------
    numpy.ndarray or float
        Distances in metres.

    Examples
    --------
    >>> round(float(m_from_chord(chord_from_m(5000.0))), 6)
    5000.0
    """
    c = np.clip(np.asarray(chord, dtype=float), 0.0, 2.0)
    out = 2.0 * EARTH_RADIUS_M * np.arcsin(0.5 * c)
    return float(out) if np.ndim(out) == 0 else out
