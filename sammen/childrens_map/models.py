"""Barnetråkk: children map their ways to school and leisure, and the places they like, find
unsafe or use for activities. Geometries are GeoJSON in EPSG:4326 (longitude, latitude)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Process

COMMENT_MAX_LENGTH = 500
GRADE_MIN, GRADE_MAX = 1, 10


class MapArea(models.Model):
    """Barnetråkk's settings for a process: where the map opens and the schools the children
    choose from. The area itself is the process's polygon (Process.area_polygon)."""

    process = models.OneToOneField(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="map_area"
    )
    centre_lat = models.FloatField(_("midtpunkt, breddegrad"))
    centre_lon = models.FloatField(_("midtpunkt, lengdegrad"))
    zoom = models.PositiveSmallIntegerField(
        _("zoomnivå"), default=15, validators=[MinValueValidator(1), MaxValueValidator(19)]
    )
    schools = models.JSONField(
        _("skoler"),
        default=list,
        blank=True,
        help_text=_("Skolene barna kan velge mellom. Barna kan også skrive en annen skole."),
    )

    class Meta:
        verbose_name = _("kartområde")
        verbose_name_plural = _("kartområder")

    def __str__(self):
        return str(self.process)

    def clean(self):
        polygon = self.process.map_polygon if self.process_id else None
        if polygon is None:
            raise ValidationError(
                _("Prosessen har ikke noe kartområde ennå. Tegn eller last opp området først.")
            )
        if not polygon.contains(self.centre_lon, self.centre_lat):
            raise ValidationError(_("Midtpunktet må ligge innenfor området."))

    def contains(self, lon: float, lat: float) -> bool:
        polygon = self.process.map_polygon
        return polygon is not None and polygon.contains(lon, lat)


class NamedPlace(models.Model):
    """A place children know by name (a school, the shop, the football field), for describing
    routes and places without the map."""

    area = models.ForeignKey(
        MapArea, verbose_name=_("kartområde"), on_delete=models.CASCADE, related_name="places"
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    name = models.CharField(_("navn"), max_length=100)
    lat = models.FloatField(_("breddegrad"))
    lon = models.FloatField(_("lengdegrad"))

    class Meta:
        verbose_name = _("navngitt sted")
        verbose_name_plural = _("navngitte steder")
        ordering = ["area", "order"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="namedplace_name_unique"),
            models.UniqueConstraint(fields=["area", "order"], name="namedplace_order_unique"),
        ]

    def __str__(self):
        return self.name


class TravelMode(models.TextChoices):
    WALK = "ga", _("Går")
    BIKE = "sykkel", _("Sykler")
    SCOOTER = "sparkesykkel", _("Sparkesykkel")
    BUS = "buss", _("Buss")
    CAR = "bil", _("Bil")
    OTHER = "annet", _("Annet")


class Destination(models.TextChoices):
    SCHOOL = "skole", _("Til skolen")
    LEISURE = "fritid", _("Til fritidsaktiviteter")


class PlaceCategory(models.TextChoices):
    LIKE = "liker", _("Et sted jeg liker")
    UNSAFE = "utrygg", _("Et sted som føles utrygt")
    ACTIVITY = "aktivitet", _("Et sted jeg gjør aktiviteter")


class ChildSession(models.Model):
    """One child's visit. Never a name: grade and school are all we ask."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("prosess"),
        on_delete=models.CASCADE,
        related_name="child_sessions",
    )
    grade = models.PositiveSmallIntegerField(
        _("trinn"),
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
        error_messages={
            "min_value": _("Velg et trinn fra 1 til 10."),
            "max_value": _("Velg et trinn fra 1 til 10."),
        },
    )
    school = models.CharField(_("skole"), max_length=100)
    created_at = models.DateTimeField(_("startet"), auto_now_add=True)
    # NULL, not "", without a key: the unique constraint skips NULLs.
    idempotency_key = models.CharField(  # noqa: DJ001
        _("idempotensnøkkel"), max_length=100, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("barnetråkk-økt")
        verbose_name_plural = _("barnetråkk-økter")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="childsession_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=GRADE_MIN, grade__lte=GRADE_MAX),
                name="childsession_grade_range",
                violation_error_message=_("Velg et trinn fra 1 til 10."),
            ),
        ]

    def __str__(self):
        return _("%(grade)s. trinn, %(school)s") % {"grade": self.grade, "school": self.school}


class ChildRoute(models.Model):
    session = models.ForeignKey(
        ChildSession, verbose_name=_("økt"), on_delete=models.CASCADE, related_name="routes"
    )
    geometry = models.JSONField(_("vei (GeoJSON LineString)"))
    travel_mode = models.CharField(_("hvordan"), max_length=16, choices=TravelMode.choices)
    destination = models.CharField(_("hvor"), max_length=16, choices=Destination.choices)
    comment = models.CharField(_("kommentar"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    idempotency_key = models.CharField(  # noqa: DJ001
        _("idempotensnøkkel"), max_length=100, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("vei")
        verbose_name_plural = _("veier")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="childroute_idempotency_key_unique",
            ),
        ]

    def __str__(self):
        return f"{self.get_destination_display()} ({self.get_travel_mode_display()})"


class ChildPlace(models.Model):
    session = models.ForeignKey(
        ChildSession, verbose_name=_("økt"), on_delete=models.CASCADE, related_name="places"
    )
    geometry = models.JSONField(_("sted (GeoJSON Point)"))
    category = models.CharField(_("type sted"), max_length=16, choices=PlaceCategory.choices)
    comment = models.CharField(_("kommentar"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    idempotency_key = models.CharField(  # noqa: DJ001
        _("idempotensnøkkel"), max_length=100, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("sted")
        verbose_name_plural = _("steder")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="childplace_idempotency_key_unique",
            ),
        ]

    def __str__(self):
        return self.get_category_display()
