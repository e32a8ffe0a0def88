"""The process's staff navigation: on every staff page of a process, showing what the reader
may open, marking where they are."""

import re

import pytest
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_role_user
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="process-nav[ "].*?</nav>', re.S)


def nav_of(response) -> str:
    found = NAV.search(response.content.decode())
    return found.group(0) if found else ""


def current_of(nav: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)', nav)


@pytest.fixture
def process():
    return make_process(slug="holmen")


def test_the_workbench_marks_inputs_as_the_current_section(client, staff_user, process):
    client.force_login(staff_user)
    nav = nav_of(client.get(reverse("inputs:list", args=[process.slug])))
    assert current_of(nav) == ["Innspill"]


def test_moderation_is_its_own_section_not_inputs(client, staff_user, process):
    client.force_login(staff_user)
    nav = nav_of(client.get(reverse("inputs:moderation", args=[process.slug])))
    assert current_of(nav) == ["Moderering"]


def test_a_page_deep_in_a_section_marks_that_section(client, staff_user, process):
    client.force_login(staff_user)
    nav = nav_of(client.get(reverse("engagement:activity_new", args=[process.slug])))
    assert current_of(nav) == ["Aktiviteter"]


def test_every_section_links_to_its_page(client, staff_user, process):
    client.force_login(staff_user)
    nav = nav_of(client.get(reverse("insights:overview", args=[process.slug])))
    for name in ("inputs:list", "inputs:moderation", "engagement:activities", "roadmap:editor"):
        assert f'href="{reverse(name, args=[process.slug])}"' in nav


def test_moderation_shows_how_many_inputs_wait(client, staff_user, process):
    make_input(process, moderation=Input.Moderation.PENDING)
    make_input(process, moderation=Input.Moderation.PENDING, text="Flere lekeplasser.")
    client.force_login(staff_user)
    nav = nav_of(client.get(reverse("insights:overview", args=[process.slug])))
    # Drawn as a badge; the words for a screen reader beside it.
    assert 'data-count="2"' in nav
    assert '<span class="visually-hidden">2 venter</span>' in nav


def test_a_reader_sees_no_moderation_import_or_documents(client, process):
    reader = make_role_user("leser", process, ProcessMembership.Role.READER)
    client.force_login(reader)
    nav = nav_of(client.get(reverse("insights:overview", args=[process.slug])))
    assert "Innspill" in nav
    for hidden in ("Moderering", "Import", "Dokumenter og høring"):
        assert hidden not in nav


def test_barnetrakk_is_offered_only_when_the_process_has_a_map_area(client, staff_user, process):
    client.force_login(staff_user)
    nav = nav_of(client.get(reverse("insights:overview", args=[process.slug])))
    assert "Barnetråkk" not in nav


def test_public_pages_have_no_staff_navigation_even_for_staff(client, staff_user, process):
    client.force_login(staff_user)
    response = client.get(reverse("portal:process", args=[process.slug]))
    assert nav_of(response) == ""
