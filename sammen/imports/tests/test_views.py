import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from sammen.imports.models import ImportBatch
from sammen.inputs.models import Input

from .factories import make_focus_area, make_process
from .import_files import spreadsheet_rows, upload, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = make_process()
    make_focus_area(process, "sted", "Stedsutvikling")
    make_focus_area(process, "sosial", "Sosiale og kulturelle aktiviteter")
    return process


def start_url(process):
    return reverse("imports:start", args=[process.slug])


def post_upload(client, process, path):
    return client.post(start_url(process), {"file": upload(path)})


def mapping_post(batch, **changes):
    data = {"text": batch.mapping["text"], "channel": "other"}
    for name in ("focus_areas", "responsibility", "received_at", "external_id"):
        if batch.mapping.get(name):
            data[name] = batch.mapping[name]
    data.update(changes)
    return data


def test_anonymous_visitor_is_sent_to_login(client, process):
    assertRedirects(client.get(start_url(process)), f"{reverse('login')}?next={start_url(process)}")


def test_upload_leads_to_the_mapping_with_a_guess_from_the_headers(staff_client, process, tmp_path):
    response = post_upload(
        staff_client, process, write_csv(tmp_path / "a.csv", spreadsheet_rows(3))
    )

    batch = ImportBatch.objects.get()
    assertRedirects(response, reverse("imports:batch", args=[process.slug, batch.pk]))
    assert batch.mapping["text"] == ["Tekst"]
    assert batch.mapping["focus_areas"] == "Tema"
    page = staff_client.get(response.url)
    assertContains(page, "Velg kolonner")
    assertContains(page, 'value="Tekst" id="id_text_1" checked', html=False)


def test_bad_upload_is_refused_with_a_message_and_nothing_kept(staff_client, process, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Tekst,Tema\n")

    response = post_upload(staff_client, process, path)

    assertContains(response, "Filen har bare overskrifter", status_code=400)
    assert not ImportBatch.objects.exists()


def test_mapping_shows_the_preview_with_every_row_error(staff_client, process, tmp_path):
    rows = spreadsheet_rows(6, {3: [2, "", "sted", "", ""], 6: [5, "Lys", "Ukjent", "staten", ""]})
    post_upload(staff_client, process, write_csv(tmp_path / "a.csv", rows))
    batch = ImportBatch.objects.get()

    response = staff_client.post(
        reverse("imports:mapping", args=[process.slug, batch.pk]), mapping_post(batch)
    )
    page = staff_client.get(response.url)

    assertContains(page, "Rad 3: tom tekst")
    assertContains(page, "Rad 6: ukjent innsatsområde «Ukjent»")
    assertContains(page, "Rad 6: ukjent ansvar «staten»")
    assertContains(page, "Importer 4 innspill")
    assert not Input.objects.exists()


def test_mapping_without_text_is_refused_on_the_page(staff_client, process, tmp_path):
    post_upload(staff_client, process, write_csv(tmp_path / "a.csv", spreadsheet_rows(2)))
    batch = ImportBatch.objects.get()

    response = staff_client.post(
        reverse("imports:mapping", args=[process.slug, batch.pk]),
        mapping_post(batch, text=[]),
    )

    assertContains(response, "Velg minst én kolonne med teksten.", status_code=400)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UPLOADED


def test_confirm_imports_the_good_rows_and_says_how_many_were_refused(
    staff_client, process, tmp_path
):
    rows = spreadsheet_rows(5, {4: [3, "", "", "", ""]})
    post_upload(staff_client, process, write_csv(tmp_path / "a.csv", rows))
    batch = ImportBatch.objects.get()
    staff_client.post(
        reverse("imports:mapping", args=[process.slug, batch.pk]), mapping_post(batch)
    )

    response = staff_client.post(
        reverse("imports:confirm", args=[process.slug, batch.pk]), follow=True
    )

    assertContains(response, "4 innspill er importert. 1 rader ble avvist, 0 fantes fra før.")
    assert Input.objects.count() == 4


def test_confirming_twice_imports_once(staff_client, process, tmp_path):
    post_upload(staff_client, process, write_csv(tmp_path / "a.csv", spreadsheet_rows(3)))
    batch = ImportBatch.objects.get()
    staff_client.post(
        reverse("imports:mapping", args=[process.slug, batch.pk]), mapping_post(batch)
    )
    url = reverse("imports:confirm", args=[process.slug, batch.pk])
    staff_client.post(url)

    response = staff_client.post(url, follow=True)

    assertContains(response, "Denne importen er ikke klar til å bekreftes.")
    assert Input.objects.count() == 3


def test_large_file_is_checked_in_the_background_with_a_polling_progress_bar(
    staff_client, process, tmp_path, settings
):
    settings.SAMMEN_IMPORT_INLINE_ROWS = 2
    post_upload(staff_client, process, write_csv(tmp_path / "a.csv", spreadsheet_rows(5)))
    batch = ImportBatch.objects.get()
    staff_client.post(
        reverse("imports:mapping", args=[process.slug, batch.pk]), mapping_post(batch)
    )

    page = staff_client.get(reverse("imports:batch", args=[process.slug, batch.pk]))
    progress = staff_client.get(
        reverse("imports:progress", args=[process.slug, batch.pk]),
        headers={"HX-Request": "true"},
    )

    assertContains(page, 'hx-trigger="every 1s"')
    assertContains(page, '<label for="import-progress-bar">')
    assertContains(progress, "<progress")
    assertContains(page, 'id="import-announce" role="status"')


def test_progress_fragment_announces_completion_when_the_check_is_done(
    staff_client, process, tmp_path
):
    post_upload(staff_client, process, write_csv(tmp_path / "a.csv", spreadsheet_rows(3)))
    batch = ImportBatch.objects.get()
    staff_client.post(
        reverse("imports:mapping", args=[process.slug, batch.pk]), mapping_post(batch)
    )

    response = staff_client.get(
        reverse("imports:progress", args=[process.slug, batch.pk]),
        headers={"HX-Request": "true"},
    )

    assertContains(response, "Sjekken er ferdig.")
    assert "every 1s" not in response.content.decode()


def test_input_list_and_overview_link_to_the_import(staff_client, process):
    for name in ("inputs:list", "insights:overview"):
        assertContains(staff_client.get(reverse(name, args=[process.slug])), start_url(process))


def test_another_process_batch_is_not_found(staff_client, process, tmp_path):
    post_upload(staff_client, process, write_csv(tmp_path / "a.csv", spreadsheet_rows(2)))
    other = make_process("annen")

    response = staff_client.get(
        reverse("imports:batch", args=[other.slug, ImportBatch.objects.get().pk])
    )

    assert response.status_code == 404
