"""An organisation's administrators set its main colour; its processes' pages carry it."""

import pytest
from django.urls import reverse
from PIL import Image

from sammen.core.models import AuditEntry
from sammen.engagement.tests.files import pdf_upload, png_upload
from sammen.processes.models import Organisation, Process
from sammen.processes.tests.factories import make_organisation, make_process

from .factories import make_org_member, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return make_organisation(slug="asker")


@pytest.fixture
def org_admin_client(client, organisation):
    admin = make_staff("admin")
    make_org_member(admin, organisation, admin=True)
    client.force_login(admin)
    return client


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png():
    return png_upload("logo.png", (1200, 300))


def theme_url(organisation):
    return reverse("team:theme", args=[organisation.slug])


def test_an_administrator_sets_the_colour_and_the_process_pages_carry_it(
    org_admin_client, organisation
):
    process = make_process(slug="borgen", organisation=organisation)
    Process.objects.filter(pk=process.pk).update(status=Process.Status.ACTIVE)

    response = org_admin_client.post(theme_url(organisation), {"theme_colour": "#005A30"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.theme_colour == "#005a30"
    assert AuditEntry.objects.filter(verb="organisation.update").order_by("pk").last().changes == {
        "theme_colour": ["", "#005a30"]
    }
    page = org_admin_client.get(reverse("portal:process", args=[process.slug])).content.decode()
    css_url = reverse("portal:theme_css", args=["asker"])
    assert f'<link rel="stylesheet" href="{css_url}?v=005a30">' in page
    css = org_admin_client.get(f"{css_url}?v=005a30")
    assert css["Content-Type"].startswith("text/css")
    assert "--ds-color-accent-base-default: #005a30;" in css.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("grønn", "«grønn» er ikke en farge. Skriv den som #rrggbb"),
        ("#ffff00", "Fargen #ffff00 har kontrast 1,0:1 mot hvitt"),
    ],
)
def test_a_bad_colour_is_refused_with_a_clear_message_and_nothing_stored(
    org_admin_client, organisation, value, message
):
    response = org_admin_client.post(theme_url(organisation), {"theme_colour": value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).theme_css == ""


def test_staff_who_do_not_administer_the_organisation_cannot_open_the_page(client, organisation):
    member = make_staff("medlem")
    make_org_member(member, organisation)
    client.force_login(member)

    assert client.get(theme_url(organisation)).status_code == 404


def test_a_logo_is_re_encoded_smaller_and_shown_on_the_organisations_pages(
    org_admin_client, organisation
):
    response = org_admin_client.post(theme_url(organisation), {"theme_colour": "", "logo": png()})

    assert response.status_code == 302
    organisation.refresh_from_db()
    with organisation.logo.open("rb") as stored:
        assert Image.open(stored).size == (600, 150)
    page = org_admin_client.get(theme_url(organisation)).content.decode()
    logo_url = reverse("portal:logo", args=["asker"])
    assert f'<img class="org-logo" src="{logo_url}?v={organisation.logo_version}"' in page
    # Re-encoded like every upload: an opaque picture is stored as a JPEG.
    assert org_admin_client.get(logo_url)["Content-Type"] == "image/jpeg"


def test_a_logo_that_is_not_a_picture_is_refused_and_the_colour_not_saved(
    org_admin_client, organisation
):
    pdf = pdf_upload("logo.pdf")

    response = org_admin_client.post(
        theme_url(organisation), {"theme_colour": "#005a30", "logo": pdf}
    )

    assert response.status_code == 400
    assert "«logo.pdf» er ikke et bilde. Logoen må være PNG, JPEG eller WebP." in (
        response.content.decode()
    )
    organisation.refresh_from_db()
    assert (organisation.theme_colour, organisation.logo.name) == ("", "")
