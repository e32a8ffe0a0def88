import pytest
from django.core.management import CommandError, call_command

from sammen.imports.models import ImportBatch
from sammen.inputs.models import Input

from .factories import make_focus_area, make_process
from .import_files import spreadsheet_rows, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = make_process()
    make_focus_area(process, "sted", "Stedsutvikling")
    make_focus_area(process, "sosial", "Sosiale og kulturelle aktiviteter")
    return process


def test_command_imports_a_good_file_and_prints_a_summary(process, tmp_path, capsys):
    path = write_xlsx(tmp_path / "a.xlsx", spreadsheet_rows(5))

    call_command("import_inputs", str(path), "--process", process.slug)

    assert "5 innspill importert" in capsys.readouterr().out
    assert Input.objects.count() == 5


def test_command_refuses_bad_rows_and_stores_nothing(process, tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(5, {3: [2, "", "", "", ""]}))

    with pytest.raises(CommandError, match="Ingenting er lagret"):
        call_command("import_inputs", str(path), "--process", process.slug)

    assert "Rad 3: tom tekst" in capsys.readouterr().err
    assert not Input.objects.exists()
    assert not ImportBatch.objects.exists()


def test_command_with_skip_bad_rows_imports_the_good_ones(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(5, {3: [2, "", "", "", ""]}))

    call_command("import_inputs", str(path), "--process", process.slug, "--skip-bad-rows")

    assert Input.objects.count() == 4


def test_command_dry_run_stores_nothing(process, tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(5))

    call_command("import_inputs", str(path), "--process", process.slug, "--dry-run")

    assert "5 kan importeres" in capsys.readouterr().out
    assert not Input.objects.exists()


def test_command_mapping_option_overrides_the_guess(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["A", "B"], ["Lys", "sted"]])

    call_command(
        "import_inputs",
        str(path),
        "--process",
        process.slug,
        "--mapping",
        "text=A",
        "focus_areas=B",
    )

    assert list(Input.objects.get().focus_areas.values_list("key", flat=True)) == ["sted"]


def test_command_names_an_unknown_column(process, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tekst"], ["Lys"]])

    with pytest.raises(CommandError, match="ingen kolonne «Tema»"):
        call_command(
            "import_inputs", str(path), "--process", process.slug, "--mapping", "focus_areas=Tema"
        )
