"""Statements voting: a conversation on one activity, its short statements, the anonymous
voters and their agree / disagree / pass votes, and the latest analysis of them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.engagement.models import Activity
from sammen.inputs.models import Input

STATEMENT_MAX_LENGTH = 280
QUESTION_MAX_LENGTH = 300
# Pol.is places a participant once they have voted on seven statements.
MIN_VOTES_TO_BE_PLACED = 7


class Conversation(models.Model):
    """The statements voting of one activity (of the kind «Påstandsavstemning»)."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("aktivitet"), on_delete=models.CASCADE, related_name="conversation"
    )
    question = models.CharField(_("spørsmål"), max_length=QUESTION_MAX_LENGTH)
    description = models.TextField(_("beskrivelse for deltakerne"), blank=True)
    is_open = models.BooleanField(
        _("åpen for stemmer"),
        default=True,
        help_text=_("Når avstemningen er lukket, kan ingen stemme eller skrive nye påstander."),
    )
    accepts_statements = models.BooleanField(
        _("deltakerne kan skrive egne påstander"), default=True
    )
    requires_login = models.BooleanField(
        _("krev innlogging (ID-porten)"),
        default=False,
        help_text=_(
            "Én stemme per innlogget person i stedet for én per nettleser. Krever at en "
            "innlogging for innbyggere er satt opp."
        ),
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    # Set when an analysis is queued and cleared when it starts: votes arriving meanwhile
    # queue nothing more, so a conversation has at most one run waiting.
    analysis_queued = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("påstandsavstemning")
        verbose_name_plural = _("påstandsavstemninger")

    def __str__(self):
        return self.question


class Voter(models.Model):
    """One participant: a browser (by a random cookie token), a verified login, or a
    participant of an imported Pol.is conversation. Only a hash of the token is kept."""

    conversation = models.ForeignKey(
        Conversation, verbose_name=_("avstemning"), on_delete=models.CASCADE, related_name="voters"
    )
    # Pol.is' participant id on import and export, numbered from 0 in each conversation.
    number = models.PositiveIntegerField(_("nummer"))
    token_hash = models.CharField(max_length=80)
    created_at = models.DateTimeField(_("første stemme"), default=timezone.now)

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="opinions_voter_number_unique"
            ),
            models.UniqueConstraint(
                fields=["conversation", "token_hash"], name="opinions_voter_token_unique"
            ),
        ]

    def __str__(self):
        return _("Deltaker %(number)d") % {"number": self.number}


class Statement(models.Model):
    class Author(models.TextChoices):
        SEED = "seed", _("de ansatte")
        PARTICIPANT = "participant", _("en deltaker")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Venter på godkjenning")
        APPROVED = "approved", _("Godkjent")
        REJECTED = "rejected", _("Avvist")

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("avstemning"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    # Pol.is' comment id on import and export, numbered from 0 in each conversation.
    number = models.PositiveIntegerField(_("nummer"))
    text = models.TextField(_("påstand"), max_length=STATEMENT_MAX_LENGTH)
    author_kind = models.CharField(_("skrevet av"), max_length=20, choices=Author.choices)
    author = models.ForeignKey(
        Voter,
        verbose_name=_("deltaker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    moderation = models.CharField(
        _("moderering"), max_length=20, choices=Moderation.choices, default=Moderation.PENDING
    )
    rejection_reason = models.CharField(_("begrunnelse for avvisning"), max_length=300, blank=True)
    moderated_at = models.DateTimeField(_("moderert"), null=True, blank=True)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    input = models.OneToOneField(
        Input,
        verbose_name=_("innspill"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement",
    )
    # Null, not "", when there is none: the unique constraint ignores nulls.
    # Kept by the services as votes arrive, so choosing the next statement never counts the
    # votes table (Pol.is-sized conversations have millions of votes).
    vote_count = models.PositiveIntegerField(_("antall stemmer"), default=0, editable=False)
    idempotency_key = models.CharField(  # noqa: DJ001
        max_length=100, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("påstand")
        verbose_name_plural = _("påstander")
        ordering = ["conversation", "number"]
        indexes = [
            models.Index(
                fields=["conversation", "moderation", "vote_count"],
                name="opinions_statement_next",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="opinions_statement_number_unique"
            ),
            models.UniqueConstraint(
                fields=["conversation", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="opinions_statement_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(moderation="rejected") | Q(rejection_reason=""),
                name="opinions_statement_reason_only_when_rejected",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class Vote(models.Model):
    class Choice(models.IntegerChoices):
        # The signs of Pol.is' open-data export.
        AGREE = 1, _("Enig")
        DISAGREE = -1, _("Uenig")
        PASS = 0, _("Vet ikke / står over")

    voter = models.ForeignKey(
        Voter, verbose_name=_("deltaker"), on_delete=models.CASCADE, related_name="votes"
    )
    statement = models.ForeignKey(
        Statement, verbose_name=_("påstand"), on_delete=models.CASCADE, related_name="votes"
    )
    choice = models.SmallIntegerField(_("stemme"), choices=Choice.choices)
    voted_at = models.DateTimeField(_("stemt"), default=timezone.now)

    class Meta:
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")
        constraints = [
            models.UniqueConstraint(
                fields=["voter", "statement"], name="opinions_vote_once_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(choice__in=[-1, 0, 1]), name="opinions_vote_choice_valid"
            ),
        ]

    def __str__(self):
        return f"{self.voter} · {self.statement_id} · {self.choice}"


class ConversationAnalysis(models.Model):
    """The latest analysis of a conversation's votes: opinion groups (with their members'
    voter ids), everyone's place on the map, representative, consensus and divisive
    statements (by statement id). Replaced by each new run."""

    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("avstemning"),
        on_delete=models.CASCADE,
        related_name="analysis",
    )
    computed_at = models.DateTimeField(_("beregnet"))
    seconds = models.FloatField(_("sekunder brukt"), default=0)
    participants = models.PositiveIntegerField(_("deltakere"))
    placed = models.PositiveIntegerField(_("deltakere med nok stemmer"))
    statements = models.PositiveIntegerField(_("påstander"))
    votes = models.PositiveIntegerField(_("stemmer"))
    message = models.TextField(_("melding"), blank=True)
    # {"groups": [{"label", "members": [voter id], "representative": [{"statement",
    #   "direction", "share", "score"}]}], "points": [[voter id, x, y, group index or -1]],
    #  "consensus": [{"statement", "agree": [share per group], "disagree": [...], "score"}],
    #  "divisive": [same]}
    result = models.JSONField(_("resultat"), default=dict)

    class Meta:
        verbose_name = _("analyse")
        verbose_name_plural = _("analyser")

    def __str__(self):
        return str(self.conversation)
