"""What the children's map does when lower apps send a domain signal (sammen.core.signals).
Connected in ChildrensMapConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext_lazy

from sammen.core.purge import PurgeReport
from sammen.core.signals import process_copied, purge_personal_data

from .services import copy_map_area, purge_expired_child_comments

PURGED = ngettext_lazy(
    "Slettet barnas kommentarer fra %(count)s barnetråkk-økt.",
    "Slettet barnas kommentarer fra %(count)s barnetråkk-økter.",
    "count",
)


@receiver(purge_personal_data, dispatch_uid="childrens_map.purge_comments")
def purge_comments(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_expired_child_comments(actor=actor, today=today), PURGED)


@receiver(process_copied, dispatch_uid="childrens_map.copy_map_area")
def copy_map_area_to_copy(sender, *, actor, template, process, **kwargs) -> None:
    copy_map_area(actor=actor, template=template, process=process)
