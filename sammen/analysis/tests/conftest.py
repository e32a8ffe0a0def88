import csv
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "near_duplicates.csv"


@pytest.fixture
def planted() -> list[dict[str, str]]:
    """Norwegian inputs with planted near-duplicate families (campaign copies, paraphrases)
    and unrelated ones (family empty)."""
    with FIXTURE.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))
