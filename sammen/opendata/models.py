from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Organisation

from .licences import DEFAULT_LICENCE, LicenceKey


class OpenDataLicence(models.Model):
    """The licence an organisation publishes its processes' open data under. An organisation
    without a row publishes under NLOD 2.0."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="open_data_licence",
    )
    licence = models.CharField(
        _("lisens"), max_length=16, choices=LicenceKey.choices, default=DEFAULT_LICENCE
    )
    changed_at = models.DateTimeField(_("endret"), default=timezone.now)

    class Meta:
        verbose_name = _("lisens for åpne data")
        verbose_name_plural = _("lisenser for åpne data")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licence__in=LicenceKey.values),
                name="opendata_licence_known",
            )
        ]

    def __str__(self):
        return _("Lisens for åpne data fra %(organisation)s") % {"organisation": self.organisation}
