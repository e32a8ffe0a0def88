"""The languages the municipality writes its own texts in, and the forms' fields for them.

The texts are translated model fields (django-modeltranslation, each app's translation.py):
``name`` becomes ``name_nb``, ``name_nn`` and ``name_en``. Bokmål is the original: required
where the field is, and what a page shows where a translation is missing.
"""

from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ORIGINAL = "nb"
CONTENT_LANGUAGES = ("nb", "nn", "en")
TRANSLATIONS = ("nn", "en")

LANGUAGE_WORDS = {"nb": _("bokmål"), "nn": _("nynorsk"), "en": _("engelsk")}


def localized_verbose_name(verbose_name, lang: str):
    """«navn (bokmål)»: the label of one language's field (MODELTRANSLATION's setting)."""
    return format_lazy("{} ({})", verbose_name, LANGUAGE_WORDS.get(lang, lang))


def translated_fields(*names: str) -> list[str]:
    """A ModelForm's ``Meta.fields`` for translated fields, each language in turn:
    ``translated_fields("name", "description")`` gives name_nb, name_nn, name_en,
    description_nb, … The labels read «Navn (bokmål)», «Navn (nynorsk)», «Navn (engelsk)»;
    the Bokmål field is required where the model's field is."""
    return [f"{name}_{lang}" for name in names for lang in CONTENT_LANGUAGES]


def _filled(value) -> bool:
    return value not in (None, "", [])


def fallback_language(obj, field: str, language: str | None = None) -> str | None:
    """The language of the original when ``obj.<field>`` has no text in the page's language
    and Bokmål is shown in its place; None when the page's own language is shown (or there
    is nothing to show)."""
    language = (language or get_language() or ORIGINAL).split("-")[0]
    if language == ORIGINAL or language not in CONTENT_LANGUAGES:
        return None
    if _filled(getattr(obj, f"{field}_{language}", None)):
        return None
    return ORIGINAL if _filled(getattr(obj, f"{field}_{ORIGINAL}", None)) else None


def translated_field_names(obj) -> tuple[str, ...]:
    """The names of the fields of ``obj``'s model registered for translation (empty when none)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(type(obj)).fields)
    except NotRegistered:
        return ()


def missing_translations(obj) -> list[tuple[str, list[str]]]:
    """For each translated field of ``obj`` that has a Bokmål text: the field and the
    languages it lacks, e.g. [("name", ["nn", "en"])]. Fields without any text are left out."""
    registered = translated_field_names(obj)
    missing = []
    for field in dict.fromkeys(n.rpartition("_")[0] for n in translation_field_names(obj)):
        original = getattr(obj, f"{field}_{ORIGINAL}" if field in registered else field, None)
        if not _filled(original):
            continue
        lacking = [
            lang for lang in TRANSLATIONS if not _filled(getattr(obj, f"{field}_{lang}", None))
        ]
        if lacking:
            missing.append((field, lacking))
    return missing


def translation_field_names(obj) -> list[str]:
    """The Nynorsk and English columns of ``obj``'s translated fields, in the forms' order,
    and those a model declares by hand beside an original (``choices_nn`` by ``choices``)."""
    names = [f"{name}_{lang}" for name in translated_field_names(obj) for lang in TRANSLATIONS]
    own = {field.name for field in obj._meta.concrete_fields}
    for field in obj._meta.concrete_fields:
        base, _sep, lang = field.name.rpartition("_")
        if lang in TRANSLATIONS and base in own and field.name not in names:
            names.append(field.name)
    return names


def write_originals_in_bokmal() -> None:
    """Make Bokmål the language every write goes to, whatever the page's language.

    django-modeltranslation reads ``obj.name`` in the page's language (falling back to
    Bokmål), which is what a visitor should see. Out of the box it also *writes* in the page's
    language: ``Goal(title=…)``, ``obj.title = …`` and ``filter(title=…)`` would go to
    ``title_en`` for a staff member who reads the site in English, so the services, which take
    the original text, would leave the required Bokmål empty. Here writes, lookups and the
    original column follow Bokmål, the source language; translations are written by name
    (``title_nn``), as the staff forms and ``sammen.core.translations`` do. Called once, from
    CoreConfig.ready(), after modeltranslation has registered the apps' translation.py.
    """
    from modeltranslation import manager
    from modeltranslation.fields import TranslationFieldDescriptor
    from modeltranslation.translator import translator

    # Lookups, ordering and the keyword arguments of a model's constructor.
    manager.get_language = lambda: ORIGINAL

    def set_original(self, instance, value):
        instance.__dict__[self.field.name] = value
        if getattr(instance, "_mt_init", False) or getattr(instance, "_mt_disable", False):
            return
        setattr(instance, f"{self.field.name}_{ORIGINAL}", value)

    TranslationFieldDescriptor.__set__ = set_original

    # The original column holds the Bokmål text (the database's constraints and any raw SQL
    # see the source language, not whichever language the last save happened in).
    for model in translator.get_registered_models(abstract=False):
        for name in translator.get_options_for_model(model).fields:
            field = model._meta.get_field(name)
            field.pre_save = _bokmal_pre_save(field)


def _bokmal_pre_save(field):
    def pre_save(instance, add):
        value = getattr(instance, f"{field.attname}_{ORIGINAL}")
        return field.get_default() if value is None and not field.null else value

    return pre_save
