import datetime

import pytest
from django.urls import reverse

from sammen.core.models import AuditEntry
from sammen.portal.models import UUTILSYNET_URL, AccessibilityStatement
from sammen.portal.services import save_accessibility_statement

pytestmark = pytest.mark.django_db


def statement_page(client) -> str:
    return client.get(reverse("portal:accessibility")).content.decode()


def test_statement_page_lives_at_tilgjengelighet(client):
    assert reverse("portal:accessibility") == "/tilgjengelighet/"
    assert client.get("/tilgjengelighet/").status_code == 200


def test_default_statement_names_the_target_and_how_sammen_is_tested(client):
    body = statement_page(client)
    assert "WCAG 2.1 på nivå AA" in body
    assert "axe-core i nettleseren Chromium" in body
    assert "Kommunen har ikke registrert kjente avvik." in body
    assert "Kommunen har ikke lagt inn kontaktopplysninger" in body


def test_default_statement_links_to_uutilsynet(client):
    assert f'<a href="{UUTILSYNET_URL}">' in statement_page(client)


def test_filled_in_statement_shows_the_municipalitys_details(client):
    save_accessibility_statement(
        actor=None,
        organisation="Asker kommune",
        feedback_email="uu@asker.kommune.no",
        feedback_phone="+47 66 70 90 00",
        known_deviations="Kartet kan ikke brukes med tastatur.",
        last_tested_on=datetime.date(2026, 3, 1),
        complaint_url="https://www.example.no/klage/",
    )
    body = statement_page(client)
    assert "Asker kommune har som mål" in body
    assert '<a href="mailto:uu@asker.kommune.no">' in body
    assert '<a href="tel:+4766709000">+47 66 70 90 00</a>' in body
    assert "Kartet kan ikke brukes med tastatur." in body
    assert "Nettstedet ble sist testet 1. mars 2026." in body
    assert '<a href="https://www.example.no/klage/">' in body


def test_deviations_are_escaped(client):
    save_accessibility_statement(actor=None, known_deviations="<script>alert(1)</script>")
    body = statement_page(client)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize(
    "url", ["/", "/tilgjengelighet/", "/prosesser/finnes-ikke/", "/konto/logg-inn/"]
)
def test_footer_of_every_page_links_to_the_statement(client, url):
    body = client.get(url).content.decode()
    footer = body.split('<footer class="site-footer">', 1)[1]
    assert '<a href="/tilgjengelighet/">Tilgjengelighetserklæring</a>' in footer


def test_admin_edits_the_statement_with_an_audit_entry(admin_client):
    statement = save_accessibility_statement(actor=None, organisation="Asker kommune")
    url = reverse("admin:portal_accessibilitystatement_change", args=[statement.pk])
    response = admin_client.post(
        url,
        {
            "organisation": "Asker kommune",
            "feedback_email": "uu@asker.kommune.no",
            "feedback_phone": "",
            "known_deviations": "",
            "last_tested_on": "",
            "complaint_url": UUTILSYNET_URL,
        },
    )
    assert response.status_code == 302
    assert AccessibilityStatement.objects.get().feedback_email == "uu@asker.kommune.no"
    assert AuditEntry.objects.filter(verb="accessibilitystatement.update").exists()


def test_admin_offers_no_second_statement(admin_client):
    save_accessibility_statement(actor=None, organisation="Asker kommune")
    response = admin_client.get(reverse("admin:portal_accessibilitystatement_add"))
    assert response.status_code == 403


def test_admin_can_add_the_first_statement(admin_client):
    response = admin_client.get(reverse("admin:portal_accessibilitystatement_add"))
    assert response.status_code == 200
