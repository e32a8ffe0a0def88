"""Every page, in Chromium, in Bokmål, Nynorsk and English: axe-core finds nothing at 1280 and
at 320 CSS pixels, and no page scrolls sideways at 360 or at 320 pixels (WCAG 1.4.10).

The pages are not listed here. They come from the permission matrix (test_permission_matrix.py):
its rules cover every URL the project routes (a URL without one fails there), say which are
public and which are staff pages, and build each URL from the matrix's world (the Borgen demo,
with one of every object added where the demo has none). So a page added later is walked here
without anyone remembering to.

A public page is opened as an anonymous visitor, a staff page as an administrator of the
process's organisation (who may open every staff page, the organisation's own included). Walked
is every such GET that answers 200 with a whole HTML document; the rest is left out:

- POST-only actions, logging out and the language switch (rules with no GET): no page to see;
- downloads and data (CSV, PDF, ZIP, JSON, GeoJSON, images, the theme's CSS): not HTML;
- redirects: they lead to a page that is walked itself;
- HTML fragments that htmx swaps into a page (import and document progress): checked as part
  of the page that shows them, not on their own, where they lack the page's landmarks;
- other answers (404 for a link that no longer works, 403, 405, 410): the error pages share one
  layout, which test_browser_public_pages.py walks with its 404 page;
- Django's admin site: Django's own pages.

Each page is loaded once per language; axe-core runs at 1280 px, the window is narrowed to 360
and to 320 px without reloading (as a phone turned or a window narrowed), the page's width is
measured at both and axe-core runs again at 320. Everything found is reported together, so one
run shows every page that needs work. One class per language, so that pytest-xdist
(--dist loadscope) spreads them over its workers.
"""

import pytest
from django.urls import reverse

from sammen.childrens_map.forms import OTHER_SCHOOL
from sammen.core.testing import axe_violations, sideways_overflow

from .test_permission_matrix import ROUTED, RULES, _build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW, NARROWEST = 1280, 360, 320


def _is_whole_html_page(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return response.content.lstrip()[:15].lower() == b"<!doctype html>"


def _start_a_childs_visit(world) -> None:
    """The children's map pages open only inside a child's visit: the anonymous visitor starts
    one, as a child does on the start page, so that they are walked too."""
    url = reverse("childrens_map:start", kwargs={"slug": world.process.slug})
    response = world.clients["anonymous"].post(
        url, {"grade": 5, "school": OTHER_SCHOOL, "other_school": "Borgen skole", "modus": "kart"}
    )
    assert response.status_code == 302, f"the child's visit did not start: {response.status_code}"


def _is_staff_page(rule) -> bool:
    if rule.kind == "staff":
        return rule.get is not None
    # The staff's home, a new process, an organisation's pages (not its POST-only ones).
    return rule.kind in {"staff_home", "org_admins"} or (
        rule.kind == "org_people" and rule.post is None
    )


# (persona, URL name) of the pages found to walk. Each class builds its world the same way, so
# the pages are found once a test process (asking for each takes seconds: the dashboards).
_FOUND: list[tuple[str, str]] = []


def pages_to_walk(world) -> list[tuple[str, str, str]]:
    """(persona, URL name, path) of every GET page that answers 200 with a whole HTML page."""
    if not _FOUND:
        for name, rule in sorted(RULES.items()):
            if name not in ROUTED:
                continue
            if rule.kind == "public" and rule.get:
                persona = "anonymous"
            elif _is_staff_page(rule):
                persona = "org_admin"
            else:
                continue  # POST-only actions, skipped URLs, Django's admin site
            path = reverse(name, kwargs=rule.kwargs(world))
            if _is_whole_html_page(world.clients[persona].get(path)):
                _FOUND.append((persona, name))
    return [
        (persona, name, reverse(name, kwargs=RULES[name].kwargs(world))) for persona, name in _FOUND
    ]


def _set_cookie(page, name: str, value: str) -> None:
    page.context.add_cookies([{"name": name, "value": value, "url": page.base_url}])


def _narrow_to(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    # Layout, resize observers (the tables' scroll hints) and the next frame, before measuring.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _axe(page) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in axe_violations(page)]


def _walk(page, pages, language: str) -> list[str]:
    problems = []
    for _persona, name, path in pages:
        page.set_viewport_size({"width": WIDE, "height": 900})
        response = page.goto(page.base_url + path)
        where = f"{name} ({path}) in {language}"
        if response.status != 200:
            problems.append(f"{where}: answered {response.status}")
            continue
        lang = page.evaluate("document.documentElement.lang")
        if lang != language:
            problems.append(f"{where}: <html lang={lang!r}>")
        problems += [f"{where} at {WIDE}px: {found}" for found in _axe(page)]
        for width in (NARROW, NARROWEST):
            _narrow_to(page, width)
            overflow = sideways_overflow(page)
            if overflow > 0:
                problems.append(f"{where}: scrolls {overflow}px sideways at {width}px")
        problems += [f"{where} at {NARROWEST}px: {found}" for found in _axe(page)]
        if page.console_errors:
            problems.append(f"{where}: console errors {page.console_errors}")
            page.console_errors.clear()
    return problems


class _EveryPage:
    language: str

    def test_every_page_passes_axe_at_1280_and_320_pixels_and_never_scrolls_sideways(
        self, page, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        world = _build_world(tmp_path)
        _start_a_childs_visit(world)
        pages = pages_to_walk(world)
        # Guard against a walk that silently shrinks (a world that lost its objects, a change
        # of rule kinds): the walk reaches both kinds of page, many of each.
        public = [p for p in pages if p[0] == "anonymous"]
        staff = [p for p in pages if p[0] == "org_admin"]
        assert len(public) >= 20 and len(staff) >= 50, (len(public), len(staff))

        _set_cookie(page, "django_language", self.language)
        problems = []
        for persona, pages_of_persona in (("anonymous", public), ("org_admin", staff)):
            # The browser carries the session of the client that found the pages.
            session = world.clients[persona].cookies[settings.SESSION_COOKIE_NAME].value
            _set_cookie(page, settings.SESSION_COOKIE_NAME, session)
            problems += _walk(page, pages_of_persona, self.language)
        assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


class TestBokmaal(_EveryPage):
    language = "nb"


class TestNynorsk(_EveryPage):
    language = "nn"


class TestEnglish(_EveryPage):
    language = "en"
