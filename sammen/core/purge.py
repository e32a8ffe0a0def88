from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class PurgeReport:
    """What one app's part of the daily purge deleted: a count and a sentence that says
    what was counted, in the reader's language."""

    count: int
    summary: str

    @classmethod
    def of(cls, count: int, sentence: Promise) -> "PurgeReport":
        """`sentence` is an ngettext_lazy(singular, plural, "count") with %(count)s in it."""
        return cls(count, sentence % {"count": count})
