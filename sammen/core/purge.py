from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.functional import Promise

from .links import purge_old_links
from .ratelimit import purge_expired_counters
from .signals import purge_personal_data


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


def run_purge(today=None) -> list[PurgeReport]:
    """Delete every kind of personal data whose retention has run out: each app that holds
    some takes part through the purge_personal_data signal. For the daily task and the
    command alike."""
    today = today or timezone.localdate()
    responses = purge_personal_data.send(sender=None, actor=None, today=today)
    # Used and expired confirmation links: a day's grace, then they go too.
    purge_old_links(before=timezone.now() - timedelta(days=1))
    # Rate limits' counters of windows that have ended (SAMMEN_RATE_LIMIT_STORE=database).
    purge_expired_counters()
    return [report for _receiver, report in responses if isinstance(report, PurgeReport)]
