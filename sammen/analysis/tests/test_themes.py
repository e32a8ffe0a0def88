import pytest
from django.urls import reverse

from sammen.analysis import themes
from sammen.analysis.models import Theme

from .factories import load_process

pytestmark = pytest.mark.django_db


def test_labels_are_words_frequent_in_a_cluster_and_rare_in_the_others():
    terms = themes.label_terms(
        [
            ["Bussen går for sjelden", "Bussen er full", "Flere busser om kvelden"],
            ["Benker i parken", "Flere benker ved parken", "Parken trenger lys"],
        ],
        top=2,
    )
    assert terms[0][0] in {"bussen", "busser"} and "parken" in terms[1]
    # Function words never name a theme.
    assert not {"for", "er", "om", "ved", "i"} & set(terms[0] + terms[1])


def test_a_cluster_without_words_gets_no_label_rather_than_an_error():
    assert themes.label_terms([["", "!!"], ["Benker i parken"]]) == [[], ["benker", "parken"]]


def test_the_number_of_themes_grows_slowly_with_the_inputs():
    assert [themes.theme_count(n) for n in (6, 30, 300, 30000)] == [2, 3, 8, 8]


def test_themes_cluster_each_focus_area_and_name_a_typical_input():
    process, areas, _items = load_process(sorted_every=1)
    found = themes.find_themes(process)
    assert {theme.focus_area for theme in found} == set(areas.values())
    for area in areas.values():
        members = set(
            Theme.inputs.through.objects.filter(theme__focus_area=area).values_list(
                "input_id", flat=True
            )
        )
        assert members == set(area.inputs.values_list("pk", flat=True))  # each input once
    theme = found[0]
    assert theme.representative in theme.inputs.all()
    # A new run replaces the themes rather than adding to them.
    again = themes.find_themes(process)
    assert Theme.objects.count() == len(again)


def test_an_area_with_too_few_inputs_gets_no_themes_and_the_page_says_why(client, staff_user):
    process, _areas, _items = load_process(sorted_every=9)  # six inputs in all, two per area
    themes.find_themes(process)
    assert not Theme.objects.exists()
    client.force_login(staff_user)
    page = client.get(reverse("analysis:themes", args=[process.slug])).content.decode()
    assert "når minst 6 innspill er sortert dit" in page


def test_each_theme_links_into_the_workbench_filtered_to_it(client, staff_user):
    process, _areas, _items = load_process(sorted_every=1)
    theme = themes.find_themes(process)[0]
    client.force_login(staff_user)
    page = client.get(reverse("analysis:themes", args=[process.slug])).content.decode()
    link = f"{reverse('inputs:list', args=[process.slug])}?tema={theme.pk}"
    assert f'href="{link}"' in page
    response = client.get(link)
    shown = {item.pk for item in response.context["page"].object_list}
    assert shown == set(theme.inputs.values_list("pk", flat=True))
    assert "Viser temaet" in response.content.decode()


def test_an_unknown_theme_in_the_address_shows_nothing_rather_than_everything(client, staff_user):
    process, _, _ = load_process()
    client.force_login(staff_user)
    for value in ("999", "abc"):
        response = client.get(reverse("inputs:list", args=[process.slug]), {"tema": value})
        assert response.status_code == 200
        assert not response.context["page"].object_list
