from django.urls import resolve

from sammen.demo.screenshots import PAGES


def test_every_page_to_photograph_has_a_url_that_leads_to_its_view():
    for shot in PAGES:
        assert resolve(shot.path()).view_name == shot.url_name, shot.name


def test_the_screenshots_have_distinct_file_names():
    assert len({shot.name for shot in PAGES}) == len(PAGES)
