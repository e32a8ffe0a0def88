"""The class code: what a teacher hands out in class, so that a whole class starting together
from the school's one network address gets past the limit on starts a single address has.

The code is derived from the secret key and the process and changes every ISO week, so there
is nothing to store and a code that leaks stops working within two weeks: this week's and last
week's codes are accepted (a lesson planned on a Friday still works on Monday). Staff read it
on the planner page.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sammen.processes.models import Process

# No 0/O or 1/I: a child copies the code from the blackboard.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 6


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def class_code(process: Process, day: date | None = None) -> str:
    """The process's class code for the week of `day` (today by default), as ABC-DEF."""
    week = _week(day or timezone.localdate())
    digest = salted_hmac(
        "sammen.childrens_map.class_code", f"{process.pk}:{week}", algorithm="sha256"
    ).digest()
    number = int.from_bytes(digest[:8])
    chars = []
    for _ in range(LENGTH):
        number, rest = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[rest])
    return "".join(chars[:3]) + "-" + "".join(chars[3:])


def normalise(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def is_class_code(process: Process, value: str) -> bool:
    given = normalise(value)
    today = timezone.localdate()
    return any(
        constant_time_compare(given, normalise(class_code(process, day)))
        for day in (today, today - timedelta(weeks=1))
    )
