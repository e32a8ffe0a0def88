import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.documents.models import DocumentVersion
from sammen.documents.services import create_document_version
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


def test_versions_of_one_kind_are_numbered_in_turn():
    process = make_process()
    first = create_document_version(actor=None, process=process, kind="temaplan", title="Temaplan")
    second = create_document_version(actor=None, process=process, kind="temaplan", title="Temaplan")
    report = create_document_version(
        actor=None, process=process, kind="participation_report", title="Rapport"
    )
    assert (first.number, second.number, report.number) == (1, 2, 1)


def test_creating_a_version_is_audited_under_its_process():
    process = make_process()
    version = create_document_version(actor=None, process=process, kind="temaplan", title="T")
    entry = AuditEntry.objects.get(verb="documentversion.create", object_id=str(version.pk))
    assert entry.changes == {"kind": "temaplan", "number": 1, "stage": "draft"}


def test_an_unknown_kind_is_refused_and_nothing_saved():
    process = make_process()
    with pytest.raises(ValidationError):
        create_document_version(actor=None, process=process, kind="brosjyre", title="T")
    assert not DocumentVersion.objects.exists()
