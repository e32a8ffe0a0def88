import json

import pytest
from django.core.exceptions import ValidationError

from sammen.childrens_map import services
from sammen.childrens_map.models import ChildPlace, ChildRoute, ChildSession
from sammen.core.geo import MAX_ROUTE_POINTS
from sammen.core.models import AuditEntry
from sammen.core.selectors import audit_trail

from .factories import line, make_area, make_place, make_process, make_route, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = make_process()
    make_area(process)
    return process


@pytest.fixture
def session(process):
    return make_session(process)


def geometry_errors(excinfo) -> list[str]:
    return excinfo.value.message_dict["geometry"]


def test_starting_a_session_stores_grade_and_school_and_an_anonymous_audit_entry(process):
    session = make_session(process, grade=4, school="Bondi skole")
    assert (session.grade, session.school) == (4, "Bondi skole")
    entry = audit_trail(session).get()
    assert (entry.verb, entry.actor) == ("childsession.create", None)


def test_a_retried_session_start_with_the_same_key_is_stored_once(process):
    first = services.start_child_session(process=process, grade=3, school="X", idempotency_key="k")
    again = services.start_child_session(process=process, grade=3, school="X", idempotency_key="k")
    assert first == again
    assert ChildSession.objects.count() == 1


@pytest.mark.parametrize("grade", [0, 11])
def test_a_grade_out_of_range_is_refused_in_child_words(process, grade):
    with pytest.raises(ValidationError) as excinfo:
        make_session(process, grade=grade)
    assert excinfo.value.message_dict["grade"] == ["Velg et trinn fra 1 til 10."]
    assert not ChildSession.objects.exists()


def test_a_process_without_a_map_area_has_no_sessions():
    with pytest.raises(ValidationError, match="har ikke barnetråkk"):
        make_session(make_process(slug="uten-kart"))


def test_a_route_is_stored_as_a_geojson_linestring_with_an_audit_entry(session):
    route = make_route(session, comment="  Mye trafikk  ")
    route.refresh_from_db()
    assert route.geometry == line((10.425, 59.845), (10.43, 59.84))
    assert route.comment == "Mye trafikk"
    assert audit_trail(route).get().verb == "childroute.create"


def test_a_route_with_one_point_gets_the_child_message(session):
    with pytest.raises(ValidationError) as excinfo:
        make_route(session, geometry=line((10.43, 59.84)))
    assert geometry_errors(excinfo) == [
        "En vei trenger minst to punkter – trykk på kartet der du starter og der du slutter."
    ]
    assert not ChildRoute.objects.exists()


def test_a_double_tap_on_the_same_spot_counts_as_one_point(session):
    with pytest.raises(ValidationError, match="minst to punkter"):
        make_route(session, geometry=line((10.43, 59.84), (10.43, 59.84)))


def test_a_route_leaving_the_area_is_refused(session):
    with pytest.raises(ValidationError) as excinfo:
        make_route(session, geometry=line((10.43, 59.84), (10.60, 59.84)))
    assert geometry_errors(excinfo) == [
        "Et av punktene er utenfor kartet vårt. Trykk bare innenfor den blå rammen."
    ]


def test_latitude_and_longitude_swapped_are_outside_the_area(session):
    with pytest.raises(ValidationError, match="utenfor kartet"):
        make_route(session, geometry=line((59.845, 10.425), (59.84, 10.43)))


def test_a_route_with_too_many_points_is_refused(session):
    points = [(10.42 + i * 0.00005, 59.84) for i in range(MAX_ROUTE_POINTS + 1)]
    with pytest.raises(ValidationError, match="for mange punkter"):
        make_route(session, geometry=line(*points))


def test_a_route_with_exactly_the_maximum_of_points_is_stored(session):
    points = [(10.42 + i * 0.00005, 59.84) for i in range(MAX_ROUTE_POINTS)]
    assert len(make_route(session, geometry=line(*points)).geometry["coordinates"]) == 500


@pytest.mark.parametrize(
    "geometry",
    [
        "{not json",
        json.dumps({"type": "Point", "coordinates": [10.43, 59.84]}),
        {"type": "LineString", "coordinates": "10.43,59.84"},
        line((10.43, 59.84, 3), (10.44, 59.84)),
        {"type": "LineString", "coordinates": [["10.43", 59.84], [10.44, 59.84]]},
        {"type": "LineString", "coordinates": [[True, 59.84], [10.44, 59.84]]},
        {"type": "LineString", "coordinates": [[float("nan"), 59.84], [10.44, 59.84]]},
    ],
)
def test_invalid_geojson_is_refused_without_saving(session, geometry):
    with pytest.raises(ValidationError) as excinfo:
        make_route(session, geometry=geometry)
    assert geometry_errors(excinfo) == ["Vi skjønte ikke tegningen. Prøv å tegne på nytt."]
    assert not ChildRoute.objects.exists()


def test_a_comment_over_500_characters_is_refused(session):
    with pytest.raises(ValidationError) as excinfo:
        make_place(session, comment="x" * 501)
    assert "comment" in excinfo.value.message_dict
    assert not ChildPlace.objects.exists()


def test_a_place_outside_the_area_is_refused(session):
    with pytest.raises(ValidationError, match="Stedet er utenfor kartet"):
        make_place(session, geometry={"type": "Point", "coordinates": [11.0, 59.84]})


def test_an_unknown_place_category_is_refused(session):
    with pytest.raises(ValidationError) as excinfo:
        make_place(session, category="hemmelig")
    assert "category" in excinfo.value.message_dict


def test_a_retried_place_with_the_same_key_is_stored_and_audited_once(session):
    first = make_place(session, idempotency_key="abc")
    again = make_place(session, idempotency_key="abc")
    assert first == again
    assert AuditEntry.objects.filter(verb="childplace.create").count() == 1


def test_a_route_through_named_places_follows_them_in_order(process, session):
    places = list(process.map_area.places.order_by("order"))
    route = services.add_child_route_via_places(
        session=session,
        places=[places[0], places[1], places[3]],
        travel_mode="sykkel",
        destination="fritid",
    )
    assert route.geometry["coordinates"] == [
        [places[0].lon, places[0].lat],
        [places[1].lon, places[1].lat],
        [places[3].lon, places[3].lat],
    ]


def test_a_route_through_one_named_place_twice_is_refused(process, session):
    place = process.map_area.places.first()
    with pytest.raises(ValidationError, match="minst to steder"):
        services.add_child_route_via_places(
            session=session, places=[place, place], travel_mode="ga", destination="skole"
        )


def test_a_named_place_from_another_process_is_refused(session):
    other = make_process(slug="andre")
    foreign = make_area(other).places.first()
    with pytest.raises(ValidationError, match="et annet kart"):
        services.add_child_place_at(session=session, named_place=foreign, category="liker")


def test_barnetrakk_without_a_map_area_is_refused():
    with pytest.raises(ValidationError, match="ikke noe kartområde"):
        services.set_map_area(actor=None, process=make_process(slug="uten-kart"))


def test_a_centre_outside_the_area_is_refused(db):
    process = make_process(slug="midten")
    make_area(process)
    with pytest.raises(ValidationError, match="Midtpunktet"):
        services.set_map_area(actor=None, process=process, centre_lat=60.5, centre_lon=10.43)


def test_a_completed_process_takes_no_new_children(db):
    from sammen.processes.models import Process
    from sammen.processes.services import update_process

    process = make_process()
    make_area(process)
    update_process(actor=None, process=process, status=Process.Status.COMPLETED)

    with pytest.raises(ValidationError, match="avsluttet"):
        services.start_child_session(process=process, grade=4, school="Bondi skole")


def test_the_barnetrakk_activity_counts_its_children_from_the_map(process):
    from sammen.engagement.method_kinds import MethodKind
    from sammen.engagement.tests.factories import make_activity, make_method

    activity = make_activity(make_method(process, "Barnetråkk", MethodKind.CHILDRENS_MAP))
    make_session(process)
    make_session(process, grade=6)

    services.count_children_into_activity(actor=None, activity=activity)

    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (2, 2)


def test_an_activity_that_is_not_barnetrakk_is_not_counted_from_the_map(process):
    from sammen.engagement.tests.factories import make_activity, make_method

    activity = make_activity(make_method(process))
    make_session(process)

    with pytest.raises(ValidationError, match="ikke et barnetråkk"):
        services.count_children_into_activity(actor=None, activity=activity)
