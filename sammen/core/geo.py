"""Reading and checking the GeoJSON a browser sends (a child's route, a place on the input
form's map). Geometries are EPSG:4326 with
coordinates in GeoJSON's [longitude, latitude] order."""

import json
import math
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Area(Protocol):
    """Whatever bounds the map: a process's map area."""

    def contains(self, lon: float, lat: float) -> bool: ...


MAX_ROUTE_POINTS = 500
# About 10 cm: finer than any finger on any map.
DECIMALS = 6


def _invalid() -> ValidationError:
    return ValidationError(
        _("Vi skjønte ikke tegningen. Prøv å tegne på nytt."), code="invalid_geojson"
    )


def _load(value: str | dict[str, Any], kind: str) -> list[Any]:
    if isinstance(value, str):
        if not value.strip():
            return []
        try:
            value = json.loads(value)
        except ValueError:
            raise _invalid() from None
    if not isinstance(value, dict) or value.get("type") != kind:
        raise _invalid()
    coordinates = value.get("coordinates")
    if not isinstance(coordinates, list):
        raise _invalid()
    return coordinates


def _position(item: Any) -> tuple[float, float]:
    if not isinstance(item, list) or len(item) != 2:
        raise _invalid()
    lon, lat = item
    for number in (lon, lat):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise _invalid()
        if not math.isfinite(number):
            raise _invalid()
    return round(float(lon), DECIMALS), round(float(lat), DECIMALS)


def line_string(coordinates: list[tuple[float, float]]) -> dict[str, Any]:
    return {"type": "LineString", "coordinates": [list(c) for c in coordinates]}


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]}


def clean_route(value: str | dict[str, Any], area: Area) -> dict[str, Any]:
    """A LineString inside the area, with at least two and at most MAX_ROUTE_POINTS points."""
    raw = _load(value, "LineString")
    if len(raw) > MAX_ROUTE_POINTS:
        raise ValidationError(
            _("Veien har for mange punkter. Du kan ha høyst %(max)s – prøv å trykke færre ganger.")
            % {"max": MAX_ROUTE_POINTS},
            code="too_many_points",
        )
    positions: list[tuple[float, float]] = []
    for item in raw:
        position = _position(item)
        # A double tap on the same spot is one point, not a piece of road.
        if not positions or positions[-1] != position:
            positions.append(position)
    if len(positions) < 2:
        raise ValidationError(
            _(
                "En vei trenger minst to punkter – trykk på kartet der du starter og der "
                "du slutter."
            ),
            code="too_few_points",
        )
    if not all(area.contains(lon, lat) for lon, lat in positions):
        raise ValidationError(
            _("Et av punktene er utenfor kartet vårt. Trykk bare innenfor den blå rammen."),
            code="outside_area",
        )
    return line_string(positions)


def clean_point(value: str | dict[str, Any], area: Area) -> dict[str, Any]:
    raw = _load(value, "Point")
    if not raw:
        raise ValidationError(
            _("Trykk på kartet der stedet er, før du lagrer."), code="missing_point"
        )
    lon, lat = _position(raw)
    if not area.contains(lon, lat):
        raise ValidationError(
            _("Stedet er utenfor kartet vårt. Velg et sted innenfor den blå rammen."),
            code="outside_area",
        )
    return point(lon, lat)


# A process's map area: a GeoJSON Polygon of one ring (no holes), EPSG:4326.
MAX_AREA_POINTS = 1000
# Mainland Norway with a margin (Lindesnes 57.98° N, Kinnarodden 71.13° N, Utsira 4.8° E,
# Vardø 31.1° E). A map area must lie wholly inside: an area drawn on the other side of the
# globe, or with latitude and longitude swapped, is a mistake, not a place a Norwegian
# municipality involves its residents.
NORWAY_BOUNDS = {"south": 57.5, "west": 4.0, "north": 71.5, "east": 31.5}


class PolygonArea:
    """A map area given as one closed ring of (lon, lat) positions."""

    def __init__(self, polygon: dict[str, Any]):
        self.ring = [(float(lon), float(lat)) for lon, lat in polygon["coordinates"][0]]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(south, west, north, east)."""
        lons = [lon for lon, _lat in self.ring]
        lats = [lat for _lon, lat in self.ring]
        return min(lats), min(lons), max(lats), max(lons)

    def contains(self, lon: float, lat: float) -> bool:
        """Inside the ring, or on its edge (a point on the border counts as inside, as it
        did for the bounding box the areas were before)."""
        return polygon_contains(self.ring, lon, lat)


def _on_segment(px, py, ax, ay, bx, by, tolerance=1e-12) -> bool:
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    if abs(cross) > tolerance:
        return False
    return min(ax, bx) - tolerance <= px <= max(ax, bx) + tolerance and (
        min(ay, by) - tolerance <= py <= max(ay, by) + tolerance
    )


def polygon_contains(ring: list[tuple[float, float]], lon: float, lat: float) -> bool:
    """Ray casting (even–odd rule) on the plane of longitude and latitude, which is exact
    enough for an area the size of a municipality."""
    inside = False
    count = len(ring)
    for index in range(count):
        ax, ay = ring[index]
        bx, by = ring[(index + 1) % count]
        if _on_segment(lon, lat, ax, ay, bx, by):
            return True
        if (ay > lat) != (by > lat):
            crossing = ax + (lat - ay) * (bx - ax) / (by - ay)
            if lon < crossing:
                inside = not inside
    return inside


def _orientation(a, b, c) -> int:
    value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return 0 if value == 0 else (1 if value > 0 else -1)


def _segments_cross(p1, p2, q1, q2) -> bool:
    o1, o2 = _orientation(p1, p2, q1), _orientation(p1, p2, q2)
    o3, o4 = _orientation(q1, q2, p1), _orientation(q1, q2, p2)
    if o1 != o2 and o3 != o4:
        return True
    # Collinear and overlapping.
    for a, b, c, o in ((p1, p2, q1, o1), (p1, p2, q2, o2), (q1, q2, p1, o3), (q1, q2, p2, o4)):
        if o == 0 and _on_segment(c[0], c[1], a[0], a[1], b[0], b[1], tolerance=0):
            return True
    return False


def ring_self_intersects(ring: list[tuple[float, float]]) -> bool:
    """Whether two edges of the closed ring (given without its closing point) cross or
    touch, other than neighbours meeting at their shared corner."""
    edges = [(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))]
    count = len(edges)
    for i in range(count):
        for j in range(i + 1, count):
            if j == i + 1 or (i == 0 and j == count - 1):
                continue
            if _segments_cross(*edges[i], *edges[j]):
                return True
    return False


def _area_error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _polygon_from_geojson(value: Any) -> list[Any]:
    """The outer ring's raw positions from a Polygon, a Feature holding one, or a
    FeatureCollection of exactly one such Feature (what drawing tools export)."""
    not_polygon = _area_error(
        _(
            "Kartområdet må være ett GeoJSON-polygon (type «Polygon»). Et punkt, en linje "
            "eller flere områder kan ikke brukes."
        ),
        "not_polygon",
    )
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise not_polygon
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        raise not_polygon
    rings = value.get("coordinates")
    if not isinstance(rings, list) or not rings or not isinstance(rings[0], list):
        raise not_polygon
    if len(rings) > 1:
        raise _area_error(
            _("Kartområdet kan ikke ha hull. Tegn bare yttergrensen."), "polygon_holes"
        )
    return rings[0]


def parse_area_lines(text: str) -> dict[str, Any]:
    """A polygon from lines of "latitude, longitude" (the order people read coordinates in,
    and the one map services copy), one corner a line."""
    positions = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [part for part in line.replace(";", ",").replace(" ", ",").split(",") if part]
        try:
            lat, lon = (float(part) for part in parts)
        except ValueError:
            raise _area_error(
                _(
                    "Linje %(line)s: skriv breddegrad og lengdegrad med komma mellom, "
                    "som «59.8334, 10.4349»."
                )
                % {"line": number},
                "bad_line",
            ) from None
        positions.append([lon, lat])
    return {"type": "Polygon", "coordinates": [positions]}


def clean_area_polygon(value: str | dict[str, Any]) -> dict[str, Any]:
    """A process's map area as a closed GeoJSON Polygon of one ring, inside Norway, with at
    least three distinct corners and no edges that cross. Raises a ValidationError saying
    what is wrong."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _area_error(
                _("Vi kunne ikke lese kartområdet: det er ikke gyldig GeoJSON."), "invalid_json"
            ) from None
    raw = _polygon_from_geojson(value)
    if len(raw) > MAX_AREA_POINTS + 1:
        raise _area_error(
            _("Kartområdet har for mange hjørner. Det kan ha høyst %(max)s.")
            % {"max": MAX_AREA_POINTS},
            "too_many_points",
        )
    ring: list[tuple[float, float]] = []
    for item in raw:
        if not isinstance(item, list) or len(item) not in (2, 3):
            raise _area_error(
                _("Et hjørne i kartområdet er ikke et par av koordinater."), "bad_position"
            )
        position = _position(item[:2])
        if not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
            raise _area_error(
                _("Et hjørne ligger utenfor jordkloden: breddegrad %(lat)s, lengdegrad %(lon)s.")
                % {"lat": position[1], "lon": position[0]},
                "off_earth",
            )
        if not ring or ring[-1] != position:
            ring.append(position)
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(set(ring)) < 3:
        raise _area_error(
            _("Kartområdet trenger minst tre forskjellige hjørner."), "too_few_points"
        )
    south, west, north, east = (NORWAY_BOUNDS[k] for k in ("south", "west", "north", "east"))
    outside = [
        (lon, lat) for lon, lat in ring if not (south <= lat <= north and west <= lon <= east)
    ]
    if outside:
        swapped = all(south <= lon <= north and west <= lat <= east for lon, lat in ring)
        if swapped:
            raise _area_error(
                _(
                    "Kartområdet ligger ikke i Norge. Det ser ut som breddegrad og lengdegrad "
                    "har byttet plass: skriv breddegraden (rundt 58–71) først."
                ),
                "swapped",
            )
        lon, lat = outside[0]
        raise _area_error(
            _(
                "Kartområdet må ligge i Norge, men hjørnet på breddegrad %(lat)s, lengdegrad "
                "%(lon)s ligger langt utenfor."
            )
            % {"lat": lat, "lon": lon},
            "outside_norway",
        )
    if ring_self_intersects(ring):
        raise _area_error(
            _(
                "Grensen til kartområdet krysser seg selv. Sett hjørnene i rekkefølge rundt "
                "området."
            ),
            "self_intersecting",
        )
    return {"type": "Polygon", "coordinates": [[list(p) for p in [*ring, ring[0]]]]}


def bbox_polygon(south: float, west: float, north: float, east: float) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ],
    }
