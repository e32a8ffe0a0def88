import datetime
import warnings
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sammen.core import geo
from sammen.core.languages import ORIGINAL, TRANSLATIONS
from sammen.core.services import (
    audit_batch,
    next_order,
    record_audit,
    save_changes,
    save_validated,
)
from sammen.core.signals import process_copied
from sammen.core.uploads import clean_picture, original_name, replace_stored_file

from .models import FocusArea, Organisation, Phase, Principle, Process, TargetGroup


@transaction.atomic
def create_organisation(
    *, actor, name: str, slug: str, municipality_number: str = ""
) -> Organisation:
    organisation = Organisation(name=name, slug=slug, municipality_number=municipality_number)
    save_validated(organisation)
    record_audit(actor=actor, action="create", obj=organisation)
    return organisation


@transaction.atomic
def create_process(*, actor, organisation: Organisation, name: str, slug: str, **fields) -> Process:
    process = Process(organisation=organisation, name=name, slug=slug, **fields)
    save_validated(process)
    record_audit(actor=actor, action="create", obj=process)
    return process


@transaction.atomic
def update_process(*, actor, process: Process, **fields: Any) -> Process:
    save_changes(actor=actor, obj=process, fields=fields)
    return process


@transaction.atomic
def add_principle(*, actor, process: Process, title: str, description: str = "") -> Principle:
    order = next_order(process.principles)
    principle = Principle(process=process, order=order, title=title, description=description)
    save_validated(principle)
    record_audit(actor=actor, action="create", obj=principle)
    return principle


@transaction.atomic
def add_phase(
    *,
    actor,
    process: Process,
    title: str,
    kind: str = Phase.Kind.OTHER,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    **fields: Any,
) -> Phase:
    order = next_order(process.phases)
    phase = Phase(
        process=process,
        order=order,
        title=title,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )
    save_validated(phase)
    record_audit(actor=actor, action="create", obj=phase)
    return phase


@transaction.atomic
def update_phase(*, actor, phase: Phase, **fields: Any) -> Phase:
    save_changes(actor=actor, obj=phase, fields=fields)
    return phase


@transaction.atomic
def add_focus_area(
    *, actor, process: Process, key: str, title: str, description: str = ""
) -> FocusArea:
    order = next_order(process.focus_areas)
    focus_area = FocusArea(
        process=process, order=order, key=key, title=title, description=description
    )
    save_validated(focus_area)
    record_audit(actor=actor, action="create", obj=focus_area)
    return focus_area


@transaction.atomic
def add_target_group(
    *, actor, process: Process, name: str, population_share: Decimal | None = None
) -> TargetGroup:
    group = TargetGroup(process=process, name=name, population_share=population_share)
    save_validated(group)
    record_audit(actor=actor, action="create", obj=group)
    return group


# Editing everything a process holds


@transaction.atomic
def update_principle(*, actor, principle: Principle, **fields: Any) -> Principle:
    save_changes(actor=actor, obj=principle, fields=fields)
    return principle


@transaction.atomic
def delete_principle(*, actor, principle: Principle) -> None:
    record_audit(actor=actor, action="delete", obj=principle, scope=principle.process)
    principle.delete()


@transaction.atomic
def delete_phase(*, actor, phase: Phase) -> None:
    record_audit(actor=actor, action="delete", obj=phase, scope=phase.process)
    try:
        phase.delete()
    except ProtectedError:
        raise ValidationError(
            _("Fasen «%(title)s» er i bruk og kan ikke slettes.") % {"title": phase.title}
        ) from None


@transaction.atomic
def update_focus_area(*, actor, focus_area: FocusArea, **fields: Any) -> FocusArea:
    save_changes(actor=actor, obj=focus_area, fields=fields)
    return focus_area


def focus_area_uses(focus_area: FocusArea) -> dict[str, int]:
    """What points at the focus area, by the verbose name of the model that does: inputs,
    the roadmap's goals, gjestebud reports. Found through Django's relations, so the apps
    above this one are not imported."""
    uses = {}
    for relation in FocusArea._meta.related_objects:
        accessor = relation.get_accessor_name()
        if relation.many_to_many:
            count = getattr(focus_area, accessor).count()
        elif relation.related_name == "+" or accessor is None:
            count = relation.related_model._default_manager.filter(
                **{relation.field.name: focus_area}
            ).count()
        else:
            count = getattr(focus_area, accessor).count()
        if count:
            uses[str(relation.related_model._meta.verbose_name_plural)] = count
    return uses


@transaction.atomic
def remove_focus_area(*, actor, focus_area: FocusArea, move_to: FocusArea | None) -> dict:
    """Delete a focus area. Whatever uses it (inputs, goals, gjestebud reports) moves to
    `move_to`, another area of the same process, or — when None — loses only this area (an
    input keeps its other areas; nothing is deleted). A roadmap goal must have an area, so
    removing an area with goals needs somewhere to move them. Returns what moved, by model."""
    process = focus_area.process
    if move_to is not None and (move_to.process_id != process.pk or move_to.pk == focus_area.pk):
        raise ValidationError(
            {"move_to": _("Velg et annet innsatsområde i samme prosess, eller ingen.")}
        )
    moved: dict[str, list] = {}
    for relation in FocusArea._meta.related_objects:
        model = relation.related_model
        field = relation.field
        label = model._meta.label
        if relation.many_to_many:
            through = field.remote_field.through
            source = f"{field.m2m_reverse_field_name()}"
            owner = f"{field.m2m_field_name()}"
            rows = through.objects.filter(**{source: focus_area})
            owners = list(rows.values_list(f"{owner}_id", flat=True))
            if move_to is not None:
                through.objects.bulk_create(
                    [through(**{f"{owner}_id": pk, source: move_to}) for pk in owners],
                    ignore_conflicts=True,
                )
            rows.delete()
        else:
            rows = model._default_manager.filter(**{field.name: focus_area})
            owners = list(rows.values_list("pk", flat=True))
            if not owners:
                continue
            if move_to is None and not field.null:
                raise ValidationError(
                    {
                        "move_to": _(
                            "Innsatsområdet har %(count)s %(things)s som må ha et "
                            "innsatsområde. Velg hvor de skal flyttes."
                        )
                        % {"count": len(owners), "things": model._meta.verbose_name_plural}
                    }
                )
            rows.update(**{field.name: move_to})
        if owners:
            moved[label] = owners
    record_audit(
        actor=actor,
        action="delete",
        obj=focus_area,
        scope=process,
        changes={
            "moved_to": [focus_area.pk, move_to.pk if move_to else None],
            **{label: [pks, move_to.pk if move_to else None] for label, pks in moved.items()},
        },
    )
    focus_area.delete()
    return {label: len(pks) for label, pks in moved.items()}


@transaction.atomic
def update_target_group(*, actor, group: TargetGroup, **fields: Any) -> TargetGroup:
    save_changes(actor=actor, obj=group, fields=fields)
    return group


@transaction.atomic
def delete_target_group(*, actor, group: TargetGroup) -> None:
    """Delete a target group no activity names; one in use is kept (the activities'
    record of whom they reached would be lost)."""
    used = sum(
        getattr(group, relation.get_accessor_name()).count()
        for relation in TargetGroup._meta.related_objects
        if relation.get_accessor_name()
    )
    if used:
        raise ValidationError(
            _(
                "Målgruppen «%(name)s» er knyttet til %(count)s aktiviteter eller planer og kan "
                "ikke slettes. Ta den bort der først, eller gi den et nytt navn."
            )
            % {"name": group.name, "count": used}
        )
    record_audit(actor=actor, action="delete", obj=group, scope=group.process)
    group.delete()


@transaction.atomic
def move_in_order(*, actor, obj, direction: str) -> None:
    """Move one of a process's ordered things (a key, phase, focus area, question, named
    place) one place up or down among its siblings. The siblings are those with the same
    parent, the object's first foreign key (its process, or its map area)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Ukjent retning «%(value)s».") % {"value": direction})
    parent = next(f for f in obj._meta.concrete_fields if f.many_to_one)
    siblings = list(
        type(obj)
        ._default_manager.select_for_update()
        .filter(**{parent.attname: getattr(obj, parent.attname)})
        .order_by("order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        message = (
            _("«%(title)s» står allerede øverst.")
            if direction == "up"
            else _("«%(title)s» står allerede nederst.")
        )
        raise ValidationError(message % {"title": str(obj)})
    neighbour = siblings[other]
    before, after = obj.order, neighbour.order
    # The order is unique per parent: park one at 0 while they swap.
    type(obj)._default_manager.filter(pk=obj.pk).update(order=0)
    type(obj)._default_manager.filter(pk=neighbour.pk).update(order=before)
    type(obj)._default_manager.filter(pk=obj.pk).update(order=after)
    obj.order = after
    record_audit(actor=actor, action="update", obj=obj, changes={"order": [before, after]})


# The process as a whole: the map area, publishing, a copy as a template


# A cover image: at most COVER_MAX_MB and COVER_MAX_PIXELS on its long side as uploaded (a
# photo straight from a camera fits; a poster scan of 12,000 px does not), stored re-encoded
# with its long side at most COVER_STORED_SIDE (wide enough for a full-width banner).
COVER_MAX_MB = 10
COVER_MAX_PIXELS = 8000
COVER_STORED_SIDE = 2000


def _check_cover_upload(upload) -> None:
    """Refuse a cover image too big to take, by its bytes or its pixels, with a message saying
    which limit and by how much; everything else is checked by clean_upload."""
    name = original_name(upload)
    if upload.size and upload.size > COVER_MAX_MB * 1024 * 1024:
        raise ValidationError(
            _(
                "«%(name)s» er %(size)s MB. Et forsidebilde kan være på høyst %(limit)s MB. "
                "Lagre bildet i lavere kvalitet eller oppløsning og prøv igjen."
            )
            % {
                "name": name,
                "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": COVER_MAX_MB,
            }
        )
    too_many = _(
        "«%(name)s» er %(width)s × %(height)s piksler. Et forsidebilde kan være høyst "
        "%(limit)s piksler på den lengste siden. Gjør bildet mindre og prøv igjen."
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            width, height = Image.open(upload).size
    except Image.DecompressionBombError:
        raise ValidationError(
            _(
                "«%(name)s» har for mange piksler til å åpnes. Et forsidebilde kan være høyst "
                "%(limit)s piksler på den lengste siden. Gjør bildet mindre og prøv igjen."
            )
            % {"name": name, "limit": COVER_MAX_PIXELS}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return  # not a picture Pillow can open: clean_upload says what is wrong with it
    finally:
        upload.seek(0)
    if max(width, height) > COVER_MAX_PIXELS:
        raise ValidationError(
            too_many % {"name": name, "width": width, "height": height, "limit": COVER_MAX_PIXELS}
        )


@transaction.atomic
def set_cover_image(*, actor, process: Process, upload=None, alt: str = "", remove=False):
    """The picture at the top of the public page and its alternative text (in Bokmål; its
    Nynorsk and English texts are set like every translation). A new picture is re-encoded
    like every uploaded image (no metadata, a capped size); remove=True takes the picture
    away. A picture without an alternative text is refused. The old file goes once this
    commits."""
    alt = (alt or "").strip()
    old = process.cover_image.name
    if remove:
        upload = None
    keeps_a_picture = upload is not None or (bool(old) and not remove)
    if upload is None and not old:
        raise ValidationError({"cover_image": _("Velg et bilde å laste opp.")})
    # Every refusal at once: a picture too big and without its text hears of both.
    errors = {}
    if keeps_a_picture and not alt:
        errors[f"cover_alt_{ORIGINAL}"] = _(
            "Skriv hva bildet viser (alternativ tekst). Den leses opp for dem som ikke ser "
            "bildet, og et forsidebilde kan ikke lagres uten."
        )
    cleaned = None
    if upload is not None:
        try:
            _check_cover_upload(upload)
            cleaned = clean_picture(
                upload,
                max_side=COVER_STORED_SIDE,
                not_a_picture=_(
                    "«%(name)s» er ikke et bilde. Forsidebildet må være JPEG, PNG eller WebP."
                ),
            )
        except ValidationError as error:
            errors["cover_image"] = error.messages
    if errors:
        raise ValidationError(errors)
    if cleaned is not None or remove:
        replace_stored_file(process.cover_image, "cover", cleaned)
    before_alt = process.cover_alt_nb or ""
    process.cover_alt_nb = alt if process.cover_image else ""
    changes = {}
    if process.cover_image.name != old:
        changes["cover_image"] = [old, process.cover_image.name]
    if (process.cover_alt_nb or "") != before_alt:
        changes["cover_alt"] = [before_alt, process.cover_alt_nb]
    if not changes:
        return process
    process.save(update_fields=["cover_image", "cover_alt", "cover_alt_nb"])
    record_audit(actor=actor, action="update", obj=process, changes=changes)
    return process


@transaction.atomic
def set_area_polygon(*, actor, process: Process, polygon: str | dict | None) -> Process:
    """Give the process its map area (a GeoJSON polygon, checked by geo.clean_area_polygon),
    or take it away with None (refused while Barnetråkk or named places use it)."""
    if polygon is None:
        if hasattr(process, "map_area"):
            raise ValidationError(
                _("Barnetråkk bruker kartområdet. Området kan endres, men ikke fjernes.")
            )
        cleaned = None
    else:
        cleaned = geo.clean_area_polygon(polygon)
        _check_places_inside(process, geo.PolygonArea(cleaned))
    before = process.area_polygon
    if before != cleaned:
        process.area_polygon = cleaned
        save_validated(process)
        record_audit(
            actor=actor, action="update", obj=process, changes={"area_polygon": [before, cleaned]}
        )
    return process


def _check_places_inside(process: Process, area: geo.PolygonArea) -> None:
    """Named places (held by Barnetråkk's map area) must stay inside the new area."""
    map_area = getattr(process, "map_area", None)
    if map_area is None:
        return
    outside = [p.name for p in map_area.places.all() if not area.contains(p.lon, p.lat)]
    if not area.contains(map_area.centre_lon, map_area.centre_lat):
        outside.append(str(_("kartets midtpunkt")))
    if outside:
        raise ValidationError(
            _("Disse stedene ville havnet utenfor det nye området: %(names)s.")
            % {"names": ", ".join(outside)}
        )


@transaction.atomic
def publish_process(*, actor, process: Process) -> Process:
    """Make a draft public (status Pågår)."""
    if process.status != Process.Status.DRAFT:
        raise ValidationError(_("Bare et utkast kan publiseres."))
    save_changes(actor=actor, obj=process, fields={"status": Process.Status.ACTIVE})
    return process


@transaction.atomic
def unpublish_process(*, actor, process: Process) -> Process:
    """Take a running process back to a draft, seen by its team only."""
    if process.status != Process.Status.ACTIVE:
        raise ValidationError(_("Bare en prosess som pågår kan gjøres om til utkast."))
    save_changes(actor=actor, obj=process, fields={"status": Process.Status.DRAFT})
    return process


def clone(obj: models.Model, **overrides: Any) -> models.Model:
    """A new row with obj's own field values (translated columns included) and the
    overrides; not saved."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now_add", False)
    }
    for name, value in list(overrides.items()):
        # A new text given for a translated field is the new Bokmål original; the template's
        # translations of the old text do not fit it.
        if f"{name}_{ORIGINAL}" in values:
            overrides[f"{name}_{ORIGINAL}"] = value
            for language in TRANSLATIONS:
                overrides[f"{name}_{language}"] = None
    return type(obj)(**{**values, **overrides})


# What a copy takes from its template besides these: keys, phases, focus areas, target groups
# and the map area, and (through process_copied) methods, questions and Barnetråkk's settings.
# Never the status, the figures' note or anything people gave.
# A copy has no cover image: two processes sharing one file would lose it when either changes.
TEMPLATE_SKIPS = {
    "status": Process.Status.DRAFT,
    "data_note": "",
    "cover_image": "",
    "cover_alt": "",
}


@transaction.atomic
def copy_process(
    *,
    actor,
    template: Process,
    name: str,
    slug: str,
    starts_on: datetime.date | None = None,
    organisation: Organisation | None = None,
) -> Process:
    """A new draft process from a template: its texts, keys, phases (dates moved so the first
    phase starts on `starts_on`), focus areas, target groups, map area and privacy texts, and
    from the apps above (domain signal process_copied) its methods, voluntary questions and
    Barnetråkk's settings. Never its inputs, activities or personal data."""
    if Process.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("Kortnavnet «%(slug)s» er allerede i bruk. Velg et annet.") % {"slug": slug}}
        )
    process = clone(
        template,
        name=name,
        slug=slug,
        organisation_id=(organisation or template.organisation).pk,
        **TEMPLATE_SKIPS,
    )
    save_validated(process)
    record_audit(
        actor=actor, action="create", obj=process, changes={"template": [None, template.pk]}
    )
    first = template.phases.exclude(starts_on=None).order_by("starts_on").first()
    shift = (
        starts_on - first.starts_on
        if starts_on is not None and first is not None
        else datetime.timedelta(0)
    )
    with audit_batch():
        for principle in template.principles.order_by("order"):
            _save_copy(actor, clone(principle, process_id=process.pk))
        for phase in template.phases.order_by("order"):
            _save_copy(
                actor,
                clone(
                    phase,
                    process_id=process.pk,
                    starts_on=phase.starts_on + shift if phase.starts_on else None,
                    ends_on=phase.ends_on + shift if phase.ends_on else None,
                ),
            )
        for focus_area in template.focus_areas.order_by("order"):
            _save_copy(actor, clone(focus_area, process_id=process.pk))
        for group in template.target_groups.order_by("name"):
            _save_copy(actor, clone(group, process_id=process.pk))
        process_copied.send(
            sender=Process, actor=actor, template=template, process=process, shift=shift
        )
    return process


def _save_copy(actor, obj: models.Model) -> None:
    save_validated(obj)
    record_audit(actor=actor, action="create", obj=obj, scope=getattr(obj, "process", None))
