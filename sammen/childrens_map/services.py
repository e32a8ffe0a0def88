from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from sammen.core import geo
from sammen.core.services import next_order, record_audit, save_validated
from sammen.processes.models import Process

from .models import (
    ChildPlace,
    ChildRoute,
    ChildSession,
    MapArea,
    NamedPlace,
)


@transaction.atomic
def set_map_area(
    *,
    actor,
    process: Process,
    south: float,
    west: float,
    north: float,
    east: float,
    centre_lat: float | None = None,
    centre_lon: float | None = None,
    zoom: int = 15,
    schools: Sequence[str] = (),
) -> MapArea:
    """Give the process its map area, or change it. The centre defaults to the middle."""
    area = MapArea.objects.filter(process=process).first()
    action = "update" if area else "create"
    area = area or MapArea(process=process)
    fields = {
        "south": south,
        "west": west,
        "north": north,
        "east": east,
        "centre_lat": (south + north) / 2 if centre_lat is None else centre_lat,
        "centre_lon": (west + east) / 2 if centre_lon is None else centre_lon,
        "zoom": zoom,
        "schools": [name.strip() for name in schools if name.strip()],
    }
    for name, value in fields.items():
        setattr(area, name, value)
    save_validated(area)
    record_audit(actor=actor, action=action, obj=area, changes=fields)
    return area


@transaction.atomic
def add_named_place(*, actor, area: MapArea, name: str, lat: float, lon: float) -> NamedPlace:
    if not area.contains(lon, lat):
        raise ValidationError({"lat": _("Stedet ligger utenfor kartområdet.")})
    order = next_order(area.places)
    place = NamedPlace(area=area, order=order, name=name.strip(), lat=lat, lon=lon)
    save_validated(place)
    record_audit(actor=actor, action="create", obj=place)
    return place


def _existing(model: type[models.Model], key: str | None, **scope: Any) -> Any:
    if not key:
        return None
    return model.objects.filter(idempotency_key=key, **scope).first()


def _save_once(obj: models.Model, key: str | None, **scope: Any) -> models.Model:
    """Validate and save obj; when a retry with the same key won the race, return that."""
    obj.full_clean(validate_constraints=False)
    try:
        # A savepoint, so losing the race leaves the caller's transaction usable.
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        if existing := _existing(type(obj), key, **scope):
            return existing
        raise
    return obj


@transaction.atomic
def start_child_session(
    *,
    actor=None,
    process: Process,
    grade: int,
    school: str,
    idempotency_key: str | None = None,
) -> ChildSession:
    """Start a child's visit. No name is asked or stored: grade and school only."""
    if existing := _existing(ChildSession, idempotency_key, process=process):
        return existing
    if not MapArea.objects.filter(process=process).exists():
        raise ValidationError(_("Denne prosessen har ikke barnetråkk."))
    if process.status != Process.Status.ACTIVE:
        raise ValidationError(_("Barnetråkket er avsluttet. Takk for at du ville være med!"))
    session = ChildSession(
        process=process,
        grade=grade,
        school=school.strip(),
        idempotency_key=idempotency_key or None,
    )
    saved = _save_once(session, idempotency_key, process=process)
    if saved is session:
        record_audit(actor=actor, action="create", obj=session)
    return saved


@transaction.atomic
def add_child_route(
    *,
    actor=None,
    session: ChildSession,
    geometry: str | dict[str, Any],
    travel_mode: str,
    destination: str,
    comment: str = "",
    idempotency_key: str | None = None,
) -> ChildRoute:
    """Store a way the child draws, as a GeoJSON LineString inside the process's area."""
    if existing := _existing(ChildRoute, idempotency_key, session=session):
        return existing
    area = MapArea.objects.get(process_id=session.process_id)
    try:
        line = geo.clean_route(geometry, area)
    except ValidationError as error:
        raise ValidationError({"geometry": error.messages}) from None
    route = ChildRoute(
        session=session,
        geometry=line,
        travel_mode=travel_mode,
        destination=destination,
        comment=comment.strip(),
        idempotency_key=idempotency_key or None,
    )
    saved = _save_once(route, idempotency_key, session=session)
    if saved is route:
        record_audit(actor=actor, action="create", obj=route)
    return saved


@transaction.atomic
def add_child_route_via_places(
    *,
    actor=None,
    session: ChildSession,
    places: Sequence[NamedPlace],
    travel_mode: str,
    destination: str,
    comment: str = "",
    idempotency_key: str | None = None,
) -> ChildRoute:
    """A way described without the map: the named places it passes, in order."""
    if any(place.area.process_id != session.process_id for place in places):
        raise ValidationError({"places": _("Et av stedene hører til et annet kart.")})
    distinct = [place for i, place in enumerate(places) if i == 0 or places[i - 1] != place]
    if len(distinct) < 2:
        raise ValidationError(
            {"places": _("En vei trenger minst to steder – velg der du starter og der du slutter.")}
        )
    line = geo.line_string([(place.lon, place.lat) for place in distinct])
    return add_child_route(
        actor=actor,
        session=session,
        geometry=line,
        travel_mode=travel_mode,
        destination=destination,
        comment=comment,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def add_child_place(
    *,
    actor=None,
    session: ChildSession,
    geometry: str | dict[str, Any],
    category: str,
    comment: str = "",
    idempotency_key: str | None = None,
) -> ChildPlace:
    """Store a place the child marks, as a GeoJSON Point inside the process's area."""
    if existing := _existing(ChildPlace, idempotency_key, session=session):
        return existing
    area = MapArea.objects.get(process_id=session.process_id)
    try:
        point = geo.clean_point(geometry, area)
    except ValidationError as error:
        raise ValidationError({"geometry": error.messages}) from None
    place = ChildPlace(
        session=session,
        geometry=point,
        category=category,
        comment=comment.strip(),
        idempotency_key=idempotency_key or None,
    )
    saved = _save_once(place, idempotency_key, session=session)
    if saved is place:
        record_audit(actor=actor, action="create", obj=place)
    return saved


@transaction.atomic
def add_child_place_at(
    *,
    actor=None,
    session: ChildSession,
    named_place: NamedPlace,
    category: str,
    comment: str = "",
    idempotency_key: str | None = None,
) -> ChildPlace:
    """A place chosen from the list of named places instead of on the map."""
    if named_place.area.process_id != session.process_id:
        raise ValidationError({"named_place": _("Stedet hører til et annet kart.")})
    return add_child_place(
        actor=actor,
        session=session,
        geometry=geo.point(named_place.lon, named_place.lat),
        category=category,
        comment=comment,
        idempotency_key=idempotency_key,
    )
