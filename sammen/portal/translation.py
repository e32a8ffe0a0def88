"""The accessibility statement's texts in Bokmål, Nynorsk and English; see
sammen/processes/translation.py."""

from modeltranslation.translator import register

from sammen.processes.translation import MunicipalTexts

from .models import AccessibilityStatement


@register(AccessibilityStatement)
class AccessibilityStatementTexts(MunicipalTexts):
    fields = ("organisation", "known_deviations")
