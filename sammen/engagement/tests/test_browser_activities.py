"""The facilitator's walk: register activities of two kinds, with photos and a PDF."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, assert_field_error, login
from sammen.engagement.method_kinds import MethodKind

from .factories import make_method, make_process, make_target_group
from .files import image_bytes, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def process():
    process = make_process("borgen")
    make_method(process, "Facebook", MethodKind.SOCIAL_MEDIA)
    make_target_group(process, "Unge voksne")
    return process


def files(tmp_path):
    photo = tmp_path / "flippover.jpg"
    photo.write_bytes(image_bytes(size=(120, 80)))
    pdf = tmp_path / "skjema.pdf"
    pdf.write_bytes(pdf_bytes())
    return [photo, pdf]


def test_staff_registers_a_facebook_debate_with_reach_and_attachments(
    page, staff_user, process, tmp_path
):
    login(page)
    page.goto(page.base_url + "/stab/borgen/aktiviteter/")
    page.get_by_role("link", name="Ny aktivitet").click()
    assert_accessible(page)
    page.get_by_label("Facebook (Sosiale medier)").check()
    page.get_by_role("button", name="Neste").click()
    assert_accessible(page)
    expect(page.get_by_label("Rekkevidde", exact=True)).to_be_visible()
    expect(page.get_by_label("Vert")).to_have_count(0)

    page.get_by_label("Tittel").fill("Debatt om møteplasser")
    page.get_by_label("Dato").fill("2016-06-30")
    page.get_by_label("Til og med").fill("2016-01-16")
    page.get_by_label("Deltakere", exact=True).fill("16")
    page.get_by_label("Rekkevidde", exact=True).fill("611")
    page.get_by_label("Hva rekkevidden måler").fill("liker-klikk på siden")
    page.get_by_label("Unge voksne").check()
    page.get_by_label("Vedlegg").set_input_files(files(tmp_path))
    page.get_by_role("button", name="Registrer aktiviteten").click()
    assert (
        "Sluttdatoen (16. januar 2016) er før startdatoen" in page.get_by_role("alert").inner_text()
    )
    assert_accessible(page)

    page.get_by_label("Dato").fill("2016-01-16")
    page.get_by_label("Til og med").fill("2016-06-30")
    # A browser never sends files again after a refused form.
    page.get_by_label("Vedlegg").set_input_files(files(tmp_path))
    page.get_by_role("button", name="Registrer aktiviteten").click()
    expect(page.get_by_role("status")).to_have_text("Aktiviteten er registrert.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Debatt om møteplasser")
    expect(page.get_by_role("list", name="Tall for aktiviteten")).to_contain_text("611")
    image = page.get_by_role("img", name="Bilde: flippover.jpg")
    image.wait_for()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) == 120
    pdf_link = page.get_by_role("link", name="skjema.pdf")
    response = page.request.get(page.base_url + pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert_accessible(page)


def test_staff_creates_a_gjestebud_method_and_a_dinner_with_a_host(
    page, staff_user, process, tmp_path
):
    login(page)
    page.goto(page.base_url + "/stab/borgen/")
    page.get_by_role("link", name="Ny aktivitet").click()
    page.get_by_label("Metodetype").select_option(label="Gjestebud")
    page.get_by_label("Navn på metoden").fill("Gjestebud")
    page.get_by_role("button", name="Lag metoden og gå videre").click()
    expect(page.get_by_role("status")).to_have_text("Metoden «Gjestebud» er lagt til.")
    assert_accessible(page)
    expect(page.get_by_label("Rekkevidde", exact=True)).to_have_count(0)

    page.get_by_label("Tittel").fill("Middag hos Kari")
    page.get_by_label("Vert").fill("Kari Nordmann")
    page.get_by_label("Sted").fill("Borgenveien 12")
    page.get_by_label("Deltakere", exact=True).fill("9")
    page.get_by_role("button", name="Registrer aktiviteten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Middag hos Kari")
    expect(page.locator("main")).to_contain_text("Kari Nordmann")

    page.get_by_label("Vedlegg").set_input_files(files(tmp_path))
    page.get_by_label("Bildetekst").fill("Gjestenes lapper")
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_role("status")).to_have_text("Lastet opp: flippover.jpg, skjema.pdf.")
    expect(page.get_by_role("img", name="Gjestenes lapper")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Slett skjema.pdf").click()
    expect(page.get_by_role("status")).to_have_text("Vedlegget «skjema.pdf» er slettet.")
    expect(page.locator("main")).to_contain_text("slettet vedlegget «skjema.pdf»")

    page.get_by_role("link", name="Rediger aktivitet").click()
    assert_accessible(page)
    page.get_by_label("Deltakere", exact=True).fill("-2")
    page.get_by_role("button", name="Lagre").click()
    assert_field_error(page, "Deltakere", "Tallet kan ikke være negativt.")
    assert_accessible(page)
    page.get_by_label("Deltakere", exact=True).fill("11")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Aktiviteten er lagret.")
    expect(page.locator("main")).to_contain_text("endret: deltakere (fra): 9 → 11")
