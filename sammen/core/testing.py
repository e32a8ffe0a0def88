"""Helpers for the browser tests: axe-core checks and logging in."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page and fail with what it found."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test`, which runs npm ci.")
    # evaluate() is not subject to the page's Content-Security-Policy, so the pages are
    # tested with the policy they are served with.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe-core on {page.url}:\n{json.dumps(violations, indent=2)}"


def login(page, username="prosessleder", password="Borgen-2016-sammen") -> None:
    page.goto(page.base_url + "/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def forget_console_error(page, text: str, timeout_ms: int = 3000) -> None:
    """Take back one expected console error (the browser logs every 4xx answer) once it has
    arrived: console messages can come in just after the page has loaded."""
    waited = 0
    while text not in page.console_errors and waited < timeout_ms:
        page.wait_for_timeout(50)
        waited += 50
    page.console_errors.remove(text)


def assert_field_error(page, label: str, message: str) -> None:
    """The error summary names the field and its error, and the field itself is described by
    the error (after its help text, if it has one): the one form-field template's promise."""
    assert f"{label}: {message}" in page.get_by_role("alert").inner_text()
    description = re.compile(re.escape(message) + "$")
    expect(page.get_by_label(label, exact=True)).to_have_accessible_description(description)
