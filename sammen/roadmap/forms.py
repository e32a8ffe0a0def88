from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import BoundedModelMultipleChoiceField
from sammen.inputs.models import Input, Responsibility
from sammen.processes.models import FocusArea, Process

from .models import Action, Actor, Goal, Strategy
from .selectors import process_actions, process_strategies
from .services import MOVE_LINKS, NOTE_MAX_LENGTH, UNLINK


class RoadmapNoteForm(forms.Form):
    is_illustrative = forms.BooleanField(
        label=_("Veikartet er illustrerende (et eksempel, ikke vedtatt)"), required=False
    )
    note = forms.CharField(
        label=_("Merknad over veikartet"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Mål"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    focus_area = forms.ModelChoiceField(
        label=_("Innsatsområde"), queryset=FocusArea.objects.none(), empty_label=None
    )

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(process=process)
        self.fields["focus_area"].error_messages["invalid_choice"] = _(
            "Innsatsområdet finnes ikke i denne prosessen."
        )


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Strategi"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.focus_area.title}: {obj.title}"


class StrategyEditForm(StrategyForm):
    goal = GoalChoiceField(label=_("Under målet"), queryset=Goal.objects.none(), empty_label=None)

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(process=process).select_related(
            "focus_area"
        )


RESPONSIBILITY = forms.ChoiceField(
    label=_("Ansvar"),
    choices=Responsibility.choices,
    widget=forms.RadioSelect,
    error_messages={
        "required": _(
            "Velg hvem som har ansvaret for tiltaket: kommunen, innbyggerne eller sammen."
        )
    },
)


class ActionCreateForm(forms.Form):
    title = forms.CharField(label=_("Nytt tiltak"), max_length=300)
    responsibility = RESPONSIBILITY


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Tiltak"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    desired_effect = forms.CharField(
        label=_("Ønsket effekt"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsibility = RESPONSIBILITY
    actors = BoundedModelMultipleChoiceField(
        label=_("Aktører"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_actor = forms.CharField(
        label=_("Ny aktør"),
        required=False,
        max_length=200,
        help_text=_("Navnet på en enhet, et lag, en bedrift eller en gruppe innbyggere."),
    )
    new_actor_kind = forms.ChoiceField(
        label=_("Type ny aktør"), choices=Actor.Kind.choices, initial=Actor.Kind.OTHER
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    dropped_reason = forms.CharField(
        label=_("Hvorfor det ble droppet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Må fylles ut når status er «Droppet»."),
    )
    starts_on = forms.DateField(
        label=_("Fra"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Til"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # No max here: the service refuses 140 % with its own words.
    completion = forms.IntegerField(
        label=_("Fullført (prosent)"),
        min_value=0,
        error_messages={"min_value": _("Fullført kan ikke være under 0 prosent.")},
    )

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        actors = Actor.objects.filter(process=process)
        if actors.exists():
            self.fields["actors"].queryset = actors
        else:
            # Nothing to tick yet: the first actor is written in «Ny aktør».
            del self.fields["actors"]


class StrategyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Strategy) -> str:
        return f"{obj.goal.focus_area.title} › {obj.goal.title} › {obj.title}"


class MoveActionForm(forms.Form):
    strategy = StrategyChoiceField(
        label=_("Flytt til strategien"), queryset=Strategy.objects.none(), empty_label=None
    )

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = process_strategies(process)


class ActionUpdateForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Hva har skjedd?"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Ny status"),
        choices=[("", _("Uendret")), *Action.Status.choices],
        required=False,
    )
    completion = forms.IntegerField(
        label=_("Fullført nå (prosent)"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("Fullført kan ikke være under 0 prosent.")},
    )


class LinkInputsForm(forms.Form):
    # Any input: the service refuses one of another process with its own message.
    innspill = BoundedModelMultipleChoiceField(
        label=_("Innspill"),
        queryset=Input.objects.all(),
        error_messages={
            "required": _("Velg minst ett innspill."),
            "invalid_choice": _("Fant ikke innspill nr. %(value)s."),
            "invalid_pk_value": _("«%(pk)s» er ikke et innspillnummer."),
        },
    )
    merknad = forms.CharField(
        label=_("Merknad til koblingen (valgfritt)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Kort om hvordan tiltaket svarer på innspillet."),
    )


class LinkNoteForm(forms.Form):
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=NOTE_MAX_LENGTH)


class ActionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.strategy.title} › {obj.title}"


class DeleteActionForm(forms.Form):
    links = forms.ChoiceField(
        label=_("Hva skal skje med koblingene til innspillene?"),
        choices=[
            (MOVE_LINKS, _("Flytt dem til et annet tiltak")),
            (UNLINK, _("Fjern koblingene (innspillene blir liggende)")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    move_links_to = ActionChoiceField(
        label=_("Tiltaket koblingene flyttes til"),
        queryset=Action.objects.none(),
        empty_label=_("Velg et tiltak"),
        required=False,
    )

    def __init__(self, *args, process: Process, action: Action | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        actions = process_actions(process).order_by(
            "strategy__goal__focus_area__order", "strategy_id", "order"
        )
        if action is not None:
            actions = actions.exclude(pk=action.pk)
        self.fields["move_links_to"].queryset = actions
