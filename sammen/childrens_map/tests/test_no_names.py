"""Children's data never holds a name, and the children's pages say so."""

import pytest
from django.urls import reverse

from sammen.childrens_map.models import ChildPlace, ChildRoute, ChildSession

from .factories import make_area, make_process

NAME_WORDS = ("name", "navn", "first", "last", "surname", "email", "phone", "address")


@pytest.mark.parametrize("model", [ChildSession, ChildRoute, ChildPlace])
def test_no_field_of_a_childs_data_is_for_a_name(model):
    names = [field.name.lower() for field in model._meta.get_fields()]
    assert not [name for name in names if any(word in name for word in NAME_WORDS)]


@pytest.mark.django_db
def test_the_start_page_tells_the_child_no_name_is_asked(client):
    process = make_process()
    make_area(process)

    page = client.get(reverse("childrens_map:start", args=[process.slug])).content.decode()

    assert "Vi trenger ikke navnet ditt" in page


@pytest.mark.django_db
def test_the_thanks_page_tells_the_child_no_name_was_kept(client):
    process = make_process()
    make_area(process)

    page = client.get(reverse("childrens_map:thanks", args=[process.slug])).content.decode()

    assert "Vi har ikke lagret navnet ditt." in page
