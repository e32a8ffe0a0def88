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
