from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sammen.processes.models import Process

from .models import ChildPlace, ChildRoute, ChildSession, MapArea, PlaceCategory

ROUTES_ONLY = "veier"


def get_map_area(process: Process) -> MapArea:
    """The process's map area, or a 404 saying the process has no Barnetråkk."""
    try:
        return MapArea.objects.get(process=process)
    except MapArea.DoesNotExist:
        raise Http404(_("Denne prosessen har ikke barnetråkk.")) from None


def get_child_session(process: Process, session_id: int | None) -> ChildSession | None:
    if session_id is None:
        return None
    return ChildSession.objects.filter(process=process, pk=session_id).first()


def session_by_key(process: Process, key: str | None) -> ChildSession | None:
    """The session a start with this key already stored (a resent start), if any."""
    if not key:
        return None
    return ChildSession.objects.filter(process=process, idempotency_key=key).first()


def _feature(item: ChildRoute | ChildPlace, kind: str, **properties: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": item.geometry,
        "properties": {
            "kind": kind,
            "grade": item.session.grade,
            "school": item.session.school,
            **properties,
            "comment": item.comment,
            "created_at": item.created_at.isoformat(),
        },
    }


def route_feature(route: ChildRoute) -> dict[str, Any]:
    return _feature(
        route,
        "route",
        destination=route.destination,
        destination_label=str(route.get_destination_display()),
        travel_mode=route.travel_mode,
        travel_mode_label=str(route.get_travel_mode_display()),
    )


def place_feature(place: ChildPlace) -> dict[str, Any]:
    return _feature(
        place,
        "place",
        category=place.category,
        category_label=str(place.get_category_display()),
    )


def feature_collection(
    routes: QuerySet[ChildRoute] | list[ChildRoute],
    places: QuerySet[ChildPlace] | list[ChildPlace],
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946: EPSG:4326, [longitude, latitude])."""
    return {
        "type": "FeatureCollection",
        "features": [route_feature(r) for r in routes] + [place_feature(p) for p in places],
    }


def session_items(session: ChildSession) -> tuple[QuerySet[ChildRoute], QuerySet[ChildPlace]]:
    return (
        session.routes.select_related("session"),
        session.places.select_related("session"),
    )


@dataclass
class PlannerResults:
    routes: QuerySet[ChildRoute]
    places: QuerySet[ChildPlace]
    children: int
    route_count: int
    place_counts: list[tuple[str, str, int]] = field(default_factory=list)


def planner_results(
    process: Process, *, grade: int | None = None, category: str = ""
) -> PlannerResults:
    """The children's routes and places, filtered by grade and by category ("veier" for
    routes only, a place category for those places only, "" for everything)."""
    sessions = ChildSession.objects.filter(process=process)
    if grade is not None:
        sessions = sessions.filter(grade=grade)
    routes = ChildRoute.objects.filter(session__in=sessions).select_related("session")
    places = ChildPlace.objects.filter(session__in=sessions).select_related("session")
    if category == ROUTES_ONLY:
        places = places.none()
    elif category:
        routes = routes.none()
        places = places.filter(category=category)
    by_category = dict(places.values_list("category").annotate(n=Count("id")).order_by())
    return PlannerResults(
        routes=routes,
        places=places,
        children=sessions.count(),
        route_count=routes.count(),
        place_counts=[
            (value, str(label), by_category.get(value, 0)) for value, label in PlaceCategory.choices
        ],
    )


def map_config(area, features: dict) -> dict:
    """What the map script needs; the tile source is read per request, never at import.
    `area` is the Barnetråkk MapArea, or the Process itself for a process without one."""
    process = area if isinstance(area, Process) else area.process
    polygon = process.map_polygon
    south, west, north, east = polygon.bounds
    return {
        "tileUrl": settings.SAMMEN_MAP_TILE_URL,
        "attribution": settings.SAMMEN_MAP_ATTRIBUTION,
        "bounds": [[south, west], [north, east]],
        # Leaflet's order: [lat, lon].
        "outline": [[lat, lon] for lon, lat in polygon.ring],
        "centre": [
            getattr(area, "centre_lat", (south + north) / 2),
            getattr(area, "centre_lon", (west + east) / 2),
        ],
        "zoom": getattr(area, "zoom", 15),
        "features": features,
        "labels": {
            "zoomIn": _("Zoom inn"),
            "zoomOut": _("Zoom ut"),
            "tooFew": _(
                "En vei trenger minst to punkter – trykk på kartet der du starter og der "
                "du slutter."
            ),
            "routeReady": _(
                "Veien har %(n)s punkter. Velg hvor veien går og hvordan du reiser, og trykk "
                "«Lagre veien»."
            ),
            "routePoints": _("Veien har %(n)s punkter."),
            "placeSet": _("Stedet er merket. Velg hva slags sted det er, og trykk «Lagre stedet»."),
            "outside": _(
                "Oi! Der du trykket, er utenfor kartet vårt, så det ble ikke med. Trykk innenfor "
                "den blå rammen."
            ),
        },
    }
