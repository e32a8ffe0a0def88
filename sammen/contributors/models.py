"""Personal data about the people behind public inputs, kept apart from the inputs themselves:
voluntary, coarse demographic answers and an optional e-mail address for updates. Each table
can be emptied on schedule without touching the inputs."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sammen.inputs.models import Input
from sammen.processes.models import Process

# "art. 9", "artikkel 9", "art 9 nr. 2": the GDPR article on special categories.
ARTICLE_9 = re.compile(r"\bart(?:ikkel|\.)?\s*9\b", re.IGNORECASE)


def names_article_9(legal_basis: str) -> bool:
    return bool(ARTICLE_9.search(legal_basis or ""))


class ContributorQuestion(models.Model):
    """A voluntary question put to people who give input on the web. Never required."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("Valg")
        TEXT = "text", _("Fritekst")

    process = models.ForeignKey(
        Process,
        verbose_name=_("prosess"),
        on_delete=models.CASCADE,
        related_name="contributor_questions",
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    key = models.SlugField(_("nøkkel"))
    label = models.CharField(_("spørsmål"), max_length=200)
    purpose = models.CharField(
        _("hvorfor vi spør"),
        max_length=300,
        help_text=_("Vises for innbyggeren ved spørsmålet."),
    )
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.CHOICE)
    choices = models.JSONField(_("svaralternativer"), default=list, blank=True)
    # The same choices, in the same order, on Nynorsk and English pages. An answer is always
    # stored as the Bokmål choice, whatever the page's language. Empty: Bokmål is shown.
    choices_nn = models.JSONField(_("svaralternativer (nynorsk)"), default=list, blank=True)
    choices_en = models.JSONField(_("svaralternativer (engelsk)"), default=list, blank=True)
    special_category = models.BooleanField(
        _("særlig kategori"),
        default=False,
        help_text=_(
            "Etnisitet, religion, helse o.l. Kan bare stilles når behandlingsgrunnlaget "
            "nevner personvernforordningen artikkel 9."
        ),
    )

    class Meta:
        verbose_name = _("spørsmål til bidragsytere")
        verbose_name_plural = _("spørsmål til bidragsytere")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="question_key_unique"),
            models.UniqueConstraint(fields=["process", "order"], name="question_order_unique"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if (
            self.special_category
            and self.process_id
            and not names_article_9(self.process.legal_basis)
        ):
            raise ValidationError(
                {
                    "special_category": _(
                        "Spørsmål om særlige kategorier (som etnisitet, religion og helse) kan "
                        "bare stilles når prosessens behandlingsgrunnlag nevner "
                        "personvernforordningen artikkel 9."
                    )
                }
            )
        choices = self.choices if isinstance(self.choices, list) else None
        if choices is None or not all(isinstance(c, str) and c.strip() for c in choices):
            raise ValidationError({"choices": _("Svaralternativene må være en liste med tekster.")})
        if self.kind == self.Kind.CHOICE and len(choices) < 2:
            raise ValidationError({"choices": _("Et valgspørsmål trenger minst to alternativer.")})
        if self.kind == self.Kind.TEXT and choices:
            raise ValidationError({"choices": _("Et fritekstspørsmål har ingen alternativer.")})
        if len(set(choices)) != len(choices):
            raise ValidationError({"choices": _("Hvert svaralternativ kan bare stå én gang.")})
        for field in ("choices_nn", "choices_en"):
            translated = getattr(self, field)
            if translated in (None, []):
                continue
            if not isinstance(translated, list) or not all(
                isinstance(c, str) and c.strip() for c in translated
            ):
                raise ValidationError({field: _("Svaralternativene må være en liste med tekster.")})
            if len(translated) != len(choices):
                raise ValidationError(
                    {
                        field: _(
                            "Oversettelsen må ha like mange svaralternativer som bokmål, i samme "
                            "rekkefølge."
                        )
                    }
                )


class ContributorAnswer(models.Model):
    input = models.ForeignKey(
        Input, verbose_name=_("innspill"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ContributorQuestion,
        verbose_name=_("spørsmål"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    value = models.CharField(_("svar"), max_length=200)
    # Made up for a demo (never given by a person), as a population table can be: said so
    # wherever the answers are shown, and not personal data, so no purge removes it. Only
    # bulk_add_contributor_details sets it; no form can.
    is_illustrative = models.BooleanField(_("illustrerende"), default=False)

    class Meta:
        verbose_name = _("svar fra bidragsyter")
        verbose_name_plural = _("svar fra bidragsytere")
        constraints = [
            models.UniqueConstraint(fields=["input", "question"], name="answer_once_per_input"),
            models.CheckConstraint(condition=~Q(value=""), name="answer_not_empty"),
        ]

    def __str__(self):
        return f"{self.question.key}: {self.value}"


class Contact(models.Model):
    """An e-mail address for updates about one input, given with consent, deleted on
    schedule or when the contributor unsubscribes."""

    input = models.OneToOneField(
        Input, verbose_name=_("innspill"), on_delete=models.CASCADE, related_name="contact"
    )
    email = models.EmailField(_("e-post"))
    consent_at = models.DateTimeField(_("samtykke gitt"))
    delete_after = models.DateField(_("slettes etter"), db_index=True)

    class Meta:
        verbose_name = _("kontaktopplysning")
        verbose_name_plural = _("kontaktopplysninger")

    def __str__(self):
        # Never the address: this text ends up in the audit log, which outlives the contact.
        return _("Kontakt for innspill %(code)s") % {"code": self.input.receipt_code}


class PersonalDataDeletion(models.Model):
    """What a contributor asked to be done with their personal data, and when: what the
    receipt page tells them. Keyed by the receipt code, not the input, so that it outlives an
    input that was withdrawn (deleted); it holds nothing else about the person."""

    receipt_code = models.CharField(_("kvitteringskode"), max_length=16, unique=True)
    process = models.ForeignKey(
        Process, verbose_name=_("prosess"), on_delete=models.CASCADE, related_name="+"
    )
    deleted_at = models.DateTimeField(_("personopplysninger slettet"))
    withdrawn_at = models.DateTimeField(_("innspillet trukket"), null=True, blank=True)

    class Meta:
        verbose_name = _("sletting av personopplysninger")
        verbose_name_plural = _("slettinger av personopplysninger")

    def __str__(self):
        return _("Sletting for innspill %(code)s") % {"code": self.receipt_code}
