"""An illustrative population table for the Borgen area.

The figures are made up for the demo, in the shape of Statistics Norway's tables 07459 (age)
and 09817 (immigration category), in round numbers of the right size for a part of Asker; they
are not SSB's figures for Borgen, and every page that uses them says so. They go in through
the same import as an uploaded file (borgen_population.csv, the simple three-column form)."""

from pathlib import Path

from sammen.insights.population_services import import_population
from sammen.processes.models import Process

POPULATION_CSV = Path(__file__).with_name("borgen_population.csv")

SOURCE = "Illustrerende tall i formen til SSBs tabeller 07459 og 09817"
YEAR = 2016
NOTE = (
    "Tallene er laget for demoen og er ikke SSBs tall for Borgen. De viser hvordan deltakerne "
    "settes opp mot befolkningen; for en virkelig prosess lastes tabellene ned fra SSB."
)


def load_borgen_population(*, actor, process: Process) -> None:
    import_population(
        actor=actor,
        process=process,
        data=POPULATION_CSV.read_bytes(),
        source=SOURCE,
        year=YEAR,
        is_illustrative=True,
        note=NOTE,
    )
