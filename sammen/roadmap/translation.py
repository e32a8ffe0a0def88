"""The roadmap's texts in Bokmål, Nynorsk and English; see sammen/processes/translation.py."""

from modeltranslation.translator import register

from sammen.processes.translation import MunicipalTexts

from .models import Action, ActionUpdate, Goal, Strategy


@register(Goal)
class GoalTexts(MunicipalTexts):
    fields = ("title", "description")


@register(Strategy)
class StrategyTexts(MunicipalTexts):
    fields = ("title", "description")


@register(Action)
class ActionTexts(MunicipalTexts):
    fields = ("title", "description", "desired_effect")


@register(ActionUpdate)
class ActionUpdateTexts(MunicipalTexts):
    fields = ("text",)
