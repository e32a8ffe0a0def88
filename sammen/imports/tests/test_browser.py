"""The process manager's import walk: upload, map columns, read the errors, confirm."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, login
from sammen.inputs.models import Input

from .factories import make_focus_area, make_process
from .import_files import spreadsheet_rows, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_imports_a_spreadsheet_after_reading_its_errors(page, staff_user, tmp_path):
    process = make_process("borgen")
    make_focus_area(process, "sted", "Stedsutvikling")
    make_focus_area(process, "sosial", "Sosiale og kulturelle aktiviteter")
    rows = spreadsheet_rows(
        8, {4: [3, "", "sted", "", ""], 7: [6, "Lys", "sted", "", "31.02.2016"]}
    )
    path = write_xlsx(tmp_path / "innspill fra konferansen.xlsx", rows)
    login(page)

    page.goto(page.base_url + "/stab/borgen/innspill/")
    page.get_by_role("link", name="Importer innspill fra fil").click()
    assert_accessible(page)
    page.get_by_label("Fil").set_input_files(str(path))
    page.get_by_role("button", name="Last opp og velg kolonner").click()

    page.get_by_role("heading", name="Velg kolonner").wait_for()
    expect(page.get_by_role("checkbox", name="Tekst")).to_be_checked()
    expect(page.get_by_label("Innsatsområder", exact=True)).to_have_value("Tema")
    assert_accessible(page)
    page.get_by_role("button", name="Sjekk radene").click()

    page.get_by_role("heading", name="2 rader avvises").wait_for()
    errors = page.get_by_role("list", name="2 rader avvises").inner_text()
    assert "Rad 4: tom tekst" in errors
    assert "Rad 7: umulig dato «31.02.2016»" in errors
    assert not Input.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Importer 6 innspill").click()

    status = page.get_by_role("status").filter(has_text="importert")
    expect(status).to_have_text("6 innspill er importert. 2 rader ble avvist, 0 fantes fra før.")
    assert_accessible(page)
    page.get_by_role("link", name="Se innspillene").click()
    expect(page.locator("main")).to_contain_text("6 innspill vises.")
    assert_accessible(page)


def test_staff_continue_an_import_that_stopped_and_every_row_lands_once(
    page, staff_user, tmp_path, settings, monkeypatch
):
    from django.test.utils import override_settings

    from sammen.imports import pipeline
    from sammen.imports.services import (
        confirm_import_batch,
        create_import_batch,
        set_import_mapping,
    )

    from .import_files import upload, write_csv

    process = make_process("borgen")
    make_focus_area(process, "sted", "Stedsutvikling")
    make_focus_area(process, "sosial", "Sosiale og kulturelle aktiviteter")
    with override_settings(SAMMEN_IMPORT_CHUNK_ROWS=10):
        batch = create_import_batch(
            actor=None,
            process=process,
            upload=upload(write_csv(tmp_path / "innspill.csv", spreadsheet_rows(30))),
        )
        batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)
        real = pipeline._insert_inputs
        calls = []

        def cut_off_in_the_second_chunk(batch, rows):
            calls.append(len(rows))
            if len(calls) == 2:
                raise KeyboardInterrupt
            return real(batch, rows)

        monkeypatch.setattr(pipeline, "_insert_inputs", cut_off_in_the_second_chunk)
        with pytest.raises(KeyboardInterrupt):
            confirm_import_batch(actor=None, batch=batch, background=False)
        monkeypatch.undo()
    login(page)

    page.goto(f"{page.base_url}/stab/borgen/import/{batch.pk}/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Importen stoppet før den var ferdig")
    expect(alert).to_contain_text("10 av 30 rader er behandlet, og 10 innspill er lagret.")
    assert_accessible(page)
    page.get_by_role("button", name="Fortsett importen").click()

    status = page.get_by_role("status").filter(has_text="importert")
    expect(status).to_have_text("30 innspill er importert. 0 rader ble avvist, 0 fantes fra før.")
    assert Input.objects.count() == 30
    assert Input.objects.values("text").distinct().count() == 30
    expect(page.get_by_role("button", name="Avbryt importen")).to_have_count(0)
    assert_accessible(page)
