"""Small factories for Barnetråkk tests. They go through the services, as the app does."""

from typing import Any

from sammen.childrens_map.models import ChildPlace, ChildRoute, ChildSession, MapArea
from sammen.childrens_map.services import (
    add_child_place,
    add_child_route,
    add_named_place,
    set_map_area,
    start_child_session,
)
from sammen.core.geo import bbox_polygon
from sammen.processes.models import Process
from sammen.processes.services import set_area_polygon
from sammen.processes.tests import factories as process_factories

# A small box around Borgen, Asker.
BBOX = {"south": 59.83, "west": 10.42, "north": 59.85, "east": 10.45}
PLACES = [
    ("Skolen", 59.845, 10.425),
    ("Butikken", 59.840, 10.430),
    ("Fotballbanen", 59.838, 10.445),
    ("Biblioteket", 59.834, 10.436),
]


def make_process(slug: str = "nabolaget") -> Process:
    return process_factories.make_process(slug=slug, status=Process.Status.ACTIVE)


def make_area(process: Process, **fields: Any) -> MapArea:
    set_area_polygon(actor=None, process=process, polygon=bbox_polygon(**BBOX))
    fields = {"schools": ["Borgen skole", "Bondi skole"], **fields}
    area = set_map_area(actor=None, process=process, **fields)
    for name, lat, lon in PLACES:
        add_named_place(actor=None, area=area, name=name, lat=lat, lon=lon)
    return area


def make_session(process: Process, grade: int = 5, school: str = "Borgen skole") -> ChildSession:
    return start_child_session(process=process, grade=grade, school=school)


def line(*points: tuple[float, float]) -> dict:
    return {"type": "LineString", "coordinates": [list(p) for p in points]}


def make_route(session: ChildSession, **fields: Any) -> ChildRoute:
    fields = {
        "geometry": line((10.425, 59.845), (10.43, 59.84)),
        "travel_mode": "ga",
        "destination": "skole",
        **fields,
    }
    return add_child_route(session=session, **fields)


def make_place(session: ChildSession, category: str = "liker", **fields: Any) -> ChildPlace:
    fields = {"geometry": {"type": "Point", "coordinates": [10.44, 59.84]}, **fields}
    return add_child_place(session=session, category=category, **fields)
