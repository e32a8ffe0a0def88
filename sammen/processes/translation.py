"""The municipality's own texts in Bokmål, Nynorsk and English (django-modeltranslation).

Each field listed here gets a column per language (``name_nb``, ``name_nn``, ``name_en``);
reading ``obj.name`` gives the visitor's language, falling back to Bokmål. Bokmål is required
where the original field is. Empty translations are stored as NULL, so that a process's
unique names do not collide on an empty Nynorsk name.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import FocusArea, Phase, Principle, Process, TargetGroup


class MunicipalTexts(TranslationOptions):
    required_languages = ("nb",)
    empty_values = None


@register(Process)
class ProcessTexts(MunicipalTexts):
    fields = (
        "name",
        "area",
        "main_goal",
        "description",
        "promise",
        "data_note",
        "legal_basis",
        "personal_data_purpose",
        "cover_alt",
    )


@register(Principle)
class PrincipleTexts(MunicipalTexts):
    fields = ("title", "description")


@register(Phase)
class PhaseTexts(MunicipalTexts):
    fields = ("title", "description", "decision_point", "decision_maker")


@register(FocusArea)
class FocusAreaTexts(MunicipalTexts):
    fields = ("title", "description")


@register(TargetGroup)
class TargetGroupTexts(MunicipalTexts):
    fields = ("name",)
