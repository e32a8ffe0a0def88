from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

UUTILSYNET_URL = "https://www.uutilsynet.no/"


class AccessibilityStatement(models.Model):
    """The site's tilgjengelighetserklæring, filled in by the municipality.

    Every field may be left empty: the page then shows sammen's own default text.
    """

    organisation = models.CharField(
        _("virksomhet"),
        max_length=200,
        blank=True,
        help_text=_("Den som er ansvarlig for nettstedet, for eksempel «Asker kommune»."),
    )
    feedback_email = models.EmailField(_("e-post for tilbakemeldinger"), blank=True)
    feedback_phone = models.CharField(
        _("telefon for tilbakemeldinger"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ]{4,}$",
                _("Skriv telefonnummeret med sifre og mellomrom, for eksempel «+47 66 70 90 00»."),
            )
        ],
    )
    known_deviations = models.TextField(
        _("kjente avvik"),
        blank=True,
        help_text=_(
            "Hva som ikke oppfyller kravene, hvorfor, og hva brukerne kan gjøre i stedet. "
            "Ett avvik per avsnitt."
        ),
    )
    last_tested_on = models.DateField(_("sist testet"), null=True, blank=True)
    complaint_url = models.URLField(
        _("lenke til klage"),
        default=UUTILSYNET_URL,
        help_text=_("Der brukerne kan klage når de ikke får svar. Standard: Uu-tilsynet."),
    )
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        verbose_name = _("tilgjengelighetserklæring")
        verbose_name_plural = _("tilgjengelighetserklæringer")

    def __str__(self):
        return str(self.organisation or _("Tilgjengelighetserklæring"))
