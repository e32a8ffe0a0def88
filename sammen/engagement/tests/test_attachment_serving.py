"""An uploaded file never runs as a page on the site's origin: a PDF with a script and an HTML
tail is accepted as a PDF, but served as a download, sandboxed and never sniffed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sammen.engagement.models import ActivityAttachment

from .factories import make_activity, make_method, make_process
from .files import jpeg_upload

pytestmark = pytest.mark.django_db

HOSTILE_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"4 0 obj << /S /JavaScript /JS (app.alert\\('pdf'\\);) >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
    b"<html><body><script>alert(document.cookie)</script></body></html>\n"
)


@pytest.fixture
def activity():
    return make_activity(make_method(make_process()), "Nærmiljøkonferanse 1")


def upload_and_fetch(staff_client, activity, upload):
    args = [activity.method.process.slug, activity.pk]
    staff_client.post(reverse("engagement:attachment_upload", args=args), {"attachments": [upload]})
    attachment = ActivityAttachment.objects.get(activity=activity)
    return staff_client.get(reverse("engagement:attachment", args=[*args, attachment.pk]))


def test_a_pdf_with_a_script_and_an_html_tail_is_served_as_a_sandboxed_download(
    staff_client, activity
):
    upload = SimpleUploadedFile("program.pdf", HOSTILE_PDF, content_type="text/html")

    response = upload_and_fetch(staff_client, activity, upload)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="program.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert b"".join(response.streaming_content) == HOSTILE_PDF


def test_a_photo_is_shown_in_the_page_but_sandboxed_too(staff_client, activity):
    response = upload_and_fetch(staff_client, activity, jpeg_upload())

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["X-Content-Type-Options"] == "nosniff"
