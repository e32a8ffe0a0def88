import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sammen.core import geo
from sammen.core.forms import add_service_errors, honeypot_field

from . import services
from .class_code import is_class_code
from .models import (
    COMMENT_MAX_LENGTH,
    GRADE_MAX,
    GRADE_MIN,
    ChildSession,
    Destination,
    MapArea,
    NamedPlace,
    PlaceCategory,
    TravelMode,
)

GRADE_MESSAGE = _("Velg et trinn fra 1 til 10.")
# The children's choices are large tiles, each a picture with its words.
ICON_CHOICES = "childrens_map/forms/icon_choices.html"
OTHER_SCHOOL = "annen"


def new_key() -> str:
    return uuid.uuid4().hex


class KeyedForm(forms.Form):
    """A form whose hidden key makes a double submit store things once."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)
    # Filled by bots only: what they send is answered as if stored, and nothing is.
    website = honeypot_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", new_key())

    @property
    def is_bot(self) -> bool:
        return self.is_bound and bool(self.data.get(self.add_prefix("website")))


def comment_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ikke skriv navnet ditt eller navnet til andre."),
        error_messages={
            "max_length": _("Kommentaren er for lang. Skriv høyst %(limit_value)d tegn.")
        },
    )


class StartForm(KeyedForm):
    grade = forms.IntegerField(
        label=_("Hvilket trinn går du på?"),
        min_value=GRADE_MIN,
        max_value=GRADE_MAX,
        widget=forms.Select(
            choices=[("", _("Velg trinn"))]
            + [(n, _("%(n)s. trinn") % {"n": n}) for n in range(GRADE_MIN, GRADE_MAX + 1)]
        ),
        error_messages={
            "required": GRADE_MESSAGE,
            "invalid": GRADE_MESSAGE,
            "min_value": GRADE_MESSAGE,
            "max_value": GRADE_MESSAGE,
        },
    )
    school = forms.ChoiceField(
        label=_("Hvilken skole går du på?"),
        required=False,
        error_messages={"invalid_choice": _("Velg en skole fra listen, eller skriv navnet.")},
    )
    other_school = forms.CharField(
        label=_("Annen skole: skriv navnet"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Navnet på skolen er for langt.")},
    )
    class_code = forms.CharField(
        label=_("Klassekode (hvis læreren har gitt dere en)"),
        required=False,
        max_length=20,
        help_text=_("Seks bokstaver og tall, for eksempel ABC-234. Uten kode går det også fint."),
        error_messages={"max_length": _("Klassekoden er for lang. Den har seks tegn.")},
    )

    def __init__(self, *args, area: MapArea, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        if area.schools:
            self.fields["school"].choices = [
                ("", _("Velg skole")),
                *[(name, name) for name in area.schools],
                (OTHER_SCHOOL, _("En annen skole")),
            ]
        else:
            del self.fields["school"]
            self.fields["other_school"].label = _("Hvilken skole går du på?")

    def clean(self):
        data = super().clean()
        choice = data.get("school", OTHER_SCHOOL) or ""
        school = data.get("other_school", "").strip() if choice == OTHER_SCHOOL else choice
        if not school and not self.has_error("other_school") and not self.has_error("school"):
            field = "other_school" if choice == OTHER_SCHOOL else "school"
            self.add_error(field, _("Velg skolen din, eller skriv navnet på den."))
        data["school_name"] = school
        return data

    def clean_class_code(self) -> str:
        code = self.cleaned_data["class_code"].strip()
        if code and not is_class_code(self.area.process, code):
            raise ValidationError(
                _("Klassekoden stemmer ikke. Sjekk den med læreren, eller la feltet stå tomt."),
                code="wrong_class_code",
            )
        return code


def travel_mode_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Hvordan kommer du deg dit?"),
        template_name=ICON_CHOICES,
        choices=TravelMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvordan du kommer deg dit.")},
    )


def destination_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Hvor går veien?"),
        template_name=ICON_CHOICES,
        choices=Destination.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg om veien går til skolen eller til fritiden.")},
    )


def category_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Hva slags sted er det?"),
        template_name=ICON_CHOICES,
        choices=PlaceCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hva slags sted det er.")},
    )


class EntryForm(KeyedForm):
    """A route or a place the child tells about, on the map or from lists. `save` hands the
    values named in `service_fields` to `service`; `saved` is what the child is told then."""

    service: Callable[..., object]
    service_fields: tuple[str, ...]
    saved: str

    def __init__(self, *args, area: MapArea, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area

    def save(self, session: ChildSession) -> bool:
        """Store what the form holds; on the service's refusal, show why and return False."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.service_fields}
        try:
            self.service(session=session, idempotency_key=data["key"] or None, **fields)
        except ValidationError as error:
            add_service_errors(self, error)
            return False
        return True


class DrawnForm(EntryForm):
    """Drawn on the map: the script fills in the hidden geometry; clean_shape checks it."""

    geometry = forms.CharField(widget=forms.HiddenInput, required=False)
    clean_shape: Callable[[Any, MapArea], dict[str, Any]]

    def clean_geometry(self):
        try:
            return self.clean_shape(self.cleaned_data["geometry"], self.area)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class MapRouteForm(DrawnForm):
    clean_shape = staticmethod(geo.clean_route)
    service = staticmethod(services.add_child_route)
    service_fields = ("geometry", "travel_mode", "destination", "comment")
    saved = _("Veien er lagret. Du kan tegne en vei til eller merke et sted.")
    destination = destination_field()
    travel_mode = travel_mode_field()
    comment = comment_field(_("Vil du si noe mer om veien? (valgfritt)"))


class MapPlaceForm(DrawnForm):
    clean_shape = staticmethod(geo.clean_point)
    service = staticmethod(services.add_child_place)
    service_fields = ("geometry", "category", "comment")
    saved = _("Stedet er lagret. Du kan merke et sted til eller tegne en vei.")
    category = category_field()
    comment = comment_field(_("Vil du si noe mer om stedet? (valgfritt)"))


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


STOP_FIELDS = ["start", "via_1", "via_2", "via_3", "end"]


class ListRouteForm(EntryForm):
    service = staticmethod(services.add_child_route_via_places)
    service_fields = ("places", "travel_mode", "destination", "comment")
    saved = _("Veien er lagret. Du kan legge inn en vei til eller et sted.")
    destination = destination_field()
    travel_mode = travel_mode_field()
    start = PlaceChoiceField(
        label=_("Der du starter"),
        queryset=NamedPlace.objects.none(),
        empty_label=_("Velg et sted"),
        error_messages={"required": _("Velg der du starter.")},
    )
    via_1 = PlaceChoiceField(
        label=_("Et sted du går forbi (valgfritt)"),
        queryset=NamedPlace.objects.none(),
        required=False,
        empty_label=_("Ingen"),
    )
    via_2 = PlaceChoiceField(
        label=_("Et sted til du går forbi (valgfritt)"),
        queryset=NamedPlace.objects.none(),
        required=False,
        empty_label=_("Ingen"),
    )
    via_3 = PlaceChoiceField(
        label=_("Enda et sted du går forbi (valgfritt)"),
        queryset=NamedPlace.objects.none(),
        required=False,
        empty_label=_("Ingen"),
    )
    end = PlaceChoiceField(
        label=_("Der du slutter"),
        queryset=NamedPlace.objects.none(),
        empty_label=_("Velg et sted"),
        error_messages={"required": _("Velg der du slutter.")},
    )
    comment = comment_field(_("Vil du si noe mer om veien? (valgfritt)"))

    def __init__(self, *args, area: MapArea, **kwargs):
        super().__init__(*args, area=area, **kwargs)
        for name in STOP_FIELDS:
            self.fields[name].queryset = area.places.all()
            self.fields[name].error_messages["invalid_choice"] = _("Velg et sted fra listen.")

    def clean(self):
        data = super().clean()
        stops = [data[name] for name in STOP_FIELDS if data.get(name)]
        if data.get("start") and data.get("end"):
            distinct = [p for i, p in enumerate(stops) if i == 0 or stops[i - 1] != p]
            if len(distinct) < 2:
                self.add_error(
                    "end",
                    _("En vei trenger minst to steder – velg der du starter og der du slutter."),
                )
        data["places"] = stops
        return data


class ListPlaceForm(EntryForm):
    service = staticmethod(services.add_child_place_at)
    service_fields = ("named_place", "category", "comment")
    saved = _("Stedet er lagret. Du kan legge inn et sted til eller en vei.")
    named_place = PlaceChoiceField(
        label=_("Hvilket sted?"),
        queryset=NamedPlace.objects.none(),
        empty_label=_("Velg et sted"),
        error_messages={
            "required": _("Velg et sted fra listen."),
            "invalid_choice": _("Velg et sted fra listen."),
        },
    )
    category = category_field()
    comment = comment_field(_("Vil du si noe mer om stedet? (valgfritt)"))

    def __init__(self, *args, area: MapArea, **kwargs):
        super().__init__(*args, area=area, **kwargs)
        self.fields["named_place"].queryset = area.places.all()


class PlannerFilterForm(forms.Form):
    trinn = forms.TypedChoiceField(
        label=_("Trinn"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alle trinn"))]
        + [(n, _("%(n)s. trinn") % {"n": n}) for n in range(GRADE_MIN, GRADE_MAX + 1)],
        error_messages={"invalid_choice": GRADE_MESSAGE},
    )
    kategori = forms.ChoiceField(
        label=_("Vis"),
        required=False,
        choices=[
            ("", _("Alt")),
            ("veier", _("Bare veier")),
            *[(value, label) for value, label in PlaceCategory.choices],
        ],
        error_messages={"invalid_choice": _("Velg en av kategoriene i listen.")},
    )
