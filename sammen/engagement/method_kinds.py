"""The kinds of method a process can use, and what each kind records.

This is the one place that says what a kind allows (as adhocracy4's phase features and
Decidim's component manifests do): forms and pages ask `kind_records(kind, feature)` instead
of testing kinds by name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MethodKind(models.TextChoices):
    CONFERENCE = "conference", _("Konferanse")
    OPEN_OFFICE = "open_office", _("Åpent kontor")
    SOCIAL_MEDIA = "social_media", _("Sosiale medier")
    GJESTEBUD = "gjestebud", _("Gjestebud")
    CHILDRENS_MAP = "childrens_map", _("Barnetråkk")
    FOCUS_GROUP = "focus_group", _("Fokusgruppe")
    WORKSHOP = "workshop", _("Verksted")
    STAFF_GATHERING = "staff_gathering", _("Samling for ansatte")
    COMMUNITY_EVENT = "community_event", _("Arrangement i regi av lokalsamfunnet")
    POLITICAL_DIALOGUE = "political_dialogue", _("Politisk dialog")
    INDIVIDUAL_MEETING = "individual_meeting", _("Møte med enkeltpersoner")
    INTERVIEW = "interview", _("Intervju")
    WEB_FORM = "web_form", _("Nettskjema")
    SURVEY = "survey", _("Spørreundersøkelse")
    STATEMENTS = "statements", _("Påstandsavstemning")
    CUSTOM = "custom", _("Annen metode")


class Feature(models.TextChoices):
    REACH = "reach", _("Rekkevidde (liker-klikk, visninger)")
    HOST = "host", _("Vert")
    ORGANISER = "organiser", _("Arrangør")
    ORGANISATIONS = "organisations", _("Organisasjoner til stede")
    PLACE = "place", _("Sted")
    MAP = "map", _("Kart med ruter og steder")
    PRIVATE_LINK = "private_link", _("Privat lenke uten konto")
    REPORT = "report", _("Referat fra samtalen")
    STATEMENTS = "statements", _("Påstander å stemme over, deltakerne telt som de som stemte")


_MEETING = {Feature.PLACE, Feature.ORGANISER, Feature.ORGANISATIONS, Feature.REPORT}

FEATURES: dict[str, frozenset[str]] = {
    MethodKind.CONFERENCE: frozenset(_MEETING),
    MethodKind.OPEN_OFFICE: frozenset({Feature.PLACE, Feature.ORGANISER, Feature.REPORT}),
    MethodKind.SOCIAL_MEDIA: frozenset({Feature.REACH, Feature.REPORT}),
    MethodKind.GJESTEBUD: frozenset({Feature.HOST, Feature.PLACE, Feature.PRIVATE_LINK}),
    MethodKind.CHILDRENS_MAP: frozenset({Feature.MAP, Feature.PLACE, Feature.ORGANISER}),
    MethodKind.FOCUS_GROUP: frozenset(_MEETING),
    MethodKind.WORKSHOP: frozenset(_MEETING),
    MethodKind.STAFF_GATHERING: frozenset({Feature.PLACE, Feature.ORGANISER, Feature.REPORT}),
    MethodKind.COMMUNITY_EVENT: frozenset(_MEETING | {Feature.HOST}),
    MethodKind.POLITICAL_DIALOGUE: frozenset(_MEETING),
    MethodKind.INDIVIDUAL_MEETING: frozenset({Feature.REPORT}),
    MethodKind.INTERVIEW: frozenset({Feature.ORGANISER, Feature.REPORT}),
    MethodKind.WEB_FORM: frozenset({Feature.REACH}),
    MethodKind.SURVEY: frozenset({Feature.REACH}),
    # Participants are counted as the voters (sammen.opinions), never typed in.
    MethodKind.STATEMENTS: frozenset({Feature.REACH, Feature.STATEMENTS}),
    MethodKind.CUSTOM: frozenset(_MEETING | {Feature.REACH, Feature.HOST}),
}


# The activity fields each feature brings; an activity of any kind has the others (title,
# dates, participants, uncounted additions, target groups, notes, attachments).
FEATURE_FIELDS: dict[str, tuple[str, ...]] = {
    Feature.REACH: ("reach", "reach_note"),
    Feature.HOST: ("organiser",),
    Feature.ORGANISER: ("organiser",),
    Feature.ORGANISATIONS: ("organisations_present",),
    Feature.PLACE: ("place",),
    Feature.REPORT: ("report",),
}


def kind_records(kind: str, feature: str) -> bool:
    return feature in FEATURES[kind]


def kind_fields(kind: str) -> frozenset[str]:
    """The optional activity fields an activity of this kind records."""
    return frozenset(name for feature in FEATURES[kind] for name in FEATURE_FIELDS.get(feature, ()))


# The channel an input came by, when it is typed in from an activity of this kind; any other
# kind is a meeting. Values of inputs.models.Input.Channel, written as strings because the
# inputs app builds on this one.
CHANNEL_BY_KIND: dict[str, str] = {
    MethodKind.SOCIAL_MEDIA: "social_media",
    MethodKind.GJESTEBUD: "paper",
    MethodKind.CHILDRENS_MAP: "map",
    MethodKind.INTERVIEW: "interview",
    MethodKind.INDIVIDUAL_MEETING: "email",
    MethodKind.WEB_FORM: "web",
    MethodKind.STATEMENTS: "web",
}


def channel_for_kind(kind: str) -> str:
    return CHANNEL_BY_KIND.get(kind, "meeting")
