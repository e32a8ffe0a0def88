"""The shipped fixture (fixtures/innspill.csv: 48 Norwegian inputs in three focus areas, with a
responsibility each) loaded into a process through the services."""

import csv
import pathlib

from django.test import TestCase

from sammen.inputs.tests.factories import make_focus_area, make_input, make_process

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "innspill.csv"
AREAS = {"trafikk": "Trafikk", "møteplasser": "Møteplasser", "natur": "Natur og friluft"}


def rows() -> list[dict]:
    with FIXTURE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_process(*, sorted_every: int = 0, queue: bool = False):
    """A process with the fixture's inputs, none sorted; with sorted_every=n each n-th input
    comes sorted (area and responsibility), as fast entry stores it. The tasks their arrival
    and sorting would queue are queued only with queue=True (the test's transaction never
    commits, so the work waiting for it is dropped here)."""
    with TestCase.captureOnCommitCallbacks(execute=queue) as callbacks:
        made = _load(sorted_every)
    for callback in callbacks:
        callback.done = True
    return made


def _load(sorted_every: int):
    process = make_process()
    areas = {
        key: make_focus_area(process, key=key.replace("ø", "o"), title=title)
        for key, title in AREAS.items()
    }
    items = []
    for i, row in enumerate(rows()):
        sort = sorted_every and i % sorted_every == 0
        items.append(
            make_input(
                process,
                text=row["text"],
                focus_areas=[areas[row["omrade"]]] if sort else [],
                responsibility=row["ansvar"] if sort else "",
            )
        )
    return process, areas, items
