import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core import geo
from sammen.core.colours import validate_theme_colour


def logo_path(instance, filename: str) -> str:
    """A random name: a new logo gets a new URL, so browsers may keep the old one for long."""
    suffix = filename.rpartition(".")[2].lower()[:4]
    return f"logos/{uuid.uuid4().hex}.{suffix}"


def cover_path(instance, filename: str) -> str:
    """A random name, like a logo's: a new cover image gets a new URL."""
    suffix = filename.rpartition(".")[2].lower()[:4]
    return f"covers/{uuid.uuid4().hex}.{suffix}"


class Organisation(models.Model):
    """A municipality (or another public body) that runs processes."""

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn"), unique=True)
    municipality_number = models.CharField(_("kommunenummer"), max_length=4, blank=True)
    # The organisation's main colour (#rrggbb), set by its administrators; theme_css is
    # Designsystemet's colour scale computed from it when it is saved (sammen.core.colours).
    theme_colour = models.CharField(
        _("hovedfarge"),
        max_length=7,
        blank=True,
        validators=[validate_theme_colour],
        help_text=_("Som #rrggbb. Hvit tekst på fargen må ha kontrast minst 4,5:1."),
    )
    theme_css = models.TextField(blank=True, editable=False)
    # Re-encoded on upload (sammen.core.uploads), served publicly by portal:logo.
    logo = models.FileField(_("logo"), upload_to=logo_path, max_length=200, blank=True)

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def logo_version(self) -> str:
        """What changes with the logo (its random file name), for its URL."""
        return self.logo.name.rpartition("/")[2].partition(".")[0][:12]


def default_retention_months() -> int:
    """A new process's retention period: SAMMEN_RETENTION_MONTHS, read when it is made."""
    return settings.SAMMEN_RETENTION_MONTHS


class Process(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ACTIVE = "active", _("Pågår")
        COMPLETED = "completed", _("Avsluttet")
        ARCHIVED = "archived", _("Arkivert")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn"), unique=True)
    area = models.CharField(_("område"), max_length=200, blank=True)
    main_goal = models.CharField(_("hovedmål"), max_length=300, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    promise = models.TextField(
        _("løfte til deltakerne"),
        blank=True,
        help_text=_("Hva deltakerne kan vente seg: hvordan innspillene brukes og når de får svar."),
    )
    data_note = models.TextField(
        _("om tallene"),
        blank=True,
        help_text=_("Vises ved tallene på alle sider: hvor de kommer fra og hva som er anslag."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    legal_basis = models.TextField(
        _("behandlingsgrunnlag for personopplysninger"),
        blank=True,
        help_text=_("Rettslig grunnlag etter personvernforordningen artikkel 6 (og 9 om aktuelt)."),
    )
    personal_data_purpose = models.TextField(
        _("formål med personopplysningene"),
        blank=True,
        help_text=_(
            "Hvorfor prosessen ber om personopplysninger (e-post, svar om deg, gjestebud-verter). "
            "Vises i personvernteksten og i dataoversikten."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("lagringstid (måneder)"),
        default=default_retention_months,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "Hvor lenge personopplysninger beholdes (e-post, svar om deg, gjestebud-verters navn "
            "og e-post, barnas kommentarer i barnetråkk), regnet fra de ble gitt."
        ),
    )
    inputs_public = models.BooleanField(
        _("innspillene er offentlige"),
        default=True,
        help_text=_(
            "Godkjente innspill kan leses av alle på prosessens side, i API-et og i de åpne "
            "dataene, med personopplysninger skjult. Skjemaet sier det til den som gir innspill. "
            "Tallene vises uansett."
        ),
    )
    area_polygon = models.JSONField(
        _("kartområde"),
        null=True,
        blank=True,
        help_text=_(
            "Området prosessen gjelder, som et GeoJSON-polygon (lengdegrad, breddegrad). "
            "Kartene viser det, og steder utenfor blir ikke tatt imot."
        ),
    )
    # The picture at the top of the public page, uploaded by staff and re-encoded on upload
    # (sammen.core.uploads; no metadata, a capped size), served publicly by portal:cover. A
    # plain FileField like the organisation's logo: the service checks the picture itself.
    cover_image = models.FileField(
        _("forsidebilde"), upload_to=cover_path, max_length=200, blank=True
    )
    cover_alt = models.CharField(
        _("bildetekst for skjermlesere"),
        max_length=300,
        blank=True,
        help_text=_(
            "Hva bildet viser, for dem som ikke ser det (alternativ tekst). Påkrevd når "
            "prosessen har et forsidebilde."
        ),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("prosess")
        verbose_name_plural = _("prosesser")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_months__gte=1), name="process_retention_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:process", args=[self.slug])

    @property
    def map_polygon(self) -> geo.PolygonArea | None:
        """The map area as something that answers contains(lon, lat), or None."""
        return geo.PolygonArea(self.area_polygon) if self.area_polygon else None

    @property
    def cover_version(self) -> str:
        """What changes with the cover image (its random file name), for its URL."""
        return self.cover_image.name.rpartition("/")[2].partition(".")[0][:12]


class Principle(models.Model):
    """One of the process's keys to good involvement ("3 nøkler" in Borgen)."""

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="principles"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("nøkkel")
        verbose_name_plural = _("nøkler")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="principle_order_unique"),
        ]

    def __str__(self):
        return self.title


class Phase(models.Model):
    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Kunnskapsgrunnlag")
        DIALOGUE = "dialogue", _("Dialog og innsikt")
        CO_CREATION = "co_creation", _("Samskaping")
        POLITICAL = "political", _("Politisk behandling")
        IMPLEMENTATION = "implementation", _("Gjennomføring og oppfølging")
        OTHER = "other", _("Annet")

    class InfluenceLevel(models.TextChoices):
        # The IAP2 spectrum, as Norwegian planning guidance uses it.
        INFORM = "inform", _("Informere")
        CONSULT = "consult", _("Konsultere")
        INVOLVE = "involve", _("Involvere")
        COLLABORATE = "collaborate", _("Samarbeide")
        EMPOWER = "empower", _("Myndiggjøre")

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    starts_on = models.DateField(_("starter"), null=True, blank=True)
    ends_on = models.DateField(_("slutter"), null=True, blank=True)
    influence_level = models.CharField(
        _("grad av innflytelse"),
        max_length=16,
        choices=InfluenceLevel.choices,
        default=InfluenceLevel.CONSULT,
    )
    decision_point = models.CharField(_("beslutningspunkt"), max_length=300, blank=True)
    decision_maker = models.CharField(_("beslutningstaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="phase_order_unique"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message=_("Fasen kan ikke slutte før den starter."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class FocusArea(models.Model):
    """An innsatsområde: one of the process's themes that inputs and actions are sorted by."""

    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    key = models.SlugField(_("nøkkel"), help_text=_("Kort navn brukt i import og eksport."))
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("innsatsområde")
        verbose_name_plural = _("innsatsområder")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="focusarea_key_unique"),
            models.UniqueConstraint(fields=["process", "order"], name="focusarea_order_unique"),
        ]

    def __str__(self):
        return self.title


class TargetGroup(models.Model):
    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="target_groups"
    )
    name = models.CharField(_("navn"), max_length=200)
    population_share = models.DecimalField(
        _("andel av befolkningen (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="targetgroup_name_unique"),
            models.CheckConstraint(
                condition=Q(population_share__isnull=True)
                | Q(population_share__gte=0, population_share__lte=100),
                name="targetgroup_share_percent",
            ),
        ]

    def __str__(self):
        return self.name
