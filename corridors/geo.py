"""Great-circle distances on the WGS84 mean sphere, standard library only.

Used on the fast path (validation on load, snapping) where importing pyproj would cost more
than the whole query. The mean Earth radius (IUGG R1 = 6371.0088 km) keeps the error against
the WGS84 ellipsoid (pyproj.Geod) within about 0.5 %; the tests check it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

__all__ = ["EARTH_RADIUS_KM", "great_circle_km", "path_length_km"]

#: IUGG mean Earth radius R1, km.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two WGS84 points (haversine).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        Decimal degrees.

    Returns
    -------
    float
        Distance in km.

    Examples
    --------
    >>> round(great_circle_km(43.2389, 76.8897, 38.5598, 68.7870))  # Almaty to Dushanbe
    856
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def parse_points(text: str) -> list[tuple[float, float]]:
    """Return the ``(lat, lon)`` points of ``"lat lon;lat lon;..."`` text (links' waypoints).

    Raises
    ------
    ValueError
        For a part that is not two numbers.

    Examples
    --------
    >>> parse_points("43.25 76.95; 42.3,69.6")
    [(43.25, 76.95), (42.3, 69.6)]
    """
    out = []
    for part in (p.strip() for p in (text or "").split(";") if p.strip()):
        lat, lon = part.replace(",", " ").split()
        out.append((float(lat), float(lon)))
    return out


def path_length_km(points: Iterable[Sequence[float]]) -> float:
    """Return the great-circle length in km of a polyline of ``(lat, lon)`` points."""
    total = 0.0
    prev: Sequence[float] | None = None
    for pt in points:
        if prev is not None:
            total += great_circle_km(prev[0], prev[1], pt[0], pt[1])
        prev = pt
    return total
