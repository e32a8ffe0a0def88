"""Every form class in sammen, drawn with an error on every field, links each error to its
field: the one field template and the one error summary (sammen/core/forms.py)."""

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.contenttypes.models import ContentType
from django.forms import BaseForm, CharField, Form, formset_factory
from django.forms.renderers import get_default_renderer
from django.http import QueryDict
from django.template import Context, Template
from django.test.html import Element, parse_html

import sammen
from sammen.childrens_map.tests.factories import make_area
from sammen.contributors.tests.factories import make_question
from sammen.core.forms import FormRenderer, non_field_errors_id
from sammen.documents.models import HearingResponse
from sammen.documents.tests.factories import make_hearing
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.tests.factories import make_activity, make_method, make_target_group
from sammen.imports.models import ImportBatch
from sammen.inputs.tests.factories import make_focus_area
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

# Django's admin draws its forms with its own templates.
SKIPPED_MODULES = (".tests", ".migrations", ".admin")
NON_FIELD_MESSAGE = "En feil som gjelder hele skjemaet."
CONTROLS = ("input", "select", "textarea")


def is_base(form_class: type[BaseForm]) -> bool:
    """A base declares attributes (annotated, without a value) for its subclasses to give."""
    return any(not hasattr(form_class, name) for name in inspect.get_annotations(form_class))


def form_classes() -> list[type[BaseForm]]:
    """The form classes defined in sammen's modules, bases left out, and the login form
    Django gives."""
    found: list[type[BaseForm]] = [AuthenticationForm]
    for module_info in pkgutil.walk_packages(sammen.__path__, "sammen."):
        if any(part in module_info.name for part in SKIPPED_MODULES):
            continue
        module = importlib.import_module(module_info.name)
        found += [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj)
            and issubclass(obj, BaseForm)
            and obj.__module__ == module.__name__
            and not is_base(obj)
        ]
    return found


@pytest.fixture
def process(db) -> Process:
    process = make_process(slug="skjemaer", status=Process.Status.ACTIVE)
    make_focus_area(process)
    make_target_group(process)
    make_question(process, key="alder")
    make_question(process, key="bydel", label="Hvor bor du?", kind="text", choices=[])
    make_area(process)
    make_activity(make_method(process))
    return process


def arguments(form_class: type[BaseForm], process: Process) -> tuple[tuple, dict]:
    """What a form class needs besides its data, as the views give it."""
    by_name: dict[str, Callable[[], tuple[tuple, dict]]] = {
        "AuthenticationForm": lambda: ((None, {}), {}),
        "LoginForm": lambda: ((None, {}), {}),
        "AdminLoginForm": lambda: ((None, {}), {}),
        "ActivityForm": lambda: (
            ({},),
            {"process": process, "kind": MethodKind.GJESTEBUD, "with_attachments": True},
        ),
        "InputFilterForm": lambda: ((process, QueryDict()), {}),
        "SortForm": lambda: ((process, {}), {}),
        "BulkForm": lambda: ((process, {}), {}),
        "ImportMappingForm": lambda: (
            ({},),
            {"batch": ImportBatch(process=process, headers=["Tekst", "Tema"])},
        ),
        "ReportForm": lambda: (({},), {"questions": ["Hva fungerer godt?"]}),
        "ReceiptLookupForm": lambda: (("ABCD-EFGH",), {}),
        "AuditFilterForm": lambda: (
            ({},),
            {
                "people": get_user_model().objects.all(),
                "object_types": ContentType.objects.filter(app_label="inputs"),
            },
        ),
        "TranslationsForm": lambda: (({},), {"obj": process.contributor_questions.first()}),
    }
    if form_class.__name__ in by_name:
        return by_name[form_class.__name__]()
    kwargs = {}
    parameters = inspect.signature(form_class.__init__).parameters
    if "process" in parameters:
        kwargs["process"] = process
    if "area" in parameters:
        kwargs["area"] = process.map_area
    if "hearing" in parameters:
        kwargs["hearing"] = make_hearing(process)
    if "response" in parameters:
        kwargs["response"] = HearingResponse(hearing=make_hearing(process))
    return ({},), kwargs


def with_every_error(form_class: type[BaseForm], process: Process) -> BaseForm:
    args, kwargs = arguments(form_class, process)
    form = form_class(*args, **kwargs)
    if not form.is_bound:
        form = form_class({}, **kwargs)
    form.full_clean()
    for name in form.fields:
        if name not in form.errors:
            form.add_error(name, f"Feil i {name}.")
    form.add_error(None, NON_FIELD_MESSAGE)
    return form


@dataclass
class Page:
    """The drawn form as elements, each with the elements around it."""

    root: Element
    by_id: dict[str, Element] = field(default_factory=dict)
    parents: dict[int, list[Element]] = field(default_factory=dict)

    @classmethod
    def of(cls, html: str) -> "Page":
        page = cls(parse_html(html))
        for element, ancestors in page.walk(page.root, []):
            page.parents[id(element)] = ancestors
            if element_id := attribute(element, "id"):
                assert element_id not in page.by_id, f"id {element_id} twice"
                page.by_id[element_id] = element
        return page

    def walk(self, element, ancestors) -> Iterator[tuple[Element, list[Element]]]:
        for child in element.children:
            if isinstance(child, Element):
                yield child, ancestors
                yield from self.walk(child, [*ancestors, child])

    def elements(self) -> Iterator[Element]:
        return (element for element, _ in self.walk(self.root, []))

    def controls(self, name: str) -> list[Element]:
        return [
            element
            for element in self.elements()
            if element.name in CONTROLS and attribute(element, "name") == name
        ]

    def described_by(self, element: Element) -> set[str]:
        """The ids the element, or the fieldset around it, names in aria-describedby."""
        ids = set((attribute(element, "aria-describedby") or "").split())
        for ancestor in self.parents[id(element)]:
            if ancestor.name == "fieldset":
                ids |= set((attribute(ancestor, "aria-describedby") or "").split())
        return ids


def attribute(element: Element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def text(element: Element) -> str:
    return "".join(
        text(child) if isinstance(child, Element) else str(child) for child in element.children
    )


def test_every_form_is_drawn_by_the_one_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_the_walk_finds_the_forms_of_every_app():
    modules = [cls.__module__.split(".") for cls in form_classes()]
    apps = {module[1] for module in modules if module[0] == "sammen"}
    assert apps >= {"childrens_map", "engagement", "gjestebud", "imports", "inputs", "portal"}


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda cls: cls.__qualname__)
def test_every_error_is_linked_to_its_field(form_class, process):
    form = with_every_error(form_class, process)
    page = Page.of(str(form))

    general = page.by_id[non_field_errors_id(form)]
    assert NON_FIELD_MESSAGE in text(general)
    for bound in form:
        error_id = f"{bound.auto_id}_error"
        if bound.is_hidden:
            assert all(message in text(general) for message in bound.errors), bound.name
            continue
        assert all(message in text(page.by_id[error_id]) for message in bound.errors), bound.name
        controls = page.controls(bound.html_name)
        assert controls, f"{bound.name} is not drawn"
        for control in controls:
            assert attribute(control, "aria-invalid") == "true", bound.name
            assert error_id in page.described_by(control), bound.name
            if bound.help_text:
                assert f"{bound.auto_id}_helptext" in page.described_by(control), bound.name


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda cls: cls.__qualname__)
def test_every_id_a_form_refers_to_is_on_the_page(form_class, process):
    page = Page.of(str(with_every_error(form_class, process)))
    for element in page.elements():
        for name in ("aria-describedby", "for"):
            for element_id in (attribute(element, name) or "").split():
                assert element_id in page.by_id, f"{name}={element_id} points at nothing"
        if element.name == "a" and (attribute(element, "href") or "").startswith("#"):
            assert attribute(element, "href")[1:] in page.by_id


def test_the_summary_links_each_error_of_a_formset_to_its_field_with_its_number():
    class Row(Form):
        text = CharField(label="Innspill")

    rows = formset_factory(Row, extra=2)({"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"})
    rows.forms[0].empty_permitted = False
    rows.forms[1].empty_permitted = False

    html = Template("{% load sammen_forms %}{% form_errors rows %}").render(Context({"rows": rows}))

    page = Page.of(html)
    links = [(attribute(a, "href"), text(a)) for a in page.elements() if a.name == "a"]
    assert links == [
        ("#id_form-0-text", "Innspill (nr. 1): Feltet er påkrevet."),
        ("#id_form-1-text", "Innspill (nr. 2): Feltet er påkrevet."),
    ]


def test_the_summary_leaves_out_the_colon_after_a_question():
    class Question(Form):
        where = CharField(label="Hvor går veien?")

    html = Template("{% load sammen_forms %}{% form_errors form %}").render(
        Context({"form": Question({})})
    )

    assert "Hvor går veien? Feltet er påkrevet." in html


def test_the_summary_says_nothing_when_nothing_is_wrong():
    class Question(Form):
        where = CharField(label="Hvor?", required=False)

    html = Template("{% load sammen_forms %}{% form_errors form %}").render(
        Context({"form": Question({})})
    )

    assert html.strip() == ""
