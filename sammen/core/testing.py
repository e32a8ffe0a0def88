"""Helpers for the browser tests: axe-core checks and logging in."""

import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

# How long a browser test waits for a condition (an element, a text, a navigation) before it
# fails: far above what a page needs, so a busy machine slows the suite without failing it.
WAIT_MS = 15_000


@cache
def axe_source() -> str:
    axe = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.fail("axe-core is missing: run `make test`, which runs npm ci.")
    return axe.read_text()


def axe_violations(page) -> list[dict]:
    """What axe-core (WCAG 2.1 A and AA rules, and its best practices) finds on the page as it
    is now: one entry a rule, with the first few elements that break it."""
    # After a click that navigates, the new page may still be loading: check it whole.
    page.wait_for_load_state()
    # evaluate() is not subject to the page's Content-Security-Policy, so the pages are
    # tested with the policy they are served with. axe is loaded once a page (a page checked
    # again at another width has it already).
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    # Only the violations are wanted: with resultTypes axe-core leaves out the selectors of
    # every element that passes, most of its time on a long page (14 s to under 2 on the
    # workbench).
    result = page.evaluate(
        """() => axe.run(document, {
             runOnly: {type: 'tag',
                       values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
             resultTypes: ['violations']})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    """Run axe-core on the page and fail with what it found."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{json.dumps(violations, indent=2)}"


def sideways_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0 or less: none; WCAG 1.4.10)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def submit_login(page, username="prosessleder", password="Borgen-2016-sammen") -> None:
    """Fill in and send the login form, whatever the answer (tests of wrong passwords)."""
    page.goto(page.base_url + "/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def login(page, username="prosessleder", password="Borgen-2016-sammen") -> None:
    submit_login(page, username, password)
    # Logged in once the login page is left (a wrong password stays on it and times out).
    page.wait_for_url(lambda url: "/konto/logg-inn/" not in url)


def forget_console_error(page, text: str) -> None:
    """Take back one expected console error (the browser logs every 4xx answer) once it has
    arrived: console messages can come in just after the page has loaded."""
    if text not in page.console_errors:
        # Playwright delivers events only while a call waits, so none slips in between the
        # check above and this wait.
        page.wait_for_event("console", lambda message: message.text == text)
    page.console_errors.remove(text)


def assert_field_error(page, label: str, message: str) -> None:
    """The error summary names the field and its error, and the field itself is described by
    the error (after its help text, if it has one): the one form-field template's promise."""
    expect(page.get_by_role("alert").first).to_contain_text(f"{label}: {message}")
    description = re.compile(re.escape(message) + "$")
    expect(page.get_by_label(label, exact=True)).to_have_accessible_description(description)
