"""The hearing's texts in Bokmål, Nynorsk and English; see sammen/processes/translation.py."""

from modeltranslation.translator import register

from sammen.processes.translation import MunicipalTexts

from .models import Hearing, HearingQuestion


@register(Hearing)
class HearingTexts(MunicipalTexts):
    fields = ("title", "introduction")


@register(HearingQuestion)
class HearingQuestionTexts(MunicipalTexts):
    fields = ("text",)
