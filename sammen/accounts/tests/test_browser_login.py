"""The lockout page in Chromium: what a staff member sees after too many wrong passwords."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOO_MANY = "Failed to load resource: the server responded with a status of 429 (Too Many Requests)"
LOCKED_OUT = "Innloggingen er midlertidig sperret"


def test_too_many_wrong_passwords_show_an_accessible_lockout_page(page, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    submit_login(page, password="feil")
    page.get_by_role("alert").wait_for()

    submit_login(page, password="feil")

    expect(page.get_by_role("heading", level=1, name=LOCKED_OUT)).to_be_visible()
    forget_console_error(page, TOO_MANY)
    expect(page.get_by_role("alert")).to_contain_text("heller ikke med riktig passord")
    assert_accessible(page)


def test_the_right_password_is_refused_while_locked_out(page, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 1
    submit_login(page, password="feil")
    expect(page.get_by_role("heading", level=1, name=LOCKED_OUT)).to_be_visible()
    forget_console_error(page, TOO_MANY)
    page.get_by_role("link", name="Tilbake til innloggingen").click()

    submit_login(page)

    expect(page.get_by_role("heading", level=1, name=LOCKED_OUT)).to_be_visible()
    forget_console_error(page, TOO_MANY)
