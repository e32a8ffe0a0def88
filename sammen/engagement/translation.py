"""The participation plan's texts in Bokmål, Nynorsk and English; see
sammen/processes/translation.py."""

from modeltranslation.translator import register

from sammen.processes.translation import MunicipalTexts

from .models import ParticipationPlan, PlannedActivity


@register(PlannedActivity)
class PlannedActivityTexts(MunicipalTexts):
    fields = ("title", "place", "note")


@register(ParticipationPlan)
class ParticipationPlanTexts(MunicipalTexts):
    fields = ("note",)
