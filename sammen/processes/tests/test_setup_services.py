"""Planning a process through the services: copying a template, removing a focus area,
reordering, the map area, publishing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sammen.core.geo import bbox_polygon
from sammen.core.models import AuditEntry
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.processes import services
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

BOX = {"south": 59.83, "west": 10.42, "north": 59.85, "east": 10.45}


@pytest.fixture
def copy(borgen):
    return services.copy_process(
        actor=None,
        template=borgen,
        name="Nærmiljø Holmen",
        slug="holmen",
        starts_on=datetime.date(2027, 1, 4),
    )


def approved(process):
    return Input.objects.filter(process=process, moderation=Input.Moderation.APPROVED)


def test_a_copy_takes_the_plan_and_never_inputs_activities_or_personal_data(borgen, copy):
    assert copy.status == Process.Status.DRAFT
    assert [p.title for p in copy.principles.all()] == [p.title for p in borgen.principles.all()]
    assert copy.focus_areas.count() == borgen.focus_areas.count() == 4
    assert copy.target_groups.count() == borgen.target_groups.count()
    assert copy.methods.count() == borgen.methods.count()
    assert copy.contributor_questions.count() == borgen.contributor_questions.count()
    assert copy.legal_basis == borgen.legal_basis
    assert copy.area_polygon == borgen.area_polygon
    assert copy.map_area.places.count() == borgen.map_area.places.count()
    assert not Input.objects.filter(process=copy).exists()
    assert not Activity.objects.filter(method__process=copy).exists()
    assert not copy.contributor_questions.filter(answers__isnull=False).exists()
    assert approved(borgen).count() == 458


def test_a_copys_phases_keep_their_lengths_and_the_first_starts_on_the_chosen_day(borgen, copy):
    old = list(borgen.phases.order_by("order"))
    new = list(copy.phases.order_by("order"))
    assert new[0].starts_on == datetime.date(2027, 1, 4)
    shift = new[0].starts_on - old[0].starts_on
    for before, after in zip(old, new, strict=True):
        assert after.starts_on == (before.starts_on + shift if before.starts_on else None)
        assert after.ends_on == (before.ends_on + shift if before.ends_on else None)
        assert after.influence_level == before.influence_level


def test_a_copy_into_a_slug_in_use_is_refused_and_nothing_is_saved(borgen):
    count = Process.objects.count()
    with pytest.raises(ValidationError, match="allerede i bruk"):
        services.copy_process(actor=None, template=borgen, name="Ny", slug="borgen")
    assert Process.objects.count() == count


def test_a_copy_is_audited_with_its_template(borgen, copy):
    entry = AuditEntry.objects.get(verb="process.create", object_id=str(copy.pk))
    assert entry.changes["template"] == [None, borgen.pk]


def test_removing_a_focus_area_moves_its_inputs_to_the_chosen_one(borgen):
    place, services_area = borgen.focus_areas.order_by("order")[3], borgen.focus_areas.first()
    using = set(place.inputs.values_list("pk", flat=True))
    assert using
    services.remove_focus_area(actor=None, focus_area=place, move_to=services_area)
    assert using <= set(services_area.inputs.values_list("pk", flat=True))
    assert approved(borgen).count() == 458


def test_removing_a_focus_area_with_goals_and_no_target_is_refused(borgen):
    area = borgen.focus_areas.filter(goals__isnull=False).first()
    with pytest.raises(ValidationError, match="Velg hvor de skal flyttes"):
        services.remove_focus_area(actor=None, focus_area=area, move_to=None)
    assert borgen.focus_areas.filter(pk=area.pk).exists()


def test_removing_an_unused_focus_area_to_none_keeps_the_inputs(db):
    from sammen.inputs.services import create_input

    process = make_process(slug="fjern")
    area = services.add_focus_area(actor=None, process=process, key="a", title="A")
    other = services.add_focus_area(actor=None, process=process, key="b", title="B")
    item = create_input(actor=None, process=process, text="Et innspill", focus_areas=[area, other])
    services.remove_focus_area(actor=None, focus_area=area, move_to=None)
    assert list(Input.objects.get(pk=item.pk).focus_areas.all()) == [other]


def test_moving_a_phase_down_swaps_it_with_the_next(db):
    process = make_process(slug="rekke")
    first = services.add_phase(actor=None, process=process, title="Først")
    services.add_phase(actor=None, process=process, title="Så")
    services.move_in_order(actor=None, obj=first, direction="down")
    assert [p.title for p in process.phases.order_by("order")] == ["Så", "Først"]
    with pytest.raises(ValidationError, match="nederst"):
        services.move_in_order(actor=None, obj=first, direction="down")


def test_a_phase_that_ends_before_it_starts_is_refused(db):
    process = make_process(slug="fase")
    with pytest.raises(ValidationError, match="slutte før den starter"):
        services.add_phase(
            actor=None,
            process=process,
            title="Baklengs",
            starts_on=datetime.date(2027, 5, 1),
            ends_on=datetime.date(2027, 4, 1),
        )
    assert not process.phases.exists()


def test_a_map_area_outside_norway_is_refused_and_the_old_one_kept(db):
    process = make_process(slug="kart")
    services.set_area_polygon(actor=None, process=process, polygon=bbox_polygon(**BOX))
    with pytest.raises(ValidationError, match="i Norge"):
        services.set_area_polygon(
            actor=None,
            process=process,
            polygon=bbox_polygon(south=-40, west=170, north=-39, east=171),
        )
    process.refresh_from_db()
    assert process.area_polygon == bbox_polygon(**BOX)


def test_a_new_area_that_leaves_a_named_place_outside_is_refused(db):
    from sammen.childrens_map.tests.factories import make_area

    process = make_process(slug="steder")
    make_area(process)
    with pytest.raises(ValidationError, match="Skolen"):
        services.set_area_polygon(
            actor=None,
            process=process,
            polygon=bbox_polygon(south=59.83, west=10.42, north=59.84, east=10.45),
        )


def test_publishing_a_draft_makes_it_public_and_unpublishing_takes_it_back(db):
    from sammen.processes.selectors import public_processes

    process = make_process(slug="utkast")
    assert process not in public_processes()
    services.publish_process(actor=None, process=process)
    assert process in public_processes()
    services.unpublish_process(actor=None, process=process)
    assert process not in public_processes()
    with pytest.raises(ValidationError):
        services.unpublish_process(actor=None, process=process)


def test_a_target_group_an_activity_names_is_not_deleted(borgen):
    group = borgen.target_groups.filter(activities__isnull=False).first()
    with pytest.raises(ValidationError, match=r"kan\s+ikke slettes"):
        services.delete_target_group(actor=None, group=group)
