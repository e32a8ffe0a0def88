import datetime
from collections.abc import Callable, Sequence
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.core import geo
from sammen.core.idempotency import save_once
from sammen.core.services import next_order, record_audit, save_changes, save_validated
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity
from sammen.engagement.services import update_activity
from sammen.processes.models import Process
from sammen.processes.services import clone

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
    centre_lat: float | None = None,
    centre_lon: float | None = None,
    zoom: int = 15,
    schools: Sequence[str] = (),
) -> MapArea:
    """Give the process Barnetråkk, or change its settings. The area is the process's polygon
    (processes.services.set_area_polygon); the centre defaults to the middle of its bounds."""
    area = MapArea.objects.filter(process=process).first()
    action = "update" if area else "create"
    area = area or MapArea(process=process)
    polygon = process.map_polygon
    if polygon is None:
        raise ValidationError(
            _("Prosessen har ikke noe kartområde ennå. Tegn eller last opp området først.")
        )
    south, west, north, east = polygon.bounds
    fields = {
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


@transaction.atomic
def update_named_place(*, actor, place: NamedPlace, **fields: Any) -> NamedPlace:
    lat, lon = fields.get("lat", place.lat), fields.get("lon", place.lon)
    if not place.area.contains(lon, lat):
        raise ValidationError({"lat": _("Stedet ligger utenfor kartområdet.")})
    save_changes(actor=actor, obj=place, fields=fields)
    return place


@transaction.atomic
def delete_named_place(*, actor, place: NamedPlace) -> None:
    record_audit(actor=actor, action="delete", obj=place, scope=place.area.process)
    place.delete()


def copy_map_area(*, actor, template: Process, process: Process) -> None:
    """Barnetråkk's settings and named places, for a process made from the template (never
    the children's routes and places). Runs inside copy_process's transaction."""
    area = MapArea.objects.filter(process=template).first()
    if area is None:
        return
    copy = clone(area, process_id=process.pk)
    save_validated(copy)
    record_audit(actor=actor, action="create", obj=copy, scope=process)
    for place in area.places.order_by("order"):
        place_copy = clone(place, area_id=copy.pk)
        save_validated(place_copy)
        record_audit(actor=actor, action="create", obj=place_copy, scope=process)


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

    def create() -> ChildSession:
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
        return _create(actor, session)

    scope = ChildSession.objects.filter(process=process)
    return save_once(scope, idempotency_key, create)[0]


def _create[M: models.Model](actor, obj: M) -> M:
    obj.full_clean(validate_constraints=False)
    obj.save()
    record_audit(actor=actor, action="create", obj=obj)
    return obj


def _check_room(session: ChildSession, model: type[ChildRoute | ChildPlace]) -> None:
    """Refuse a route or place beyond what one child session may hold (a bot keeps one
    session and draws for ever; a child is done long before)."""
    # Locked, so two saves sent at once cannot both take the last free spot.
    ChildSession.objects.select_for_update().filter(pk=session.pk).exists()
    if model is ChildRoute:
        most = settings.SAMMEN_CHILDRENS_MAP_SESSION_ROUTES
        message = ngettext(
            "Du har lagret %(max)d vei, og det er det meste vi tar imot fra én elev. "
            "Takk! Trykk «Jeg er ferdig» når du er klar.",
            "Du har lagret %(max)d veier, og det er det meste vi tar imot fra én elev. "
            "Takk! Trykk «Jeg er ferdig» når du er klar.",
            most,
        )
    else:
        most = settings.SAMMEN_CHILDRENS_MAP_SESSION_PLACES
        message = ngettext(
            "Du har lagret %(max)d sted, og det er det meste vi tar imot fra én elev. "
            "Takk! Trykk «Jeg er ferdig» når du er klar.",
            "Du har lagret %(max)d steder, og det er det meste vi tar imot fra én elev. "
            "Takk! Trykk «Jeg er ferdig» når du er klar.",
            most,
        )
    if model.objects.filter(session=session).count() >= most:
        raise ValidationError(message % {"max": most}, code="session_full")


def _add_drawn[M: ChildRoute | ChildPlace](
    obj: M,
    clean: Callable[[Any, MapArea], dict[str, Any]],
    actor,
    session: ChildSession,
    geometry: str | dict[str, Any],
    comment: str,
    idempotency_key: str | None,
) -> M:
    """Store a route or place the child drew, once per key, as GeoJSON inside the area."""

    def create() -> M:
        _check_room(session, type(obj))
        area = MapArea.objects.get(process_id=session.process_id)
        try:
            obj.geometry = clean(geometry, area)
        except ValidationError as error:
            raise ValidationError({"geometry": error.messages}) from None
        obj.session = session
        obj.comment = comment.strip()
        obj.idempotency_key = idempotency_key or None
        return _create(actor, obj)

    return save_once(type(obj).objects.filter(session=session), idempotency_key, create)[0]


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
    route = ChildRoute(travel_mode=travel_mode, destination=destination)
    return _add_drawn(route, geo.clean_route, actor, session, geometry, comment, idempotency_key)


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
    place = ChildPlace(category=category)
    return _add_drawn(place, geo.clean_point, actor, session, geometry, comment, idempotency_key)


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


@transaction.atomic
def count_children_into_activity(*, actor, activity: Activity) -> Activity:
    """The Barnetråkk activity counts its children from the map: its participants become the
    number of children who used the process's map (as the planner counts them: one visit, one
    child), an exact count. Run again after more children have drawn."""
    if activity.method.kind != MethodKind.CHILDRENS_MAP:
        raise ValidationError(_("Aktiviteten er ikke et barnetråkk."))
    children = ChildSession.objects.filter(process_id=activity.method.process_id).count()
    if not children:
        raise ValidationError(_("Ingen barn har brukt kartet ennå."))
    return update_activity(
        actor=actor,
        activity=activity,
        participants_low=children,
        participants_high=children,
        participants_estimated=False,
    )


@transaction.atomic
def purge_expired_child_comments(*, actor=None, today: datetime.date | None = None) -> int:
    """Empty what children wrote in their comments once the process's retention period has
    run out, counted from the day they drew: free text may hold a name even though we ask
    for none. The routes and places stay (no name, no person: a grade and a school). Returns
    how many sessions had comments emptied; each is audited without the words."""
    today = today or timezone.localdate()
    purged = 0
    for process in Process.objects.filter(child_sessions__isnull=False).distinct():
        first_kept = today - relativedelta(months=process.retention_months)
        cutoff = timezone.make_aware(datetime.datetime.combine(first_kept, datetime.time.min))
        sessions = ChildSession.objects.filter(process=process, created_at__lt=cutoff)
        routes = ChildRoute.objects.filter(session__in=sessions).exclude(comment="")
        places = ChildPlace.objects.filter(session__in=sessions).exclude(comment="")
        ids = set(routes.values_list("session_id", flat=True))
        ids |= set(places.values_list("session_id", flat=True))
        for session in ChildSession.objects.filter(pk__in=ids).order_by("pk"):
            counts = {
                "routes": ChildRoute.objects.filter(session=session)
                .exclude(comment="")
                .update(comment=""),
                "places": ChildPlace.objects.filter(session=session)
                .exclude(comment="")
                .update(comment=""),
            }
            record_audit(actor=actor, action="purge_comments", obj=session, changes=counts)
            purged += 1
    return purged
