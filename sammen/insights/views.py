from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sammen.accounts.permissions import can_change_process, process_permission
from sammen.contributors.models import ContributorQuestion
from sammen.core.forms import add_service_errors
from sammen.core.languages import LANGUAGE_WORDS, missing_translations
from sammen.core.translations import set_translations
from sammen.documents.models import Hearing, HearingQuestion
from sammen.engagement.models import ParticipationPlan, PlannedActivity
from sammen.engagement.plan_selectors import plan_comparison
from sammen.engagement.selectors import latest_activities
from sammen.inputs.selectors import inputs_by_responsibility, inputs_per_focus_area
from sammen.processes.selectors import phases_with_current
from sammen.roadmap.models import Action, ActionUpdate, Strategy
from sammen.roadmap.selectors import assessment_coverage

from .distribution import distribution_charts
from .figures import process_counts
from .forms import TranslationsForm
from .privacy import data_inventory
from .selectors import participation_summary


@require_GET
@process_permission("view_process")
def overview(request, slug):
    process = request.process
    phases, current_phase = phases_with_current(process)
    counts = process_counts(process)
    focus_areas, inputs_without_focus_area = inputs_per_focus_area(process, counts.focus_areas)
    return render(
        request,
        "insights/overview.html",
        {
            "process": process,
            "phases": phases,
            "current_phase": current_phase,
            "figures_computed_at": counts.computed_at,
            "summary": participation_summary(process, counts.activities),
            "focus_areas": focus_areas,
            "inputs_without_focus_area": inputs_without_focus_area,
            "responsibility": inputs_by_responsibility(process, counts.responsibility),
            "charts": distribution_charts(process, counts.responsibility),
            "coverage": assessment_coverage(process, counts.coverage),
            "plan": plan_comparison(process, timezone.localdate()),
            "latest_activities": latest_activities(process, today=timezone.localdate()),
            "missing_translations": sum(
                len(row["fields"]) for _section, rows in _missing(process) for row in rows
            ),
        },
    )


@require_GET
@process_permission("view_process")
def data_inventory_page(request, slug):
    """Which personal data the process holds, why, how much and until when: for the
    municipality's DPIA (personvernkonsekvensvurdering)."""
    process = request.process
    return render(
        request,
        "insights/data_inventory.html",
        {"process": process, "rows": data_inventory(process)},
    )


# The objects of a process whose texts the municipality writes, by section; each kind is
# named in the translate page's URL and found again within the process only.
TRANSLATABLE = {
    "prosess": (gettext_lazy("Prosessen"), lambda p: [p]),
    "nokkel": (gettext_lazy("Nøkler"), lambda p: p.principles.order_by("order")),
    "fase": (gettext_lazy("Faser"), lambda p: p.phases.order_by("order")),
    "innsatsomrade": (gettext_lazy("Innsatsområder"), lambda p: p.focus_areas.order_by("order")),
    "malgruppe": (gettext_lazy("Målgrupper"), lambda p: p.target_groups.order_by("name")),
    "sporsmal": (
        gettext_lazy("Spørsmål om deg"),
        lambda p: ContributorQuestion.objects.filter(process=p).order_by("order"),
    ),
    "plan": (
        gettext_lazy("Medvirkningsplanen"),
        lambda p: [
            *ParticipationPlan.objects.filter(process=p),
            *PlannedActivity.objects.filter(phase__process=p).order_by("phase__order", "order"),
        ],
    ),
    "veikart": (
        gettext_lazy("Veikartet"),
        lambda p: [
            obj
            for goal in p.goals.order_by("focus_area__order", "order").prefetch_related(
                Prefetch("strategies", queryset=Strategy.objects.order_by("order")),
                Prefetch("strategies__actions", queryset=Action.objects.order_by("order")),
                Prefetch(
                    "strategies__actions__updates", queryset=ActionUpdate.objects.order_by("date")
                ),
            )
            for obj in [goal, *_roadmap_below(goal)]
        ],
    ),
    "horing": (
        gettext_lazy("Høringer"),
        lambda p: [
            obj
            for hearing in Hearing.objects.filter(process=p)
            .order_by("-opens_on")
            .prefetch_related(
                Prefetch("questions", queryset=HearingQuestion.objects.order_by("order", "id"))
            )
            for obj in [hearing, *hearing.questions.all()]
        ],
    ),
}


def _roadmap_below(goal):
    """A goal's strategies, actions and updates in order: prefetched, four queries for the
    whole roadmap however large (the overview counts the missing translations)."""
    for strategy in goal.strategies.all():
        yield strategy
        for action in strategy.actions.all():
            yield action
            yield from action.updates.all()


def _kind_of(section: str, obj) -> str:
    return f"{section}-{obj._meta.model_name}"


def _missing(process):
    """[(section title, [{obj, kind, fields: [(label, [language words])]}])], only objects
    that lack a translation."""
    sections = []
    for key, (title, objects) in TRANSLATABLE.items():
        rows = []
        for obj in objects(process):
            lacking = missing_translations(obj)
            if lacking:
                rows.append(
                    {
                        "obj": obj,
                        "kind": _kind_of(key, obj),
                        "model": obj._meta.verbose_name,
                        "fields": [
                            (
                                obj._meta.get_field(name).verbose_name,
                                [LANGUAGE_WORDS[lang] for lang in langs],
                            )
                            for name, langs in lacking
                        ],
                    }
                )
        if rows:
            sections.append((title, rows))
    return sections


@require_GET
@process_permission("view_process")
def missing_translations_page(request, slug):
    """Which of the process's texts lack Nynorsk or English, with a link to translate each."""
    process = request.process
    return render(
        request,
        "insights/missing_translations.html",
        {
            "process": process,
            "sections": _missing(process),
            "can_change": can_change_process(request.user, process),
        },
    )


def _find_translatable(process, kind: str, pk: int):
    section, _sep, model_name = kind.partition("-")
    if section not in TRANSLATABLE:
        raise Http404(_("Fant ikke teksten."))
    for obj in TRANSLATABLE[section][1](process):
        if obj._meta.model_name == model_name and obj.pk == pk:
            return obj
    raise Http404(_("Fant ikke teksten."))


@require_http_methods(["GET", "POST"])
@process_permission("change_process")
def translate_texts(request, slug, kind, pk):
    process = request.process
    obj = _find_translatable(process, kind, pk)
    form = TranslationsForm(request.POST or None, obj=obj)
    if request.method == "POST" and form.is_valid():
        try:
            set_translations(actor=request.user, obj=obj, texts=form.texts())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Oversettelsene er lagret."))
            return redirect(reverse("insights:missing_translations", args=[process.slug]))
    return render(
        request,
        "insights/translate.html",
        {"process": process, "obj": obj, "model": obj._meta.verbose_name, "form": form},
        status=400 if form.errors else 200,
    )
