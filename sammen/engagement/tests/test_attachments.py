"""Attachments: stored through the services, served to staff only, deleted with an audit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains, assertRedirects

from sammen.core.models import AuditEntry
from sammen.core.selectors import audit_trail, scoped_entries
from sammen.engagement.models import ActivityAttachment
from sammen.engagement.services import add_attachments, delete_attachment

from .factories import make_activity, make_method, make_process
from .files import GPS_IFD, jpeg_upload, pdf_bytes, pdf_upload, photo_with_gps_and_rotation, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return make_activity(make_method(make_process()), "Nærmiljøkonferanse 1")


def url(name, activity, *extra):
    return reverse(name, args=[activity.method.process.slug, activity.pk, *extra])


def test_add_attachments_stores_every_file(activity, staff_user):
    stored = add_attachments(
        actor=staff_user, activity=activity, files=[jpeg_upload(), pdf_upload()], caption="Bord 3"
    )

    assert [(a.original_name, a.content_type, a.caption, a.uploaded_by) for a in stored] == [
        ("flippover.jpg", "image/jpeg", "Bord 3", staff_user),
        ("skjema.pdf", "application/pdf", "Bord 3", staff_user),
    ]
    assert all(default_storage.exists(a.file.name) for a in stored)


def test_stored_file_name_is_not_the_uploaded_name(activity):
    stored = add_attachments(actor=None, activity=activity, files=[jpeg_upload("../../etc.jpg")])

    name = stored[0].file.name
    assert name.startswith(f"aktiviteter/{activity.pk}/")
    assert "etc" not in name
    assert stored[0].original_name == "etc.jpg"


def test_stored_photo_has_no_gps(activity):
    stored = add_attachments(
        actor=None, activity=activity, files=[upload("foto.jpg", photo_with_gps_and_rotation())]
    )

    with stored[0].file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert dict(image.getexif().get_ifd(GPS_IFD)) == {}


def test_size_is_that_of_the_stored_file(activity):
    stored = add_attachments(actor=None, activity=activity, files=[pdf_upload()])

    assert stored[0].size == len(pdf_bytes()) == stored[0].file.size


def test_add_attachments_writes_one_audit_entry_per_file(activity, staff_user):
    before = AuditEntry.objects.count()

    stored = add_attachments(
        actor=staff_user, activity=activity, files=[jpeg_upload(), pdf_upload()]
    )

    assert AuditEntry.objects.count() == before + 2
    entry = audit_trail(stored[1]).get()
    assert (entry.verb, entry.actor, entry.changes["original_name"]) == (
        "activityattachment.create",
        staff_user,
        "skjema.pdf",
    )


def test_an_attachments_entries_are_filed_under_its_activity(activity, staff_user):
    [attachment] = add_attachments(actor=staff_user, activity=activity, files=[pdf_upload()])
    delete_attachment(actor=staff_user, attachment=attachment)

    assert list(scoped_entries(activity).values_list("verb", flat=True)) == [
        "activityattachment.delete",
        "activityattachment.create",
    ]


def test_one_bad_file_stores_none_of_them(activity, settings):
    with pytest.raises(ValidationError) as error:
        add_attachments(
            actor=None,
            activity=activity,
            files=[jpeg_upload(), upload("tekst.pdf", b"bare tekst")],
        )

    assert error.value.message_dict["attachments"] == [
        "«tekst.pdf» er verken et bilde (JPEG, PNG eller WebP) eller en PDF, "
        "uansett hva filnavnet sier."
    ]
    assert not ActivityAttachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "aktiviteter").exists()


def test_add_attachments_without_files_is_refused(activity):
    with pytest.raises(ValidationError, match=r"Velg minst én fil\."):
        add_attachments(actor=None, activity=activity, files=[])


def test_delete_attachment_removes_row_and_file(
    activity, staff_user, django_capture_on_commit_callbacks
):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(actor=staff_user, attachment=attachment)

    assert not ActivityAttachment.objects.exists()
    assert not default_storage.exists(name)


def test_delete_attachment_is_audited(activity, staff_user):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]
    pk = attachment.pk

    delete_attachment(actor=staff_user, attachment=attachment)

    entry = AuditEntry.objects.get(verb="activityattachment.delete")
    assert (entry.object_id, entry.actor, entry.object_repr) == (str(pk), staff_user, "skjema.pdf")


# The pages


def test_staff_uploads_several_files_at_once(staff_client, activity):
    response = staff_client.post(
        url("engagement:attachment_upload", activity),
        {"attachments": [jpeg_upload(), pdf_upload()], "caption": ""},
    )

    assertRedirects(response, activity.get_absolute_url() + "#vedlegg")
    assert activity.attachments.count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("program.jpg", b"MZ\x90\x00" + b"\x00" * 100, "«program.jpg» er verken et bilde"),
        ("tekst.pdf", b"Referat\n", "«tekst.pdf» er verken et bilde"),
        ("tom.jpg", b"", "«tom.jpg» er tom (0 byte)"),
        ("ødelagt.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "«ødelagt.png» er et skadet"),
    ],
)
def test_bad_upload_is_refused_on_the_page(staff_client, activity, name, data, message):
    response = staff_client.post(
        url("engagement:attachment_upload", activity), {"attachments": [upload(name, data)]}
    )

    assertContains(response, message, status_code=200)
    assert not activity.attachments.exists()


def test_oversized_upload_is_refused_naming_the_limit(staff_client, activity, settings):
    settings.SAMMEN_MAX_UPLOAD_MB = 1
    big = upload("skann.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024) + b"\n%%EOF\n")

    response = staff_client.post(
        url("engagement:attachment_upload", activity), {"attachments": [big]}
    )

    assertContains(
        response, "«skann.pdf» er 2,0 MB. Filer kan være på høyst 1 MB.", status_code=200
    )
    assert not activity.attachments.exists()


def test_upload_without_a_file_is_refused(staff_client, activity):
    response = staff_client.post(url("engagement:attachment_upload", activity), {"caption": "x"})

    assertContains(response, "Velg minst én fil.", status_code=200)


def test_detail_page_shows_an_image_thumbnail_and_a_pdf_link(staff_client, activity):
    photo, pdf = add_attachments(actor=None, activity=activity, files=[jpeg_upload(), pdf_upload()])

    response = staff_client.get(activity.get_absolute_url())

    photo_url = url("engagement:attachment", activity, photo.pk)
    assertContains(response, f'<img src="{photo_url}"')
    assertContains(
        response, f'<a href="{url("engagement:attachment", activity, pdf.pk)}">skjema.pdf</a>'
    )


def test_detail_page_history_lists_uploads_and_deletions(staff_client, staff_user, activity):
    attachment = add_attachments(actor=staff_user, activity=activity, files=[pdf_upload()])[0]
    delete_attachment(actor=staff_user, attachment=attachment)

    response = staff_client.get(activity.get_absolute_url())

    assertContains(response, "lastet opp vedlegget «skjema.pdf» – prosessleder")
    assertContains(response, "slettet vedlegget «skjema.pdf» – prosessleder")


def test_staff_gets_the_file_with_its_type(staff_client, activity):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]

    response = staff_client.get(url("engagement:attachment", activity, attachment.pk))

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert 'filename="skjema.pdf"' in response["Content-Disposition"]


def test_anonymous_visitor_cannot_get_a_file(client, activity):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]

    response = client.get(url("engagement:attachment", activity, attachment.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_non_staff_user_cannot_get_a_file(client, django_user_model, activity):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]
    client.force_login(django_user_model.objects.create_user(username="innbygger"))

    assert (
        client.get(url("engagement:attachment", activity, attachment.pk)).status_code == 404
    )  # no role here: not found


def test_file_of_another_activity_is_not_found(staff_client, activity):
    other = make_activity(activity.method, "En annen")
    attachment = add_attachments(actor=None, activity=other, files=[pdf_upload()])[0]

    assert (
        staff_client.get(url("engagement:attachment", activity, attachment.pk)).status_code == 404
    )


def test_file_missing_from_storage_is_not_found(staff_client, activity):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]
    default_storage.delete(attachment.file.name)

    assert (
        staff_client.get(url("engagement:attachment", activity, attachment.pk)).status_code == 404
    )


def test_staff_deletes_an_attachment(staff_client, activity):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]

    response = staff_client.post(url("engagement:attachment_delete", activity, attachment.pk))

    assertRedirects(
        response, activity.get_absolute_url() + "#vedlegg", fetch_redirect_response=False
    )
    assert not activity.attachments.exists()


def test_delete_by_get_is_not_allowed(staff_client, activity):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]

    response = staff_client.get(url("engagement:attachment_delete", activity, attachment.pk))

    assert response.status_code == 405
    assert activity.attachments.exists()


def test_non_staff_user_cannot_delete_an_attachment(client, django_user_model, activity):
    attachment = add_attachments(actor=None, activity=activity, files=[pdf_upload()])[0]
    client.force_login(django_user_model.objects.create_user(username="innbygger"))

    response = client.post(url("engagement:attachment_delete", activity, attachment.pk))

    assert response.status_code == 404  # no role here: not found
    assert activity.attachments.exists()
