from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import can_create_process, process_permission
from sammen.accounts.selectors import organisations_administered_by, processes_for
from sammen.childrens_map import services as map_services
from sammen.childrens_map.models import NamedPlace
from sammen.contributors import services as contributor_services
from sammen.contributors.models import ContributorQuestion
from sammen.core.forms import add_service_errors
from sammen.core.languages import ORIGINAL, TRANSLATIONS
from sammen.core.permissions import staff_required
from sammen.core.translations import set_translations

from . import forms, services
from .models import FocusArea, Phase, Principle, Process, TargetGroup


@require_GET
@staff_required
def staff_list(request):
    return render(
        request,
        "processes/staff_list.html",
        {
            "processes": processes_for(request.user),
            "administered": organisations_administered_by(request.user),
            "may_create": organisations_administered_by(request.user).exists(),
        },
    )


# Planning a process: the guided setup (four steps) and the pages that edit what it holds.
# Every change is a plain form post that redirects back with a message; the move buttons are
# htmx-enhanced (the list is swapped in place and the focus stays on the pressed button).

STEPS = [
    ("grunnlag", _("Navn, område og mål")),
    ("faser", _("Faser")),
    ("innsatsomrader", _("Innsatsområder og målgrupper")),
    ("personvern", _("Løftet og personvern")),
]
MORE = [
    ("nokler", _("Nøkler")),
    ("bilde", _("Forsidebilde")),
    ("kart", _("Kartområde og steder")),
    ("publisering", _("Publisering")),
]
SECTIONS = dict(STEPS + MORE)


@dataclass(frozen=True)
class Kind:
    """One kind of thing a process holds, as the generic item views edit it."""

    model: type
    form: type
    section: str
    create: Callable
    update: Callable
    delete: Callable | None
    movable: bool = True
    parent: str = "process"

    def queryset(self, process: Process):
        if self.parent == "area":
            return self.model.objects.filter(area__process=process)
        return self.model.objects.filter(process=process)


def _question_create(*, actor, process, **fields):
    return contributor_services.add_contributor_question(actor=actor, process=process, **fields)


def _place_create(*, actor, process, **fields):
    area = getattr(process, "map_area", None)
    if area is None:
        raise ValidationError(
            _("Navngitte steder hører til Barnetråkk. Gi prosessen Barnetråkk først.")
        )
    return map_services.add_named_place(actor=actor, area=area, **fields)


KINDS = {
    "nokkel": Kind(
        Principle,
        forms.PrincipleForm,
        "nokler",
        services.add_principle,
        lambda *, actor, obj, **f: services.update_principle(actor=actor, principle=obj, **f),
        lambda *, actor, obj: services.delete_principle(actor=actor, principle=obj),
    ),
    "fase": Kind(
        Phase,
        forms.PhaseForm,
        "faser",
        services.add_phase,
        lambda *, actor, obj, **f: services.update_phase(actor=actor, phase=obj, **f),
        lambda *, actor, obj: services.delete_phase(actor=actor, phase=obj),
    ),
    "innsatsomrade": Kind(
        FocusArea,
        forms.FocusAreaForm,
        "innsatsomrader",
        services.add_focus_area,
        lambda *, actor, obj, **f: services.update_focus_area(actor=actor, focus_area=obj, **f),
        None,  # removed through its own page, which asks where its inputs go
    ),
    "malgruppe": Kind(
        TargetGroup,
        forms.TargetGroupForm,
        "innsatsomrader",
        services.add_target_group,
        lambda *, actor, obj, **f: services.update_target_group(actor=actor, group=obj, **f),
        lambda *, actor, obj: services.delete_target_group(actor=actor, group=obj),
        movable=False,
    ),
    "sporsmal": Kind(
        ContributorQuestion,
        forms.QuestionForm,
        "personvern",
        _question_create,
        lambda *, actor, obj, **f: contributor_services.update_contributor_question(
            actor=actor, question=obj, **f
        ),
        lambda *, actor, obj: contributor_services.delete_contributor_question(
            actor=actor, question=obj
        ),
    ),
    "sted": Kind(
        NamedPlace,
        forms.NamedPlaceForm,
        "kart",
        _place_create,
        lambda *, actor, obj, **f: map_services.update_named_place(actor=actor, place=obj, **f),
        lambda *, actor, obj: map_services.delete_named_place(actor=actor, place=obj),
        parent="area",
    ),
}


def _split(cleaned: dict) -> tuple[dict, dict]:
    """A form's cleaned data as the originals a service takes (``title`` from ``title_nb``)
    and the Nynorsk and English texts set_translations writes."""
    originals, translations = {}, {}
    for name, value in cleaned.items():
        base, _sep, language = name.rpartition("_")
        if language == ORIGINAL and base:
            originals[base] = value
        elif language in TRANSLATIONS and base:
            translations[name] = value
        else:
            originals[name] = value
    return originals, translations


def _section_url(process: Process, section: str, anchor: str = "") -> str:
    url = reverse("processes:setup", args=[process.slug, section])
    return f"{url}#{anchor}" if anchor else url


def _next_section(section: str) -> str | None:
    names = [name for name, _label in STEPS]
    if section in names and names.index(section) + 1 < len(names):
        return names[names.index(section) + 1]
    return None


def _lists(process: Process) -> dict:
    area = getattr(process, "map_area", None)
    return {
        "nokkel": process.principles.order_by("order"),
        "fase": process.phases.order_by("order"),
        "innsatsomrade": process.focus_areas.order_by("order"),
        "malgruppe": process.target_groups.order_by("name"),
        "sporsmal": process.contributor_questions.order_by("order"),
        "sted": area.places.order_by("order") if area else [],
    }


def _render_section(request, process, section, status=200, **forms_given):
    kinds_here = [key for key, kind in KINDS.items() if kind.section == section]
    add_forms = {key: forms_given.get(key) or KINDS[key].form(prefix=key) for key in kinds_here}
    if section == "grunnlag":
        forms_given.setdefault("page_form", forms.ProcessBasicsForm(instance=process))
    elif section == "personvern":
        forms_given.setdefault("page_form", forms.PromiseForm(instance=process))
    elif section == "kart":
        forms_given.setdefault("page_form", forms.AreaPolygonForm(process=process))
    elif section == "bilde":
        forms_given.setdefault("page_form", forms.CoverImageForm(instance=process))
    lists = _lists(process)
    context = {
        "process": process,
        "section": section,
        "section_label": SECTIONS[section],
        "steps": STEPS,
        "more": MORE,
        "next_section": _next_section(section),
        "page_form": forms_given.get("page_form"),
        "blocks": [
            {
                "kind": key,
                "items": lists[key],
                "form": add_forms[key],
                "spec": KINDS[key],
                "heading": KINDS[key].model._meta.verbose_name_plural,
                "thing": KINDS[key].model._meta.verbose_name,
            }
            for key in kinds_here
        ],
        "focus": forms_given.get("focus", ""),
        "map_config": _area_map_config(process) if section == "kart" else None,
    }
    return render(request, "processes/setup/section.html", context, status=status)


def _area_map_config(process: Process) -> dict:
    config = {
        "tileUrl": settings.SAMMEN_MAP_TILE_URL,
        "attribution": settings.SAMMEN_MAP_ATTRIBUTION,
        "outline": [],
        "labels": {
            "zoomIn": _("Zoom inn"),
            "zoomOut": _("Zoom ut"),
            "points": _("Området har %(n)s hjørner."),
            "tooFew": _("Et område trenger minst tre hjørner."),
        },
    }
    if process.map_polygon:
        config["outline"] = [[lat, lon] for lon, lat in process.map_polygon.ring]
    return config


@require_http_methods(["GET", "POST"])
@login_required
def new_process(request):
    organisations = organisations_administered_by(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = forms.NewProcessForm(
        request.POST or None,
        organisations=organisations,
        templates=processes_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_create_process(request.user, data["organisation"]):
            raise PermissionDenied
        try:
            if data["start"] == form.START_TEMPLATE:
                process = services.copy_process(
                    actor=request.user,
                    template=data["template"],
                    name=data["name"],
                    slug=data["slug"],
                    starts_on=data["starts_on"],
                    organisation=data["organisation"],
                )
                messages.success(
                    request,
                    _("«%(name)s» er laget som en kopi av «%(template)s». Gå gjennom hvert steg.")
                    % {"name": process.name, "template": data["template"].name},
                )
            else:
                process = services.create_process(
                    actor=request.user,
                    organisation=data["organisation"],
                    name=data["name"],
                    slug=data["slug"],
                )
                messages.success(
                    request, _("Utkastet «%(name)s» er lagret.") % {"name": process.name}
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_section_url(process, "grunnlag"))
    return render(
        request, "processes/setup/new.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@process_permission("change_process")
def setup(request, slug, section):
    process = request.process
    if section not in SECTIONS:
        raise Http404(_("Ukjent del av oppsettet «%(section)s».") % {"section": section})
    if request.method == "GET":
        return _render_section(request, process, section)
    if section == "publisering":
        return _publish(request, process)
    if section == "bilde":
        return _save_cover(request, process)
    page_forms = {
        "grunnlag": lambda: forms.ProcessBasicsForm(
            request.POST, instance=Process.objects.get(pk=process.pk)
        ),
        "personvern": lambda: forms.PromiseForm(
            request.POST, instance=Process.objects.get(pk=process.pk)
        ),
        "kart": lambda: forms.AreaPolygonForm(request.POST, request.FILES, process=process),
    }
    if section not in page_forms:
        return redirect(_section_url(process, section))
    form = page_forms[section]()
    if form.is_valid():
        try:
            if section == "kart":
                services.set_area_polygon(
                    actor=request.user, process=process, polygon=form.cleaned_data["polygon"]
                )
            else:
                fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
                originals, texts = _split(fields)
                with transaction.atomic():
                    process = services.update_process(
                        actor=request.user, process=process, **originals
                    )
                    set_translations(actor=request.user, obj=process, texts=texts)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(section)s er lagret.") % {"section": SECTIONS[section]})
            following = _next_section(section)
            if following and "videre" in request.POST:
                return redirect(_section_url(process, following))
            return redirect(_section_url(process, section))
    return _render_section(request, process, section, status=400, page_form=form)


def _save_cover(request, process):
    """The cover image and its alternative text: the picture and the Bokmål text through
    set_cover_image, the Nynorsk and English texts as translations, all or nothing."""
    form = forms.CoverImageForm(
        request.POST, request.FILES, instance=Process.objects.get(pk=process.pk)
    )
    if form.is_valid():
        data = form.cleaned_data
        originals, texts = _split({name: data[name] for name in form.Meta.fields})
        try:
            with transaction.atomic():
                process = services.set_cover_image(
                    actor=request.user,
                    process=process,
                    upload=data.get("cover_image"),
                    alt=originals["cover_alt"] or "",
                    remove=data.get("remove", False),
                )
                if not process.cover_image:
                    texts = dict.fromkeys(texts, "")  # no picture, no text for it
                set_translations(actor=request.user, obj=process, texts=texts)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Forsidebildet er lagret."))
            return redirect(_section_url(process, "bilde"))
    return _render_section(request, process, "bilde", status=400, page_form=form)


def _publish(request, process):
    action = request.POST.get("handling")
    try:
        if action == "publiser":
            services.publish_process(actor=request.user, process=process)
            messages.success(
                request, _("«%(name)s» er publisert og vises på forsiden.") % {"name": process.name}
            )
        elif action == "avpubliser":
            services.unpublish_process(actor=request.user, process=process)
            messages.success(
                request,
                _("«%(name)s» er et utkast igjen og vises bare for teamet.")
                % {"name": process.name},
            )
        else:
            raise ValidationError(_("Ukjent handling."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(_section_url(process, "publisering"))


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404(_("Ukjent type «%(kind)s».") % {"kind": kind})
    return KINDS[kind]


@require_POST
@process_permission("change_process")
def item_add(request, slug, kind):
    process, spec = request.process, _kind(kind)
    form = spec.form(request.POST, prefix=kind)
    if form.is_valid():
        try:
            originals, texts = _split(form.cleaned_data)
            with transaction.atomic():
                item = spec.create(actor=request.user, process=process, **originals)
                if texts:
                    set_translations(actor=request.user, obj=item, texts=texts)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("«%(item)s» er lagt til.") % {"item": item})
            return redirect(_section_url(process, spec.section, f"{kind}-{item.pk}"))
    return _render_section(request, process, spec.section, status=400, **{kind: form})


@require_http_methods(["GET", "POST"])
@process_permission("change_process")
def item_edit(request, slug, kind, pk):
    process, spec = request.process, _kind(kind)
    item = get_object_or_404(spec.queryset(process), pk=pk)
    form = spec.form(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        fresh = spec.queryset(process).get(pk=pk)
        originals, texts = _split(fields)
        try:
            with transaction.atomic():
                spec.update(actor=request.user, obj=fresh, **originals)
                if texts:
                    set_translations(actor=request.user, obj=fresh, texts=texts)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("«%(item)s» er lagret.") % {"item": fresh})
            return redirect(_section_url(process, spec.section, f"{kind}-{pk}"))
    return render(
        request,
        "processes/setup/item.html",
        {
            "process": process,
            "form": form,
            "item": item,
            "kind": kind,
            "section": spec.section,
            "section_label": SECTIONS[spec.section],
            "steps": STEPS,
            "more": MORE,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@process_permission("change_process")
def item_delete(request, slug, kind, pk):
    process, spec = request.process, _kind(kind)
    item = get_object_or_404(spec.queryset(process), pk=pk)
    if spec.delete is None:
        return redirect("processes:remove_focus_area", slug=process.slug, pk=pk)
    name = str(item)
    try:
        spec.delete(actor=request.user, obj=item)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_section_url(process, spec.section, f"{kind}-{pk}"))
    messages.success(request, _("«%(item)s» er slettet.") % {"item": name})
    return redirect(_section_url(process, spec.section, f"liste-{kind}"))


@require_POST
@process_permission("change_process")
def item_move(request, slug, kind, pk):
    process, spec = request.process, _kind(kind)
    item = get_object_or_404(spec.queryset(process), pk=pk)
    direction = {"opp": "up", "ned": "down"}.get(request.POST.get("retning", ""), "")
    try:
        services.move_in_order(actor=request.user, obj=item, direction=direction)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        message = (
            _("«%(item)s» er flyttet opp.")
            if direction == "up"
            else _("«%(item)s» er flyttet ned.")
        )
        messages.success(request, message % {"item": item})
    if request.htmx:
        focus = f"{kind}-{pk}-{request.POST.get('retning', '')}"
        return _render_section(request, process, spec.section, focus=focus)
    return redirect(_section_url(process, spec.section, f"{kind}-{pk}"))


@require_http_methods(["GET", "POST"])
@process_permission("change_process")
def remove_focus_area(request, slug, pk):
    process = request.process
    focus_area = get_object_or_404(process.focus_areas, pk=pk)
    form = forms.RemoveFocusAreaForm(request.POST or None, focus_area=focus_area)
    if request.method == "POST" and form.is_valid():
        move_to = form.cleaned_data["move_to"]
        try:
            moved = services.remove_focus_area(
                actor=request.user, focus_area=focus_area, move_to=move_to
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = sum(moved.values())
            if move_to:
                message = _(
                    "«%(area)s» er fjernet. %(count)s ting som brukte det, er flyttet til "
                    "«%(target)s»."
                ) % {"area": focus_area.title, "count": count, "target": move_to.title}
            else:
                message = _(
                    "«%(area)s» er fjernet. %(count)s ting som brukte det, har mistet bare "
                    "dette innsatsområdet."
                ) % {"area": focus_area.title, "count": count}
            messages.success(request, message)
            return redirect(_section_url(process, "innsatsomrader", "liste-innsatsomrade"))
    return render(
        request,
        "processes/setup/remove_focus_area.html",
        {
            "process": process,
            "focus_area": focus_area,
            "uses": services.focus_area_uses(focus_area),
            "form": form,
            "section": "innsatsomrader",
            "steps": STEPS,
            "more": MORE,
        },
        status=400 if form.errors else 200,
    )
