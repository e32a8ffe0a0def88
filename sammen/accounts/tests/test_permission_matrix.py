"""The permission matrix: every URL the project routes, for every kind of visitor.

The URLs come from the URL configuration itself (walked through every include), not from a
list kept by hand, so a page added later without a row in RULES fails
test_every_routed_url_has_a_rule, with the line to add. Each rule says who may do what:

- staff(verb): a staff page of one process. EXPECTED[verb] (written out below, apart from
  the application's own VERB_ROLES, so that a change there shows up here) says who may;
  anonymous visitors go to the login page, people without any role in the process (citizens,
  another process's team, another organisation) get 404, team members whose role lacks the
  right get 403.
- GET pages are fetched; for POST the denial side is asserted (the denied get the answer
  above and nothing is written: the audit log does not grow), and the allowed are checked not
  to be turned away. Every request runs in a savepoint that is rolled back, so the shared
  world never changes.
- public(): the same answer for everyone, never 403 or a server error.

The world (built once for the module): the Borgen demo as Asker's process (with one of every
object added where the demo has none), a second Asker process, and a Bærum process.
"""

import dataclasses
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sammen.accounts.models import OrganisationMembership, ProcessMembership
from sammen.accounts.tests.factories import make_org_member, make_staff, make_team_member
from sammen.analysis.models import NearDuplicateGroup, NearDuplicateMember
from sammen.api.services import create_api_token
from sammen.core.models import AuditEntry
from sammen.documents.services import create_document_version
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import PlannedActivity
from sammen.engagement.services import add_method, create_activity
from sammen.opinions.services import create_conversation, seed_statement
from sammen.processes.tests.factories import make_organisation, make_process

Role = ProcessMembership.Role

# --- Who may ---------------------------------------------------------------------------

PERSONAS = [
    "anonymous",
    "citizen",
    "manager",
    "facilitator",
    "moderator",
    "analyst",
    "reader",
    "other_process",  # process manager of another process of the same organisation
    "other_org",  # administrator of another organisation (Bærum)
    "org_admin",  # administrator of the process's organisation (Asker)
    "operator",  # superuser
]
TEAM = {"manager", "facilitator", "moderator", "analyst", "reader", "org_admin", "operator"}
MANAGERS = {"manager", "org_admin", "operator"}

EXPECTED: dict[str, set[str]] = {
    "view_process": TEAM,
    "change_process": MANAGERS,
    "manage_team": MANAGERS,
    "view_audit_log": MANAGERS,
    "moderate": MANAGERS | {"moderator"},
    "sort": MANAGERS | {"analyst"},
    "assess": MANAGERS | {"analyst"},
    "register_activities": MANAGERS | {"facilitator"},
    "fast_entry": MANAGERS | {"facilitator"},
    "import": MANAGERS | {"facilitator"},
    "manage_gjestebud": MANAGERS | {"facilitator"},
    "manage_childrens_map": MANAGERS | {"facilitator"},
    "run_workshops": MANAGERS | {"facilitator"},
    "edit_roadmap": MANAGERS,
    "manage_documents_and_hearings": MANAGERS,
    "manage_api_tokens": MANAGERS,
}


@dataclasses.dataclass(frozen=True)
class Rule:
    kind: str  # "staff", "public", "staff_home", "org_admins", "org_people", "admin", "skip"
    get: str | None = None  # the verb a GET needs (staff), or "page" for public GET
    post: str | None = None  # the verb a POST needs
    kwargs: Callable[["World"], dict] = lambda w: {"slug": w.process.slug}
    why: str = ""
    ok: tuple[int, ...] = (200,)  # what an allowed GET answers


def staff(get=None, *, post=None, kwargs=None) -> Rule:
    for verb in (get, post):
        assert verb is None or verb in EXPECTED, f"no EXPECTED row for {verb!r}"
    return Rule("staff", get=get, post=post, kwargs=kwargs or Rule.kwargs)


def page(verb, kwargs=None, *, post=None, ok=(200,)) -> Rule:
    """A staff page that is read with `verb` (and, if post is given, written with it)."""
    return dataclasses.replace(staff(verb, post=post, kwargs=kwargs), ok=ok)


def action(verb, kwargs=None) -> Rule:
    """A POST-only staff action."""
    return staff(None, post=verb, kwargs=kwargs)


def public(kwargs=None, *, post=False, ok=None) -> Rule:
    """A public page: the same answer for everyone; by default never 403, with `ok` the
    statuses it may answer."""
    return Rule(
        "public",
        get="page",
        post="page" if post else None,
        kwargs=kwargs or Rule.kwargs,
        ok=ok or (),
    )


# A person's own data is shown only in the session the e-mailed link opened: without it,
# everyone (staff included) is refused alike.
OWN_DATA = (403,)


def no_kwargs(_w):
    return {}


def pk_of(attr, name="pk"):
    return lambda w: {"slug": w.process.slug, name: getattr(w, attr).pk}


def conversation_kwargs(w):
    return {"slug": w.process.slug, "activity_pk": w.conversation.activity_id}


def statement_kwargs(w):
    return {**conversation_kwargs(w), "statement_pk": w.statement.pk}


# A public form anyone may send: whatever it answers (a page, a redirect, a refusal of an
# empty form), never a server error.
OPEN_FORM = (200, 302, 303, 400, 403, 405, 409, 422, 429)


RULES: dict[str, Rule] = {
    # portal (public)
    "portal:home": public(no_kwargs),
    "portal:process": public(),
    "portal:accessibility": public(no_kwargs),
    "portal:input_form": public(),
    "portal:inputs": public(),
    "portal:results": public(),
    "portal:results_csv": public(lambda w: {"slug": w.process.slug, "name": "deltakere"}),
    "portal:action": public(pk_of("action")),
    "portal:receipt": public(no_kwargs),
    "portal:unsubscribe": public(lambda w: {"token": "ikke-en-lenke"}),
    "portal:personal_data_request": public(no_kwargs),
    "portal:personal_data_open": public(lambda w: {"token": "ikke-en-lenke"}),
    "portal:personal_data": public(no_kwargs, ok=OWN_DATA),
    "portal:hearing": public(pk_of("hearing")),
    "portal:hearing_receipt": public(no_kwargs),
    # The organisation's look (Designsystemet theme) and logo: public, 404 until one is set.
    # A process's cover image: public once published (the demo's Borgen has one).
    "portal:cover": public(ok=(200, 404)),
    "portal:theme_css": public(lambda w: {"org_slug": w.process.organisation.slug}, ok=(200, 404)),
    "portal:logo": public(lambda w: {"org_slug": w.process.organisation.slug}, ok=(200, 404)),
    "portal:journey": page("view_process", pk_of("input")),
    # children's map
    "childrens_map:start": public(),
    "childrens_map:map": public(),
    "childrens_map:list": public(),
    "childrens_map:finish": public(),
    "childrens_map:thanks": public(),
    "childrens_map:planner": page("manage_childrens_map"),
    "childrens_map:geojson": page("manage_childrens_map"),
    # gjestebud
    "gjestebud:personal_data_request": public(no_kwargs),
    "gjestebud:personal_data_open": public(lambda w: {"token": "ikke-en-lenke"}),
    "gjestebud:personal_data": public(no_kwargs, ok=OWN_DATA),
    "gjestebud:host": public(lambda w: {"token": "ikke-en-lenke"}),
    "gjestebud:list": page("manage_gjestebud"),
    "gjestebud:new": page("manage_gjestebud"),
    "gjestebud:detail": page("manage_gjestebud", pk_of("invitation")),
    # (An invitation not yet reported on has nothing to correct: back to its page.)
    "gjestebud:edit": page("manage_gjestebud", pk_of("invitation"), ok=(302,)),
    "gjestebud:accept": action("manage_gjestebud", pk_of("invitation")),
    "gjestebud:return": action("manage_gjestebud", pk_of("invitation")),
    "gjestebud:regenerate": action("manage_gjestebud", pk_of("invitation")),
    # the staff's home and the process overview
    "processes:staff_list": Rule("staff_home", kwargs=no_kwargs),
    "processes:new": Rule("org_admins", kwargs=no_kwargs),
    # near-duplicate groups offered in the workbench
    "analysis:near_duplicates": page("view_process"),
    "analysis:themes": page("view_process"),
    "analysis:duplicate_scan": action("sort"),
    "analysis:merge_near_duplicates": action("sort", pk_of("near_duplicates")),
    "analysis:dismiss_near_duplicates": action("sort", pk_of("near_duplicates")),
    # statements voting
    "opinions:vote_page": public(lambda w: {"slug": w.process.slug, "pk": w.conversation.pk}),
    "opinions:results": public(lambda w: {"slug": w.process.slug, "pk": w.conversation.pk}),
    "opinions:vote": public(
        lambda w: {"slug": w.process.slug, "pk": w.conversation.pk}, post=True, ok=OPEN_FORM
    ),
    "opinions:add": public(
        lambda w: {"slug": w.process.slug, "pk": w.conversation.pk}, post=True, ok=OPEN_FORM
    ),
    "opinions:staff": page("view_process", conversation_kwargs, post="run_workshops"),
    "opinions:seed": action("run_workshops", conversation_kwargs),
    "opinions:reanalyse": action("run_workshops", conversation_kwargs),
    "opinions:import": action("import", conversation_kwargs),
    "opinions:export": page("view_process", conversation_kwargs),
    "opinions:moderate": action("moderate", statement_kwargs),
    "opinions:to_input": action("fast_entry", statement_kwargs),
    "processes:setup": page(
        "change_process",
        lambda w: {"slug": w.process.slug, "section": "grunnlag"},
        post="change_process",
    ),
    "processes:item_add": action(
        "change_process", lambda w: {"slug": w.process.slug, "kind": "nokkel"}
    ),
    "processes:item_edit": page(
        "change_process",
        lambda w: {"slug": w.process.slug, "kind": "fase", "pk": w.phase.pk},
        post="change_process",
    ),
    "processes:item_move": action(
        "change_process", lambda w: {"slug": w.process.slug, "kind": "fase", "pk": w.phase.pk}
    ),
    "processes:item_delete": action(
        "change_process", lambda w: {"slug": w.process.slug, "kind": "fase", "pk": w.phase.pk}
    ),
    "processes:remove_focus_area": page(
        "change_process", pk_of("focus_area"), post="change_process"
    ),
    "insights:overview": page("view_process"),
    "insights:dashboard": page("view_process"),
    "insights:dashboard_csv": page(
        "view_process", lambda w: {"slug": w.process.slug, "name": "deltakere"}
    ),
    "insights:data_inventory": page("view_process"),
    "insights:representation": page("view_process"),
    "insights:representation_csv": page(
        "view_process", lambda w: {"slug": w.process.slug, "key": "representasjon-malgrupper"}
    ),
    "insights:population": page("view_process", post="change_process"),
    # activities
    "engagement:activities": page("view_process"),
    "engagement:activity_new": page("register_activities"),
    "engagement:method_new": action("register_activities"),
    "engagement:activity": page("view_process", pk_of("activity")),
    "engagement:activity_edit": page("register_activities", pk_of("activity")),
    "engagement:attachment_upload": action("register_activities", pk_of("activity")),
    "engagement:attachment": page(
        "view_process",
        lambda w: {"slug": w.process.slug, "pk": w.activity.pk, "attachment_pk": w.attachment.pk},
    ),
    "engagement:attachment_delete": action(
        "register_activities",
        lambda w: {"slug": w.process.slug, "pk": w.activity.pk, "attachment_pk": w.attachment.pk},
    ),
    "engagement:edit_participation": page("register_activities", pk_of("activity")),
    # inputs: the workbench, moderation, fast entry
    "inputs:list": page("view_process"),
    "inputs:bulk": action("sort"),
    "inputs:undo_last": action("sort"),
    "inputs:undo": action("sort", lambda w: {"slug": w.process.slug, "entry_id": w.undoable.pk}),
    "inputs:detail": page("view_process", pk_of("input"), post="sort"),
    "inputs:sort": action("sort", pk_of("input")),
    "inputs:moderation": page("moderate"),
    "inputs:moderate": action("moderate", pk_of("pending")),
    "inputs:fast_entry": page("fast_entry", pk_of("activity")),
    "inputs:fast_entry_delete": action(
        "fast_entry",
        lambda w: {"slug": w.process.slug, "pk": w.activity.pk, "input_pk": w.typed.pk},
    ),
    # imports
    "imports:start": page("import"),
    "imports:batch": page("import", pk_of("batch")),
    "imports:mapping": action("import", pk_of("batch")),
    "imports:confirm": action("import", pk_of("batch")),
    "imports:progress": page("import", pk_of("batch")),
    "imports:resume": action("import", pk_of("batch")),
    "imports:cancel": action("import", pk_of("batch")),
    # roadmap
    "roadmap:editor": page("view_process"),
    "roadmap:note": action("edit_roadmap"),
    "roadmap:goal_create": action(
        "edit_roadmap", lambda w: {"slug": w.process.slug, "area_key": w.goal.focus_area.key}
    ),
    "roadmap:goal_edit": page("edit_roadmap", pk_of("goal")),
    "roadmap:goal_delete": action("edit_roadmap", pk_of("goal")),
    "roadmap:strategy_create": action("edit_roadmap", pk_of("goal", "goal_pk")),
    "roadmap:strategy_edit": page("edit_roadmap", pk_of("strategy")),
    "roadmap:strategy_delete": action("edit_roadmap", pk_of("strategy")),
    "roadmap:action_create": action("edit_roadmap", pk_of("strategy", "strategy_pk")),
    "roadmap:move": action(
        "edit_roadmap", lambda w: {"slug": w.process.slug, "kind": "tiltak", "pk": w.action.pk}
    ),
    "roadmap:action": page("view_process", pk_of("action"), post="edit_roadmap"),
    "roadmap:action_move": action("edit_roadmap", pk_of("action")),
    "roadmap:action_update": action("edit_roadmap", pk_of("action")),
    "roadmap:action_link": action("assess", pk_of("action")),
    "roadmap:link_edit": action(
        "assess",
        lambda w: {"slug": w.process.slug, "pk": w.link.action_id, "link_pk": w.link.pk},
    ),
    "roadmap:action_delete": page("edit_roadmap", pk_of("action")),
    # roadmap workshops
    "workshop:setup": page("run_workshops", pk_of("workshop_activity", "activity_pk")),
    "workshop:codes": page("run_workshops", pk_of("workshop")),
    "workshop:paper": page("run_workshops", pk_of("workshop")),
    "workshop:paper_delete": action(
        "run_workshops",
        lambda w: {"slug": w.process.slug, "pk": w.workshop.pk, "ballot_pk": w.ballot.pk},
    ),
    "workshop:vote": public(pk_of("workshop")),
    # hearings and political treatment
    "hearings:staff_overview": page("view_process"),
    "documents:list": page("view_process"),
    "engagement:plan": page("view_process"),
    "engagement:planned_new": page("change_process", post="change_process"),
    "engagement:planned_edit": page("change_process", pk_of("planned"), post="change_process"),
    "engagement:planned_move": action("change_process", pk_of("planned")),
    "engagement:planned_remove": page("change_process", pk_of("planned"), post="change_process"),
    "insights:missing_translations": page("view_process"),
    "insights:translate": page(
        "change_process",
        lambda w: {"slug": w.process.slug, "kind": "prosess-process", "pk": w.process.pk},
        post="change_process",
    ),
    "documents:progress": page("view_process", pk_of("document")),
    "documents:create": action(
        "manage_documents_and_hearings", lambda w: {"slug": w.process.slug, "kind": "temaplan"}
    ),
    "documents:retry": action("manage_documents_and_hearings", pk_of("document")),
    # A draft on no hearing: the team downloads it, no one else (public versions are tested in
    # documents/tests/test_generation.py).
    "documents:download": page(
        "view_process",
        lambda w: {"slug": w.process.slug, "pk": w.document.pk, "fmt": "pdf"},
    ),
    "hearings:hearing_new": page("manage_documents_and_hearings"),
    "hearings:staff_hearing": page("view_process", pk_of("hearing")),
    "hearings:publish": action("manage_documents_and_hearings", pk_of("hearing")),
    "hearings:response_new": page("manage_documents_and_hearings", pk_of("hearing")),
    "hearings:staff_response": page(
        "view_process",
        lambda w: {"slug": w.process.slug, "pk": w.hearing.pk, "response_pk": w.response.pk},
        post="manage_documents_and_hearings",
    ),
    "hearings:treatment_new": page("manage_documents_and_hearings"),
    # teams, the audit log, an organisation's people
    "team:team": page("view_process", post="manage_team"),
    "team:role": action("manage_team", pk_of("reader_membership")),
    "team:remove": action("manage_team", pk_of("reader_membership")),
    "team:audit_log": page("view_audit_log"),
    "team:people": Rule("org_people", kwargs=lambda w: {"org_slug": w.process.organisation.slug}),
    "team:theme": Rule("org_people", kwargs=lambda w: {"org_slug": w.process.organisation.slug}),
    "team:people_admin": Rule(
        "org_people",
        post="manage_people",
        kwargs=lambda w: {"org_slug": w.process.organisation.slug, "pk": w.people_membership.pk},
    ),
    # open data: the public page, downloads and compilations; the organisation's licence
    "opendata:page": public(),
    "opendata:compilation": public(),
    "opendata:download": public(
        lambda w: {"slug": w.process.slug, "dataset": "innspill", "fmt": "csv"}
    ),
    "opendata:dictionary": public(lambda w: {"slug": w.process.slug, "dataset": "innspill"}),
    "opendata:licence": Rule(
        "org_people", kwargs=lambda w: {"org_slug": w.process.organisation.slug}
    ),
    # logging in and out, languages
    "login": public(no_kwargs),
    "logout": Rule("skip", why="POST only; ends the session (tested in accounts/test_login)"),
    "accounts:oidc_start": public(lambda w: {"provider": "ukjent"}),
    "accounts:oidc_callback": public(lambda w: {"provider": "ukjent"}),
    "accounts:oidc_logged_out": public(lambda w: {"provider": "ukjent"}),
    "set_language": Rule("skip", why="Django's own language switch, POST only"),
    # operations: probes for the load balancer, metrics only with SAMMEN_METRICS_TOKEN or
    # from SAMMEN_METRICS_ALLOWED_NETWORKS (neither is set here: refused to everyone alike;
    # sammen/core/tests/test_operations.py tests the access)
    "ops:health": public(no_kwargs),
    "ops:readiness": public(no_kwargs),
    "ops:metrics": public(no_kwargs, ok=(403,)),
    # API tokens (staff) and the REST API. The API reads no session: everyone, staff too,
    # gets what an anonymous caller gets; a write without a token is 401 for everyone (the
    # tokens' scopes are tested in sammen/api/tests).
    "api_tokens:tokens": page("manage_api_tokens", post="manage_api_tokens"),
    "api_tokens:revoke": action("manage_api_tokens", pk_of("api_token")),
    "api:root": public(no_kwargs, ok=(302,)),
    "api:docs": public(no_kwargs),
    "api:openapi-json": public(no_kwargs),
    "api:not_found": public(lambda w: {"rest": "ukjent"}, ok=(404,)),
    "api:processes": public(no_kwargs),
    "api:process": public(),
    "api:phases": public(),
    "api:focus_areas": public(),
    "api:activities": public(),
    "api:statistics": public(),
    "api:roadmap": public(),
    "api:hearings": public(),
    "api:decisions": public(),
    "api:inputs": public(post=True, ok=(200, 401)),
    "api:input": public(pk_of("input", "input_id")),
    "api:participants": public(pk_of("activity", "activity_id"), ok=(405,)),
}

# Whole namespaces with one rule: Django's admin site is for operators (superusers) only. A
# sample of its pages is walked; the rest are Django's own.
NAMESPACE_RULES = {"admin": Rule("admin", kwargs=no_kwargs)}
ADMIN_SAMPLE = ["admin:index", "admin:processes_process_changelist", "admin:auth_user_changelist"]


# --- The URLs the project routes -----------------------------------------------------------


def routed_urls(patterns=None, prefix="", namespace=None):
    """(name, route) of every URL pattern, through every include."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from routed_urls(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or f"<unnamed {route}>"
            yield (f"{namespace}:{name}" if namespace else name), route


def rule_for(name: str) -> Rule | None:
    if name in RULES:
        return RULES[name]
    return NAMESPACE_RULES.get(name.split(":", 1)[0]) if ":" in name else None


ROUTED = dict(routed_urls())


def test_every_routed_url_has_a_rule():
    missing = sorted((name, route) for name, route in ROUTED.items() if rule_for(name) is None)
    assert not missing, (
        "These URLs have no rule in the permission matrix. Add a line for each to RULES in "
        "sammen/accounts/tests/test_permission_matrix.py saying who may use it, e.g. "
        '"app:name": page("view_process", pk_of("thing")) for a staff page read by the team, '
        'action("moderate", …) for a POST-only staff action, public() for a public page — '
        "and protect the view with @process_permission(...):\n"
        + "\n".join(f"  {name!r}  (/{route})" for name, route in missing)
    )


def test_no_rule_is_left_for_a_url_that_is_gone():
    gone = sorted(set(RULES) - set(ROUTED))
    assert not gone, f"Rules for URLs that are no longer routed; remove them: {gone}"


# --- The world -------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    process: object
    clients: dict
    users: dict
    activity: object = None
    attachment: object = None
    input: object = None
    pending: object = None
    typed: object = None
    undoable: object = None
    batch: object = None
    invitation: object = None
    goal: object = None
    strategy: object = None
    action: object = None
    link: object = None
    workshop: object = None
    workshop_activity: object = None
    ballot: object = None
    hearing: object = None
    response: object = None
    reader_membership: object = None
    people_membership: object = None
    api_token: object = None
    others: dict = dataclasses.field(default_factory=dict)


def _build_world(media_root) -> World:
    from sammen.demo.testing import load_borgen_for_test
    from sammen.documents.models import Hearing, HearingResponse
    from sammen.engagement.models import Activity, ActivityAttachment
    from sammen.gjestebud.tests.factories import make_invitation
    from sammen.imports.models import ImportBatch
    from sammen.inputs.models import Input
    from sammen.inputs.services import create_input, set_input_sorting
    from sammen.roadmap.models import Action, ActionInput, Ballot, Goal, Strategy, Workshop
    from sammen.roadmap.workshop_services import register_paper_ballot

    process = load_borgen_for_test()
    asker = process.organisation
    second = make_process(slug="asker-to", organisation=asker)
    baerum = make_organisation(slug="baerum", name="Bærum kommune")
    make_process(slug="sandvika", organisation=baerum)

    users = {"citizen": get_user_model().objects.create_user("innbygger")}
    for role in Role.values:
        users[role] = make_staff(f"rolle-{role}")
        make_team_member(users[role], process, role)
    users["other_process"] = make_staff("annen-prosess")
    make_team_member(users["other_process"], second, Role.MANAGER)
    users["other_org"] = make_staff("baerum-admin")
    make_org_member(users["other_org"], baerum, admin=True)
    users["org_admin"] = make_staff("asker-admin")
    make_org_member(users["org_admin"], asker, admin=True)
    users["operator"] = make_staff("drift", superuser=True)

    world = World(process=process, clients={}, users=users)
    world.activity = Activity.objects.filter(method__process=process).order_by("pk").first()
    world.attachment = ActivityAttachment.objects.create(
        activity=world.activity,
        file=ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name="notat.pdf"),
        original_name="notat.pdf",
        content_type="application/pdf",
        size=44,
    )
    world.input = Input.objects.filter(process=process).order_by("pk").first()
    world.pending = create_input(actor=None, process=process, text="Venter på moderering.")
    world.typed = create_input(
        actor=None, process=process, text="Skrevet inn på møtet.", activity=world.activity
    )
    world.undoable = set_input_sorting(
        actor=users["manager"], item=world.input, responsibility=_another_responsibility(world)
    )
    world.batch = ImportBatch.objects.create(
        process=process, original_name="innspill.csv", format=ImportBatch.Format.CSV
    )
    world.invitation = make_invitation(process).invitation
    world.goal = Goal.objects.filter(process=process).order_by("pk").first()
    world.strategy = Strategy.objects.filter(goal__process=process).order_by("pk").first()
    world.action = Action.objects.filter(strategy__goal__process=process).order_by("pk").first()
    world.link = ActionInput.objects.filter(action__strategy__goal__process=process).first()
    world.workshop = Workshop.objects.filter(activity__method__process=process).first()
    world.workshop_activity = world.workshop.activity
    world.ballot = Ballot.objects.filter(
        workshop=world.workshop, channel=Ballot.Channel.PAPER
    ).first() or register_paper_ballot(
        actor=None,
        workshop=world.workshop,
        sheet_number="matrise-1",
        points={world.action.pk: 1},
    )
    world.hearing = Hearing.objects.filter(process=process).first()
    world.planned = PlannedActivity.objects.filter(phase__process=process).first()
    world.phase = process.phases.order_by("order").first()
    # An offered near-duplicate group of two inputs.
    pair = list(Input.objects.filter(process=process).order_by("pk")[:2])
    world.near_duplicates = NearDuplicateGroup.objects.create(
        process=process, similarity=0.9, member_key="matrise"
    )
    for item in pair:
        NearDuplicateMember.objects.create(group=world.near_duplicates, input=item, similarity=0.9)
    # A statements activity with a conversation and one seeded statement.
    statements = create_activity(
        actor=None,
        method=add_method(
            actor=None, process=process, kind=MethodKind.STATEMENTS, title="Påstander"
        ),
        title="Påstander om Borgen",
        is_public=True,
    )
    world.conversation = create_conversation(
        actor=None, activity=statements, question="Hva mener du om Borgen?"
    )
    world.statement = seed_statement(
        actor=None, conversation=world.conversation, text="Borgen trenger flere møteplasser."
    )
    world.focus_area = process.focus_areas.order_by("order").first()
    # A draft of its own, on no hearing, so it is the team's alone; with a file to download.
    world.document = create_document_version(
        actor=None, process=process, kind="participation_report", title="Rapport"
    )
    world.document.pdf.save("rapport.pdf", ContentFile(b"%PDF-1.4 matrise"), save=True)
    world.response = HearingResponse.objects.filter(hearing=world.hearing).first()
    world.reader_membership = ProcessMembership.objects.get(user=users["reader"])
    world.people_membership = OrganisationMembership.objects.get(user=users["org_admin"])
    world.api_token = create_api_token(
        actor=None, process=process, name="Matrise", scope="read"
    ).token
    for name in [
        "activity", "attachment", "input", "batch", "goal", "strategy", "action", "link",
        "workshop", "ballot", "hearing", "response", "document", "planned", "phase",
        "conversation", "statement", "near_duplicates",
        "focus_area",
    ]:  # fmt: skip
        assert getattr(world, name) is not None, f"the matrix world has no {name}"

    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(users[persona])
        world.clients[persona] = client
    return world


def _another_responsibility(world) -> str:
    from sammen.inputs.models import Responsibility

    current = world.input.responsibility
    return next(value for value in Responsibility.values if value != current)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        yield _build_world(media)
        transaction.set_rollback(True)


# --- Asking ----------------------------------------------------------------------------------


def _request(world, persona, method, url):
    client = world.clients[persona]
    with transaction.atomic():
        response = getattr(client, method)(url, {} if method == "post" else None)
        transaction.set_rollback(True)
    return response


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _expected_denial(persona: str) -> str:
    if persona == "anonymous":
        return "login"
    if persona not in TEAM:
        return "404"
    return "403"


def _outcome(response) -> str:
    if _is_login_redirect(response):
        return "login"
    if response.status_code in (403, 404):
        return str(response.status_code)
    return "allowed"


def _check(world, name, persona, method, verb, url, problems, ok=(200,)):
    allowed = persona in EXPECTED[verb]
    entries_before = AuditEntry.objects.count()
    response = _request(world, persona, method, url)
    outcome = _outcome(response)
    want = "allowed" if allowed else _expected_denial(persona)
    if outcome != want or (method == "get" and allowed and response.status_code not in ok):
        problems.append(
            f"{method.upper()} {name} as {persona}: got {response.status_code} ({outcome}), "
            f"want {want} (rule: {verb})"
        )
    if not allowed and AuditEntry.objects.count() != entries_before:
        problems.append(f"{method.upper()} {name} as {persona}: denied, but something changed")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in RULES if n in ROUTED))
def test_the_matrix(world, name):
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world)) if rule.kind != "skip" else None
    problems: list[str] = []
    if rule.kind == "skip":
        assert rule.why, f"{name}: a skipped URL must say why"
        return
    if rule.kind == "staff":
        for method, verb in (("get", rule.get), ("post", rule.post)):
            if verb is None:
                continue
            for persona in PERSONAS:
                _check(world, name, persona, method, verb, url, problems, rule.ok)
    elif rule.kind == "public":
        answers = {}
        for persona in PERSONAS:
            for method in ["get"] + (["post"] if rule.post else []):
                response = _request(world, persona, method, url)
                if (
                    response.status_code >= 500
                    or (rule.ok and response.status_code not in rule.ok)
                    or (not rule.ok and response.status_code == 403)
                ):
                    problems.append(f"{name} as {persona}: {response.status_code}")
                answers.setdefault(method, {}).setdefault(response.status_code, []).append(persona)
        for method, by_status in answers.items():
            if len(by_status) > 1:
                problems.append(
                    f"{method.upper()} {name}: a public page answers differently by person: "
                    f"{by_status}"
                )
    elif rule.kind == "staff_home":
        for persona in PERSONAS:
            response = _request(world, persona, "get", url)
            sees = world.process.name in response.content.decode()
            want = {
                "anonymous": "login",
                "citizen": "403",
            }.get(persona, "allowed")
            if _outcome(response) != want:
                problems.append(f"{name} as {persona}: {response.status_code}, want {want}")
            if sees != (persona in TEAM):
                problems.append(f"{name} as {persona}: lists {world.process.name}: {sees}")
    elif rule.kind == "org_admins":
        # Any organisation's administrators (and operators) may start a process, each in an
        # organisation of their own; other staff are refused, visitors sent to log in.
        admins = {"org_admin", "other_org", "operator"}
        for persona in PERSONAS:
            response = _request(world, persona, "get", url)
            want = "allowed" if persona in admins else {"anonymous": "login"}.get(persona, "403")
            if _outcome(response) != want:
                problems.append(f"GET {name} as {persona}: {response.status_code}, want {want}")
    elif rule.kind == "org_people":
        admins = {"org_admin", "operator"}
        for method in ["get"] if rule.post is None else ["post"]:
            for persona in PERSONAS:
                entries_before = AuditEntry.objects.count()
                response = _request(world, persona, method, url)
                want = (
                    "allowed"
                    if persona in admins
                    else {"anonymous": "login", "citizen": "403"}.get(persona, "404")
                )
                if _outcome(response) != want:
                    problems.append(
                        f"{method.upper()} {name} as {persona}: {response.status_code}, want {want}"
                    )
                if persona not in admins and AuditEntry.objects.count() != entries_before:
                    problems.append(f"{name} as {persona}: denied, but something changed")
    else:
        raise AssertionError(f"{name}: unknown rule kind {rule.kind}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_SAMPLE)
def test_the_admin_site_is_for_operators(world, name):
    assert name in ROUTED
    problems = []
    for persona in PERSONAS:
        response = _request(world, persona, "get", reverse(name))
        if persona == "operator":
            ok = response.status_code == 200
        elif name == "admin:index":
            # Django's admin index lets staff in and shows them only what they may change
            # (nothing, for staff who are not operators); others go to the admin's login.
            ok = response.status_code in (200, 302) and "Prosesser" not in response.text
        else:
            ok = response.status_code in (302, 403)
        if not ok:
            problems.append(f"{name} as {persona}: {response.status_code}")
    assert not problems, "\n".join(problems)
