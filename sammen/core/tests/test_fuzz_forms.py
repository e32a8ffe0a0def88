"""Every form in sammen, staff forms included, fed hostile data: it validates, or it reports
errors as strings; it never raises, and it still renders. The forms are found by walking
sammen's modules, so a form added later is fuzzed too (or this test asks how to build it)."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.forms import BaseForm, BaseModelForm, FileField
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

import sammen
from sammen.accounts.services import create_staff_user
from sammen.childrens_map.tests.factories import make_area
from sammen.documents.models import DocumentVersion, Hearing, HearingQuestion, HearingResponse
from sammen.engagement.tests.factories import make_activity, make_method
from sammen.imports.models import ImportBatch
from sammen.inputs.tests.factories import make_focus_area
from sammen.portal.forms import ReceiptLookupForm
from sammen.processes.tests.factories import make_process
from sammen.roadmap.models import Action, Goal, Strategy

from .hostile import FUZZ, query_dict, uploads, value

# Bases never used on their own (each has subclasses that are).
ABSTRACT = {
    "sammen.childrens_map.forms.KeyedForm",
    "sammen.childrens_map.forms.EntryForm",
    "sammen.childrens_map.forms.DrawnForm",
}


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def discover() -> list[type[BaseForm]]:
    for module in pkgutil.walk_packages(sammen.__path__, "sammen."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        leaf = module.name.rsplit(".", 1)[-1]
        if leaf.endswith("forms") or leaf in {"admin", "views"} or ".views." in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("sammen.") and _name(sub) not in ABSTRACT:
                found.add(sub)
    return sorted(found, key=_name)


def admin_model_form(cls, request):
    """An admin's ModelForm names no model: the admin makes the form class, as here."""
    for model_admin in admin.site._registry.values():
        if model_admin.form is cls:
            return model_admin.get_form(request)
    raise AssertionError(f"{_name(cls)} names no model and no admin uses it")


FORMS = discover()


@pytest.fixture
def context(db):
    process = make_process(slug="fuzz")
    focus_area = make_focus_area(process, key="sted", title="Stedsutvikling")
    make_activity(make_method(process), "Konferanse")
    request = RequestFactory().post("/konto/logg-inn/")
    request.user = create_staff_user(
        actor=None, username="rot", password="Borgen-2016-x", superuser=True
    )
    document = DocumentVersion.objects.create(
        process=process, kind="temaplan", number=1, title="Temaplan"
    )
    hearing = Hearing.objects.create(
        process=process,
        document=document,
        title="Høring",
        opens_on=datetime.date(2016, 9, 20),
        deadline=datetime.date(2016, 10, 16),
    )
    HearingQuestion.objects.create(hearing=hearing, text="Er du enig?")
    response = HearingResponse.objects.create(
        hearing=hearing, respondent_kind="person", text="Svar", receipt_code="FUZZ-0001"
    )
    strategy = Strategy.objects.create(
        goal=Goal.objects.create(process=process, focus_area=focus_area, title="Møteplasser"),
        title="Flere møteplasser",
    )
    actions = [
        Action.objects.create(strategy=strategy, title=title, responsibility="sammen")
        for title in ("Lokalsamfunnsutvalg", "Kulturkveld")
    ]
    return {
        "process": process,
        "actions": actions,
        "allowance": 10,
        "with_code": True,
        "with_sheet": True,
        "hearing": hearing,
        "response": response,
        "area": make_area(process),
        "kind": "conference",
        "questions": ["Hva er bra her?", "Hva mangler?"],
        "batch": ImportBatch(process=process, headers=["Tekst", "Dato", "Sted"]),
        "request": request,
        "people": get_user_model().objects.all(),
        "object_types": ContentType.objects.filter(app_label="inputs"),
        "obj": process,
    }


def build(cls, context, data=None, files=None):
    """Bind the form the way its views do, from its constructor's signature."""
    if issubclass(cls, BaseModelForm) and cls._meta.model is None:
        cls = admin_model_form(cls, context["request"])
    if cls is ReceiptLookupForm:
        return cls(data.get("kode", "") if data is not None else "")
    args, kwargs = [], {}
    positional = True
    for param in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if param.kind is param.VAR_POSITIONAL:
            args += [data, files]
            positional = False
        elif param.kind is param.VAR_KEYWORD:
            continue
        elif param.kind is param.KEYWORD_ONLY:
            if param.name in context:
                kwargs[param.name] = context[param.name]
            elif param.default is param.empty:
                raise AssertionError(f"{_name(cls)}: tell build() how to give {param.name!r}")
        elif not positional:
            continue
        elif param.name in {"data", "params"}:
            args.append(data if data is not None else query_dict({}))
        elif param.name == "files":
            args.append(files)
        elif param.name in context:
            args.append(context[param.name])
        elif param.default is param.empty:
            raise AssertionError(f"{_name(cls)}: tell build() how to give {param.name!r}")
        else:
            positional = False
    return cls(*args, **kwargs)


def test_the_walk_finds_every_kind_of_form():
    names = {_name(cls) for cls in FORMS}

    assert len(FORMS) >= 25
    for expected in [
        "sammen.portal.forms.PublicInputForm",
        "sammen.childrens_map.forms.MapRouteForm",
        "sammen.gjestebud.forms.ReportForm",
        "sammen.inputs.forms.ModerationForm",
        "sammen.imports.forms.ImportMappingForm",
        "sammen.engagement.admin.ActivityAdminForm",
        "sammen.accounts.forms.LoginForm",
        "sammen.accounts.forms.AdminLoginForm",
    ]:
        assert expected in names
    for abstract in ABSTRACT:
        base = importlib.import_module(abstract.rsplit(".", 1)[0])
        assert getattr(base, abstract.rsplit(".", 1)[1]).__subclasses__()


@pytest.mark.parametrize("form_class", FORMS, ids=_name)
def test_a_form_given_hostile_data_validates_or_reports_errors_as_text(form_class, context):
    fields = build(form_class, context).fields
    file_fields = [name for name, field in fields.items() if isinstance(field, FileField)]
    assert fields, f"{_name(form_class)} has no fields to fuzz"

    @FUZZ
    @given(
        values=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, value)),
        extra=st.dictionaries(st.text(max_size=10), value, max_size=2),
        files=st.fixed_dictionaries({}, optional=dict.fromkeys(file_fields, uploads)),
    )
    def check(values, extra, files):
        form = build(
            form_class,
            context,
            query_dict({**extra, **values}),
            MultiValueDict({name: [upload] for name, upload in files.items()}),
        )
        if not form.is_valid():
            assert form.errors
            for name, errors in form.errors.items():
                assert name == "__all__" or name in form.fields, name
                assert all(isinstance(error, str) and error.strip() for error in errors)
        assert str(form)

    check()
