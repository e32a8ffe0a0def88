"""Fast entry of offline input for one activity: a facilitator types in flip-charts and
workbooks from the keyboard, one input at a time or many lines at once.

With JavaScript (static/inputs/fast_entry.js) each input is sent as soon as it is typed and
the answer is a fragment of the page; without, the form posts and the page comes back.
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sammen.accounts.permissions import process_permission
from sammen.engagement.method_kinds import channel_for_kind
from sammen.engagement.models import Activity

from ..fast_entry_forms import EntrySettingsForm, LinesForm, OneInputForm
from ..models import Input, Responsibility
from ..permissions import can_delete_input
from ..selectors import recent_activity_inputs
from ..services import LinesResult, create_activity_input, create_inputs_from_lines, delete_input

TEMPLATE = "inputs/fast_entry.html"
LINES = "linjer"
ONE = "en"
# With Alt: the first letters of kommune, innbyggere and sammen. Alt+1..9 are the focus areas.
RESPONSIBILITY_SHORTCUTS = {
    Responsibility.MUNICIPALITY: "K",
    Responsibility.RESIDENTS: "I",
    Responsibility.TOGETHER: "S",
}


def _get_activity(process, pk) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("method__process"), method__process=process, pk=pk
    )


def _page_url(activity: Activity) -> str:
    return reverse("inputs:fast_entry", args=[activity.method.process.slug, activity.pk])


def _default_date(activity: Activity):
    today = timezone.localdate()
    return activity.starts_on if activity.starts_on and activity.starts_on <= today else today


def _initial(request, activity: Activity) -> dict:
    """A fresh key, and the settings in the query string: a save without JavaScript comes
    back with them, so the next input gets the same date and sorting."""
    initial = {"key": uuid.uuid4(), "received_on": _default_date(activity)}
    settings = EntrySettingsForm(request.GET, process=activity.method.process)
    settings.is_valid()
    initial.update(
        {name: value for name, value in settings.cleaned_data.items() if name in request.GET}
    )
    return initial


def _settings_query(form: EntrySettingsForm, mode: str) -> str:
    data = form.cleaned_data
    return urlencode(
        {
            "modus": mode,
            "received_on": data["received_on"].isoformat(),
            "focus_areas": [area.pk for area in data["focus_areas"]],
            "responsibility": data["responsibility"],
        },
        doseq=True,
    )


def _newest_first(item: Input) -> tuple[float, int]:
    return (-item.created_at.timestamp(), -item.pk)


def _rows(user, items) -> list[tuple[Input, bool]]:
    return [(item, can_delete_input(user, item)) for item in items]


def _lines_message(result: LinesResult) -> str:
    if result.created:
        parts = [
            ngettext("%(n)s innspill er lagret.", "%(n)s innspill er lagret.", result.created)
            % {"n": result.created}
        ]
    else:
        parts = [_("Ingen nye innspill ble lagret.")]
    if result.already_saved:
        parts.append(
            ngettext("%(n)s var lagret fra før.", "%(n)s var lagret fra før.", result.already_saved)
            % {"n": result.already_saved}
        )
    if result.blank:
        parts.append(
            ngettext(
                "%(n)s tom linje ble hoppet over.",
                "%(n)s tomme linjer ble hoppet over.",
                result.blank,
            )
            % {"n": result.blank}
        )
    return " ".join(parts)


def _save(request, activity: Activity, form: EntrySettingsForm, mode: str):
    data = form.cleaned_data
    fields = {
        "actor": request.user,
        "activity": activity,
        "focus_areas": data["focus_areas"],
        "responsibility": data["responsibility"],
        "received_at": form.received_at(),
    }
    if mode == LINES:
        result = create_inputs_from_lines(text=data["lines"], form_key=str(data["key"]), **fields)
        return result.inputs, _lines_message(result)
    item = create_activity_input(text=data["text"], idempotency_key=str(data["key"]), **fields)
    return [item], _("Lagret: «%(text)s»") % {"text": Truncator(item.text).chars(80)}


def _texts() -> dict[str, str]:
    """What the script says, in the reader's language."""
    return {
        "saving": _("Lagrer …"),
        "waiting": _("Ikke lagret ennå. Prøver igjen automatisk."),
        "refused": _("Ikke lagret:"),
        "empty": _("Skriv innspillet før du trykker Enter."),
        "offline": _(
            "Fikk ikke kontakt med serveren. Teksten er tatt vare på i denne fanen og sendes "
            "på nytt automatisk."
        ),
        "loggedOut": _(
            "Du ser ut til å være logget ut. Logg inn i en ny fane; teksten er tatt vare på "
            "her og sendes når du er logget inn igjen."
        ),
        "restored": _("Innspill som ikke var lagret, er hentet fram og sendes nå."),
        "allSaved": _("Alt er lagret."),
        "rejected": _("Serveren avviste innspillet (feilkode %(status)s)."),
        "on": _("valgt"),
        "off": _("ikke valgt"),
        "noAreas": _("Ingen innsatsområder valgt"),
    }


@require_http_methods(["GET", "POST"])
@process_permission("fast_entry")
def fast_entry(request, slug, pk):
    process = request.process
    activity = _get_activity(process, pk)
    mode = LINES if request.GET.get("modus") == LINES else ONE
    form_class = LinesForm if mode == LINES else OneInputForm
    if request.method == "POST":
        form = form_class(request.POST, process=process)
        if form.is_valid():
            try:
                saved, message = _save(request, activity, form, mode)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                if request.htmx:
                    return render(
                        request,
                        f"{TEMPLATE}#saved",
                        {
                            "process": process,
                            "activity": activity,
                            "rows": _rows(request.user, sorted(saved, key=_newest_first)),
                            "message": message,
                            "total": activity.inputs.count(),
                        },
                    )
                messages.success(request, message)
                return redirect(f"{_page_url(activity)}?{_settings_query(form, mode)}")
        if request.htmx:
            return render(request, f"{TEMPLATE}#errors", {"form": form}, status=422)
    else:
        form = form_class(initial=_initial(request, activity), process=process)
    items, total = recent_activity_inputs(activity)
    areas = list(process.focus_areas.order_by("order"))
    return render(
        request,
        TEMPLATE,
        {
            "process": process,
            "activity": activity,
            "form": form,
            "mode": mode,
            "channel": Input.Channel(channel_for_kind(activity.method.kind)).label,
            "focus_areas": areas,
            "shortcut_areas": areas[:9],
            "responsibilities": [
                (choice.value, choice.label, RESPONSIBILITY_SHORTCUTS[choice.value])
                for choice in Responsibility
            ],
            "rows": _rows(request.user, items),
            "total": total,
            "texts": _texts(),
        },
    )


@require_POST
@process_permission("fast_entry")
def fast_entry_delete(request, slug, pk, input_pk):
    process = request.process
    activity = _get_activity(process, pk)
    item = get_object_or_404(Input, activity=activity, pk=input_pk)
    text = Truncator(item.text).chars(80)
    if not can_delete_input(request.user, item):
        message = _("«%(text)s» er allerede under behandling og kan ikke slettes her.") % {
            "text": text
        }
        if request.htmx:
            return render(
                request,
                f"{TEMPLATE}#saved_item",
                {"process": process, "activity": activity, "item": item, "note": message},
            )
        messages.error(request, message)
        return redirect(_page_url(activity))
    item_id = item.pk
    delete_input(actor=request.user, item=item)
    message = _("Slettet: «%(text)s»") % {"text": text}
    if request.htmx:
        return render(request, f"{TEMPLATE}#deleted", {"item_id": item_id, "message": message})
    messages.success(request, message)
    return redirect(_page_url(activity))
