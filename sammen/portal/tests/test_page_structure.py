"""Every public page, in every language: one h1, a lang attribute, a title naming the page,
and the language switcher showing the visitor's choice."""

from html.parser import HTMLParser

import pytest

from .factories import make_small_public_process

pytestmark = pytest.mark.django_db

PAGES = ["/", "/prosesser/nabolaget/", "/tilgjengelighet/", "/prosesser/finnes-ikke/"]
LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def process():
    return make_small_public_process()


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.h1_count = 0
        self.title = ""
        self.selected_language = None
        self._in_title = False
        self._in_language_select = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "select":
            self._in_language_select = attrs.get("id") == "language-select"
        elif tag == "option" and self._in_language_select and "selected" in attrs:
            self.selected_language = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "select":
            self._in_language_select = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def structure(client, url, language) -> Structure:
    client.cookies["django_language"] = language
    parser = Structure()
    parser.feed(client.get(url).content.decode())
    return parser


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", PAGES)
def test_page_has_one_h1_and_the_visitors_language(client, process, url, language):
    page = structure(client, url, language)
    assert page.h1_count == 1
    assert page.html_lang == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_title_of_its_own(client, process, language):
    titles = [structure(client, url, language).title.strip() for url in PAGES]
    assert all(title.endswith(" – sammen") and title != "sammen – sammen" for title in titles)
    assert len(set(titles)) == len(PAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_shows_the_visitors_language(client, language):
    assert structure(client, "/", language).selected_language == language
