"""Calendar periods named in query parameters: a month ("2016-05") or an ISO week
("2016-W19"). The dashboard's figures over time link to the records of one period with these,
and the lists behind them (the workbench, the activities) read them back."""

import datetime
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

MONTH = "month"
WEEK = "week"
# The parameter's value for activities without a date.
UNDATED = "uten-dato"

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Period:
    kind: str  # MONTH or WEEK
    first: datetime.date  # the first day
    last: datetime.date  # the last day

    @property
    def key(self) -> str:
        if self.kind == WEEK:
            year, week, _day = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first.year}-{self.first.month:02d}"

    @property
    def label(self) -> str:
        if self.kind == WEEK:
            year, week, _day = self.first.isocalendar()
            return _("uke %(week)s %(year)s") % {"week": week, "year": year}
        return formats.date_format(self.first, "b Y")

    def next(self) -> "Period":
        return period_of(self.last + datetime.timedelta(days=1), self.kind)


def period_of(day: datetime.date, kind: str) -> Period:
    if kind == WEEK:
        first = day - datetime.timedelta(days=day.weekday())
        return Period(WEEK, first, first + datetime.timedelta(days=6))
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return Period(MONTH, first, following - datetime.timedelta(days=1))


def parse_period(value: str | None) -> Period | None:
    """The period a parameter names, or None for anything that cannot be one."""
    value = (value or "").strip()
    try:
        if match := _MONTH.match(value):
            return period_of(datetime.date(int(match[1]), int(match[2]), 1), MONTH)
        if match := _WEEK.match(value):
            return period_of(datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1), WEEK)
    except ValueError:
        return None
    return None


def periods_between(first: datetime.date, last: datetime.date, kind: str) -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, empty ones too."""
    periods = [period_of(first, kind)]
    while periods[-1].last < last:
        periods.append(periods[-1].next())
    return periods
