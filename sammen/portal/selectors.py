from sammen.inputs.models import Input
from sammen.inputs.selectors import public_inputs
from sammen.processes.models import Process


def named_places(process: Process, limit: int = 30) -> list[str]:
    """Places already named in the process's published inputs, offered as suggestions in the
    form (a datalist: the citizen may still write their own)."""
    names = (
        public_inputs(process)
        .exclude(place_name="")
        .values_list("place_name", flat=True)
        .distinct()
        .order_by("place_name")
    )
    return list(names[:limit])


def linked_actions(item: Input) -> list:
    """The roadmap actions an input is linked to, with their assessment. The roadmap app does
    not exist yet, so there are none; the receipt page shows the section only when there are."""
    return []
