from dataclasses import dataclass


@dataclass(frozen=True)
class PurgeReport:
    """What one app's part of the daily purge deleted: a count and a sentence that says
    what was counted, in the reader's language."""

    count: int
    summary: str
