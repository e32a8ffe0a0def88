import datetime
import os
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sammen.core.models import AuditEntry
from sammen.imports.models import ImportBatch
from sammen.imports.selectors import import_errors
from sammen.imports.services import (
    confirm_import_batch,
    create_import_batch,
    set_import_mapping,
)
from sammen.imports.tasks import process_import_batch
from sammen.inputs.models import Input, Responsibility

from .factories import make_activity, make_focus_area, make_method, make_process
from .import_files import (
    decidim_row,
    spreadsheet_rows,
    upload,
    write_csv,
    write_decidim,
    write_facebook,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = make_process()
    make_focus_area(process, "sted", "Stedsutvikling")
    make_focus_area(process, "sosial", "Sosiale og kulturelle aktiviteter")
    return process


def checked(process, path, background=False, **mapping_changes):
    batch = create_import_batch(actor=None, process=process, upload=upload(path))
    mapping = {**batch.mapping, **mapping_changes}
    return set_import_mapping(actor=None, batch=batch, mapping=mapping, background=background)


def imported(process, path, **mapping_changes):
    batch = checked(process, path, **mapping_changes)
    return confirm_import_batch(actor=None, batch=batch, background=False)


def test_large_xlsx_reports_each_bad_row_by_number_and_imports_the_rest(process, tmp_path):
    bad = {
        17: [16, "", "sted", "Kommunen", "01.03.2016"],
        2503: [2502, "Lys", "Idrett", "Kommunen", "01.03.2016"],
        9999: [9998, "Benker", "sted", "Kommunen", "31.02.2016"],
    }
    path = write_xlsx(tmp_path / "innspill.xlsx", spreadsheet_rows(10_000, bad))

    batch = checked(process, path)

    assert import_errors(batch) == [
        (17, "tom tekst"),
        (2503, "ukjent innsatsområde «Idrett»"),
        (9999, "umulig dato «31.02.2016»"),
    ]
    assert Input.objects.count() == 0
    batch = confirm_import_batch(actor=None, batch=batch, background=False)
    assert (batch.imported_rows, batch.refused_rows) == (9_997, 3)
    assert Input.objects.filter(process=process).count() == 9_997


def test_imported_rows_carry_focus_areas_responsibility_and_date(process, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["Tekst", "Tema", "Ansvar", "Dato"],
            ["Lys", "sted|Sosiale og kulturelle aktiviteter", "Innbyggerne", "01.03.2016 18:30"],
        ],
    )

    imported(process, path)

    item = Input.objects.get()
    assert sorted(item.focus_areas.values_list("key", flat=True)) == ["sosial", "sted"]
    assert item.responsibility == Responsibility.RESIDENTS
    assert item.received_at == datetime.datetime(2016, 3, 1, 17, 30, tzinfo=datetime.UTC)


def test_nothing_is_stored_before_confirmation(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tekst"], ["Lys"], ["Benker"]])

    batch = checked(process, path)

    assert batch.status == ImportBatch.Status.PREVIEW
    assert batch.good_rows == 2
    assert not Input.objects.exists()


def test_windows_1252_csv_keeps_norwegian_letters(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Innspill"], ["Bålplass ved Ørnåsen, gjerne"]], "cp1252")

    imported(process, path)

    assert Input.objects.get().text == "Bålplass ved Ørnåsen, gjerne"


def test_decidim_export_joins_title_and_body_and_maps_known_categories(process, tmp_path):
    path = write_decidim(
        tmp_path / "proposals.csv",
        [
            decidim_row(
                1,
                "Stedsutvikling",
                "Lys i parken",
                "Parken er mørk.\n\nSett opp lys;\n«gjerne» LED.",
                "2016-03-01 18:04:11 UTC",
            ),
            decidim_row(
                2, "Helse", "Benker", "Flere benker ved\nsenteret.", "2016-03-02 09:00:00 UTC"
            ),
        ],
    )

    batch = imported(process, path)

    assert batch.format == ImportBatch.Format.DECIDIM
    first, second = Input.objects.order_by("received_at")
    assert first.text == "Lys i parken\n\nParken er mørk.\n\nSett opp lys;\n«gjerne» LED."
    assert list(first.focus_areas.values_list("key", flat=True)) == ["sted"]
    assert second.focus_areas.count() == 0
    assert first.channel == Input.Channel.WEB
    assert "Kari" not in "".join(Input.objects.values_list("text", flat=True))


def test_facebook_comments_import_without_their_authors(process, tmp_path):
    path = write_facebook(
        tmp_path / "fb.json",
        [
            {
                "id": "1_2",
                "comment": "Mer aktivitet for ungdom",
                "timestamp": 1457000000,
                "author": "Kari Nordmann",
            },
            {"id": "1_3", "comment": "Enig!", "timestamp": 1457000100, "author": "Ola Nordmann"},
        ],
    )

    batch = imported(process, path)

    assert batch.imported_rows == 2
    assert set(Input.objects.values_list("channel", flat=True)) == {Input.Channel.SOCIAL_MEDIA}
    stored = repr(list(Input.objects.values())) + repr(list(ImportBatch.objects.values()))
    assert "Nordmann" not in stored


def test_the_same_file_twice_creates_no_duplicates(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(50))
    imported(process, path)

    again = imported(process, path)

    assert (again.imported_rows, again.existing_rows) == (0, 50)
    assert Input.objects.count() == 50


def test_rows_with_an_external_id_are_recognised_after_their_text_is_corrected(process, tmp_path):
    imported(process, write_csv(tmp_path / "a.csv", [["Nr", "Tekst"], ["7", "Lys i parkenn"]]))

    again = imported(
        process, write_csv(tmp_path / "b.csv", [["Nr", "Tekst"], ["7", "Lys i parken"]])
    )

    assert again.existing_rows == 1
    assert Input.objects.count() == 1


def test_a_row_repeated_in_the_file_imports_once(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tekst"], ["Lys"], ["Lys"], ["Benker"]])

    batch = imported(process, path)

    assert (batch.imported_rows, batch.duplicate_rows, batch.refused_rows) == (2, 1, 0)


def test_one_audit_entry_for_the_whole_batch(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(30, {5: [4, "", "", "", ""]}))

    batch = imported(process, path)

    entry = AuditEntry.objects.get(verb="importbatch.complete")
    assert entry.object_id == str(batch.pk)
    assert entry.changes["imported"] == 29
    assert entry.changes["refused"] == 1
    assert not AuditEntry.objects.filter(verb="input.create").exists()


def test_unknown_responsibility_activity_and_language_are_named(process, tmp_path):
    activity = make_activity(make_method(process), "Nærmiljøkonferanse")
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["Tekst", "Ansvar", "Aktivitet", "Språk"],
            ["Lys", "staten", "Nærmiljøkonferanse", "nb"],
            ["Lys", "sammen", "Gjestebud", "nb"],
            ["Lys", "sammen", str(activity.pk), "norsk bokmål"],
            ["Benker", "sammen", "nærmiljøkonferanse", "se"],
        ],
    )

    batch = checked(process, path)

    assert import_errors(batch) == [
        (2, "ukjent ansvar «staten» (bruk kommune, innbyggere eller sammen)"),
        (3, "ukjent aktivitet «Gjestebud»"),
        (4, "ukjent språkkode «norsk bokmål» (bruk for eksempel nb, nn eller en)"),
    ]
    assert batch.good_rows == 1


def test_unrecognised_date_format_is_named(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tekst", "Dato"], ["Lys", "i fjor"]])

    batch = checked(process, path)

    assert import_errors(batch)[0][1].startswith("ukjent datoformat «i fjor»")


def test_mapping_without_text_is_refused(process, tmp_path):
    batch = create_import_batch(
        actor=None,
        process=process,
        upload=upload(write_csv(tmp_path / "a.csv", [["Tekst"], ["Lys"]])),
    )

    with pytest.raises(ValidationError) as error:
        set_import_mapping(actor=None, batch=batch, mapping={"text": []})

    assert error.value.message_dict == {"text": ["Velg minst én kolonne med teksten."]}


def test_oversized_file_is_refused_and_nothing_kept(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_BYTES = 1024
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(100))

    with pytest.raises(ValidationError, match="grensen er 0,0 MB"):
        create_import_batch(actor=None, process=process, upload=upload(path))

    assert not ImportBatch.objects.exists()


def test_unreadable_file_is_refused_with_the_readers_message(process, tmp_path):
    path = tmp_path / "a.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))

    with pytest.raises(ValidationError, match="gammel Excel-fil"):
        create_import_batch(actor=None, process=process, upload=upload(path))

    assert not ImportBatch.objects.exists()


def test_stray_quote_is_refused_at_upload_with_its_line(process, tmp_path):
    (tmp_path / "a.csv").write_text('Tekst\nLys\nBenker\n"Gater"x\n')

    with pytest.raises(ValidationError, match="Linje 4:"):
        create_import_batch(actor=None, process=process, upload=upload(tmp_path / "a.csv"))

    assert not ImportBatch.objects.exists()


def test_a_file_that_fails_during_the_check_fails_the_batch_with_the_readers_message(
    process, tmp_path
):
    batch = create_import_batch(
        actor=None,
        process=process,
        upload=upload(write_csv(tmp_path / "a.csv", [["Tekst"], ["Lys"]])),
    )
    with open(batch.file.path, "w") as handle:
        handle.write('Tekst\nLys\nBenker\n"Gater"x\n')

    batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.failure.startswith("Linje 4:")
    assert not Input.objects.exists()


def test_background_check_and_import_run_by_calling_the_task(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(20))
    batch = checked(process, path, background=True)
    assert batch.status == ImportBatch.Status.ANALYSING

    process_import_batch.call(batch.pk, "analyse", None)
    batch.refresh_from_db()
    assert (batch.status, batch.good_rows, batch.progress_done) == ("preview", 20, 20)
    confirm_import_batch(actor=None, batch=batch, background=True)
    process_import_batch.call(batch.pk, "import", None)

    batch.refresh_from_db()
    assert (batch.status, batch.imported_rows) == ("done", 20)


# The worker closes connections between tasks (as a real one must), which would end the
# test's own transaction: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_background_import_runs_through_the_database_worker(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(20))
    batch = checked(process, path, background=True)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    batch.refresh_from_db()
    confirm_import_batch(actor=None, batch=batch, background=True)

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    batch.refresh_from_db()
    assert (batch.status, batch.imported_rows) == ("done", 20)
    assert Input.objects.count() == 20


def test_confirming_stores_the_checked_rows_without_reading_the_file_again(process, tmp_path):
    batch = checked(process, write_xlsx(tmp_path / "a.xlsx", spreadsheet_rows(40)))
    with open(batch.file.path, "wb") as handle:
        handle.write(b"no longer a spreadsheet")

    batch = confirm_import_batch(actor=None, batch=batch, background=False)

    assert (batch.status, batch.imported_rows) == (ImportBatch.Status.DONE, 40)
    assert Input.objects.filter(focus_areas__key="sted").count() == 20


def test_a_focus_area_added_after_the_check_counts_when_importing(process, tmp_path):
    rows = [["Tekst", "Tema"], ["Lys i parken", "park"], ["Benker", "sted"]]
    batch = checked(process, write_csv(tmp_path / "a.csv", rows))
    assert batch.refused_rows == 1
    make_focus_area(process, "park", "Parker")

    batch = confirm_import_batch(actor=None, batch=batch, background=False)

    assert (batch.imported_rows, batch.refused_rows) == (2, 0)
    assert Input.objects.get(text="Lys i parken").focus_areas.get().key == "park"


def test_the_upload_and_its_checked_rows_are_removed_once_imported(
    process, tmp_path, django_capture_on_commit_callbacks
):
    batch = checked(process, write_csv(tmp_path / "a.csv", spreadsheet_rows(5)))
    upload = batch.file.path
    kept = f"{upload}.checked"
    assert os.path.exists(kept)

    with django_capture_on_commit_callbacks(execute=True):
        batch = confirm_import_batch(actor=None, batch=batch, background=False)

    assert not os.path.exists(kept)
    assert not os.path.exists(upload)
    assert batch.imported_rows == 5


def test_imported_inputs_get_distinct_receipt_codes_and_the_batch_activity(process, tmp_path):
    activity = make_activity(make_method(process), "Folkemøte")
    batch = checked(process, write_csv(tmp_path / "a.csv", spreadsheet_rows(300)))
    batch = set_import_mapping(
        actor=None, batch=batch, mapping=batch.mapping, activity=activity, background=False
    )

    confirm_import_batch(actor=None, batch=batch, background=False)

    codes = list(Input.objects.values_list("receipt_code", flat=True))
    assert len(set(codes)) == 300
    assert all(re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code) for code in codes)
    assert set(Input.objects.values_list("activity", flat=True)) == {activity.pk}
