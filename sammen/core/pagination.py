"""A paginator that counts no further than it must.

Django's Paginator counts every row that matches (COUNT(*) over a million inputs is a full
scan of an index); a list needs only to know whether there are more than it will ever page
through. CappedPaginator counts at most `cap` + 1 rows: past the cap the count is shown as
"more than 10,000" and the pages stop there (narrow the filters to reach the rest).
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "values"):
            # Only the ids, no ordering and no annotations: SELECT COUNT(*) FROM (… LIMIT n).
            counted = rows.values("pk").order_by()[: self.cap + 1].count()
        else:
            counted = len(rows[: self.cap + 1])
        return min(counted, self.cap + 1)

    @property
    def capped(self) -> bool:
        """True when there are more rows than the cap: the count shown is "more than"."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        # The pages past the cap are not offered; the count says there are more.
        pages = super().num_pages
        return min(pages, max(1, -(-self.cap // self.per_page)))
