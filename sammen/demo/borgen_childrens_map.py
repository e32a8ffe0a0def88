"""Barnetråkk in the Borgen demo: the seed's 42 children as 42 visits to the children's map,
each with a route (to school or to leisure) and the places they like, find unsafe or play at.

The seed gives only the number. The routes and places are illustrative, drawn for the demo
inside the Borgen map area; the children's comments are the Barnetråkk inputs of
borgen_inputs.csv (staff typed them in as inputs too). Deterministic: no randomness.
Everything goes in through the children's map services, as a child's visit does."""

from sammen.childrens_map.models import Destination, MapArea, PlaceCategory, TravelMode
from sammen.childrens_map.services import (
    add_child_place,
    add_child_route,
    count_children_into_activity,
    start_child_session,
)
from sammen.core.geo import line_string, point
from sammen.engagement.models import Activity

CHILDREN = 42
SCHOOLS = ["Borgen skole", "Bondi skole"]
GRADES = [5, 6, 7]
TRAVEL = [TravelMode.WALK, TravelMode.WALK, TravelMode.BIKE, TravelMode.WALK, TravelMode.BUS]
LEISURE = [
    "Risenga idrettspark (fotballbanen)",
    "Asker bibliotek",
    "Lekeplassen i Gustav Wentzels vei",
]

LIKE, UNSAFE, ACTIVITY = PlaceCategory.LIKE, PlaceCategory.UNSAFE, PlaceCategory.ACTIVITY
SCHOOL, FREE_TIME = Destination.SCHOOL, Destination.LEISURE

# Where the children's places are, beside the named places: (lat, lon), inside the area.
SPOTS = {
    "skogen": (59.8490, 10.4205),
    "tunnelen": (59.8430, 10.4265),
    "dammen": (59.8475, 10.4390),
    "blokka": (59.8405, 10.4255),
    "akebakken": (59.8500, 10.4320),
}

# One entry per Barnetråkk input of borgen_inputs.csv, in its order: what the child drew with
# that comment. ("route", destination, travel mode) for a comment on the way; (category,
# anchor) for a place at a named place or a spot above.
ENTRIES = [
    ("route", SCHOOL, TravelMode.WALK),
    (UNSAFE, "Borgen skole"),
    (LIKE, "Risenga idrettspark (fotballbanen)"),
    (ACTIVITY, "Lekeplassen i Gustav Wentzels vei"),
    (UNSAFE, "Asker stasjon"),
    ("route", SCHOOL, TravelMode.WALK),
    (ACTIVITY, "Risenga idrettspark (fotballbanen)"),
    ("route", FREE_TIME, TravelMode.BIKE),
    (UNSAFE, "tunnelen"),
    (LIKE, "Asker bibliotek"),
    ("route", SCHOOL, TravelMode.WALK),
    (ACTIVITY, "Lekeplassen i Gustav Wentzels vei"),
    (UNSAFE, "Butikken på Borgen"),
    (UNSAFE, "Butikken på Borgen"),
    (UNSAFE, "tunnelen"),
    ("route", SCHOOL, TravelMode.WALK),
    (ACTIVITY, "Bondi skole"),
    (LIKE, "skogen"),
    ("route", FREE_TIME, TravelMode.WALK),
    (ACTIVITY, "Bondi skole"),
    ("route", SCHOOL, TravelMode.WALK),
    (ACTIVITY, "Butikken på Borgen"),
    (ACTIVITY, "Risenga idrettspark (fotballbanen)"),
    (ACTIVITY, "Asker bibliotek"),
    ("route", FREE_TIME, TravelMode.BUS),
    (ACTIVITY, "akebakken"),
    (UNSAFE, "Risenga idrettspark (fotballbanen)"),
    ("route", SCHOOL, TravelMode.CAR),
    (ACTIVITY, "Asker bibliotek"),
    (UNSAFE, "blokka"),
    (UNSAFE, "Asker stasjon"),
    (ACTIVITY, "Risenga idrettspark (fotballbanen)"),
    (LIKE, "dammen"),
    (UNSAFE, "Asker stasjon"),
]


def _home(index: int, box: dict[str, float]) -> tuple[float, float]:
    """A child's starting point, (lat, lon), spread over the area away from its edges."""
    south, north = box["south"] + 0.003, box["north"] - 0.003
    west, east = box["west"] + 0.004, box["east"] - 0.004
    return (
        south + (index * 37 % 41) / 40 * (north - south),
        west + (index * 23 % 43) / 42 * (east - west),
    )


def _route(start: tuple[float, float], end: tuple[float, float]) -> dict:
    """Along the streets, roughly: first north or south, then east or west, with a bend."""
    (lat0, lon0), (lat1, lon1) = start, end
    middle = (lat0 + (lat1 - lat0) * 0.6, lon0 + (lon1 - lon0) * 0.15)
    corner = (lat1, middle[1] + (lon1 - middle[1]) * 0.2)
    return line_string([(lon, lat) for lat, lon in (start, middle, corner, end)])


def _near(anchor: tuple[float, float], index: int) -> tuple[float, float]:
    """A few metres beside the anchor, so that places marked at one spot stay apart."""
    return anchor[0] + (index % 3 - 1) * 0.0002, anchor[1] + (index % 2) * 0.0003


def load_borgen_childrens_map(
    *, actor, area: MapArea, activity: Activity, box: dict[str, float], comments: list[str]
) -> None:
    """The 42 children's visits; the activity then counts its children from them."""
    if len(comments) != len(ENTRIES):
        raise ValueError("one Barnetråkk entry per Barnetråkk input is expected")
    process = area.process
    places = {place.name: (place.lat, place.lon) for place in area.places.all()} | SPOTS
    by_child: dict[int, list[tuple[tuple, str]]] = {}
    for index, (entry, comment) in enumerate(zip(ENTRIES, comments, strict=True)):
        by_child.setdefault(index % CHILDREN, []).append((entry, comment))
    for child in range(CHILDREN):
        school = SCHOOLS[child % len(SCHOOLS)]
        session = start_child_session(
            actor=actor, process=process, grade=GRADES[child % len(GRADES)], school=school
        )
        home = _home(child, box)
        entries = by_child.get(child, [])
        route = next(((e, c) for e, c in entries if e[0] == "route"), None)
        if route is not None:
            (_kind, destination, mode), comment = route
        else:
            destination = SCHOOL if child % 3 else FREE_TIME
            mode, comment = TRAVEL[child % len(TRAVEL)], ""
        goal = school if destination == SCHOOL else LEISURE[child % len(LEISURE)]
        add_child_route(
            actor=actor,
            session=session,
            geometry=_route(home, places[goal]),
            travel_mode=mode,
            destination=destination,
            comment=comment,
        )
        marked = [(e, c) for e, c in entries if e[0] != "route"]
        if not marked:
            # Without a comment: a place the child likes on the way, or home's playground.
            marked = [((LIKE, LEISURE[(child + 1) % len(LEISURE)]), "")]
        for (category, anchor), comment in marked:
            lat, lon = _near(places[anchor], child)
            add_child_place(
                actor=actor,
                session=session,
                geometry=point(lon, lat),
                category=category,
                comment=comment,
            )
    count_children_into_activity(actor=actor, activity=activity)
