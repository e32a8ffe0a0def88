"""The voluntary questions' texts in Bokmål, Nynorsk and English; see
sammen/processes/translation.py. The answer choices are held apart, as one list per language
(``choices`` in Bokmål, ``choices_nn``, ``choices_en``), because the stored answer is always the
Bokmål choice: counts per answer must not split by the language of the page."""

from modeltranslation.translator import register

from sammen.processes.translation import MunicipalTexts

from .models import ContributorQuestion


@register(ContributorQuestion)
class ContributorQuestionTexts(MunicipalTexts):
    fields = ("label", "purpose")
