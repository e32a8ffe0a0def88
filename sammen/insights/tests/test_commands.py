import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sammen.engagement.tests.factories import make_activity, make_method, make_process

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("participation_summary", *args, stdout=out)
    return out.getvalue()


def test_json_total_has_the_published_borgen_figures(borgen):
    total = json.loads(run("borgen", "--json"))["total"]

    assert (total["participants"], total["inputs"], total["reach"]) == (
        {"low": 748, "high": 783},
        458,
        611,
    )
    assert "Rådmannen med sin ledergruppe" in total["uncounted"]


def test_plain_text_gives_the_borgen_total_as_a_range(borgen):
    output = run("borgen")

    assert "Totalt: 748–783 deltakere, 458 innspill, rekkevidde 611" in output


def test_plain_text_lists_each_method_and_the_uncounted():
    process = make_process()
    make_activity(make_method(process, "Konferanser"), participants_low=5, reach=9)
    make_activity(
        make_method(process, "Gjestebud"), participants_low=3, uncounted_note="Ordføreren"
    )

    lines = run(process.slug).splitlines()

    assert lines == [
        "Konferanser: 5 deltakere, 0 innspill, rekkevidde 9",
        "Gjestebud: 3 deltakere, 0 innspill",
        "Totalt: 8 deltakere, 0 innspill, rekkevidde 9 (ikke regnet som deltakere)",
        "I tillegg, ikke telt: Ordføreren",
    ]


def test_unknown_slug_raises_command_error_naming_the_slug():
    with pytest.raises(CommandError, match="finnes-ikke"):
        run("finnes-ikke", "--json")
