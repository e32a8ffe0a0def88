import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from sammen.opinions import services
from sammen.opinions.models import Statement, Vote, Voter
from sammen.opinions.polis import read_polis
from sammen.processes.tests.factories import make_process

from .factories import make_conversation, make_statements, vote

pytestmark = pytest.mark.django_db

# A tiny conversation of our own in Pol.is' layout: three statements, three participants.
COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1700000000000,x,0,0,2,0,1,Torget trenger flere benker.\n"
    '1700000001000,x,1,1,1,1,0,"Færre biler, mer lek."\n'
    "1700000002000,x,2,2,0,0,-1,Reklame her\n"
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "1700000003000,x,0,0,1\n"
    "1700000004000,x,0,1,1\n"
    "1700000005000,x,1,0,-1\n"
    "1700000006000,x,1,1,1\n"
    "1700000007000,x,1,0,1\n"
)
PARTICIPANTS = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2\n0,,1,2,2,0,1,1,\n"


def files(**replace):
    chosen = {"comments.csv": COMMENTS, "votes.csv": VOTES, "participants-votes.csv": PARTICIPANTS}
    chosen.update(replace)
    return {name: text.encode() for name, text in chosen.items() if text is not None}


def test_a_pol_is_conversation_is_read_with_the_last_vote_kept():
    parsed = read_polis(files())
    assert [comment.number for comment in parsed.comments] == [0, 1, 2]
    assert parsed.votes[(0, 1)][0] == 1
    assert parsed.participants == {0, 1, 2}


def test_a_missing_column_is_refused_with_its_name():
    broken = COMMENTS.replace("comment-body", "body")
    with pytest.raises(
        ValidationError, match=re.escape("comments.csv mangler kolonnen «comment-body»")
    ):
        read_polis(files(**{"comments.csv": broken}))


def test_a_missing_file_is_refused_with_its_name():
    with pytest.raises(ValidationError, match=re.escape("votes.csv mangler")):
        read_polis(files(**{"votes.csv": None}))


def test_votes_for_an_unknown_statement_are_refused_with_the_row_named():
    broken = VOTES + "1700000008000,x,7,1,1\n"
    with pytest.raises(ValidationError) as refused:
        read_polis(files(**{"votes.csv": broken}))
    assert refused.value.messages == [
        "votes.csv, rad 7: stemmen gjelder påstand 7, som ikke står i comments.csv."
    ]


def test_a_bad_vote_is_refused_with_the_row_named():
    broken = VOTES.replace("1700000006000,x,1,1,1", "1700000006000,x,1,1,5")
    with pytest.raises(ValidationError, match=re.escape("votes.csv, rad 5: «vote» må være")):
        read_polis(files(**{"votes.csv": broken}))


def test_a_participants_column_for_an_unknown_statement_is_refused():
    broken = PARTICIPANTS.replace(",0,1,2\n", ",0,1,9\n", 1)
    with pytest.raises(
        ValidationError, match=re.escape("participants-votes.csv, rad 1: kolonnen «9»")
    ):
        read_polis(files(**{"participants-votes.csv": broken}))


def test_an_import_brings_in_statements_voters_and_latest_votes():
    conversation = make_conversation()
    figures = services.import_polis(actor=None, conversation=conversation, files=files())
    assert figures == {"statements": 3, "participants": 3, "votes": 4}
    statements = {s.number: s for s in Statement.objects.all()}
    assert statements[1].text == "Færre biler, mer lek."
    assert statements[2].moderation == Statement.Moderation.REJECTED
    assert Vote.objects.get(voter__number=0, statement__number=1).choice == 1
    conversation.activity.refresh_from_db()
    assert conversation.activity.participants_low == 2


def test_a_refused_import_stores_nothing():
    conversation = make_conversation()
    with pytest.raises(ValidationError):
        services.import_polis(
            actor=None,
            conversation=conversation,
            files=files(**{"votes.csv": VOTES + "1,x,9,0,1\n"}),
        )
    assert not Statement.objects.exists() and not Voter.objects.exists()


def test_an_import_into_a_conversation_with_statements_is_refused():
    conversation = make_conversation()
    make_statements(conversation, "Fra før")
    with pytest.raises(ValidationError, match=re.escape("allerede")):
        services.import_polis(actor=None, conversation=conversation, files=files())


def test_an_export_reads_back_as_the_same_conversation():
    conversation = make_conversation()
    first, second = make_statements(conversation, "Flere benker", "Ring 22 33 44 55")
    vote(conversation, "ola", first, 1)
    vote(conversation, "ola", second, -1)
    vote(conversation, "kari", first, 0)
    data = services.export_polis_zip(actor=None, conversation=conversation)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        exported = {name: archive.read(name) for name in archive.namelist()}
        header = exported["participants-votes.csv"].decode().splitlines()[0]
    assert header == "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1"
    assert b"22 33 44 55" not in exported["comments.csv"]
    again = make_conversation(make_process(slug="kopi"), question="Kopi")
    assert services.import_polis(actor=None, conversation=again, files=exported) == {
        "statements": 2,
        "participants": 2,
        "votes": 3,
    }


def test_staff_upload_a_pol_is_zip_and_see_a_refusal_named(staff_client):
    conversation = make_conversation()
    args = [conversation.activity.method.process.slug, conversation.activity.pk]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files(**{"votes.csv": VOTES + "1,x,9,0,1\n"}).items():
            archive.writestr(f"samtale/{name}", data)
    buffer.name = "samtale.zip"
    buffer.seek(0)
    response = staff_client.post(reverse("opinions:import", args=args), {"file": buffer})
    assert response.status_code == 400
    assert "votes.csv, rad 7" in response.content.decode()


def test_staff_download_the_conversation_as_a_zip(staff_client):
    conversation = make_conversation()
    make_statements(conversation, "Flere benker")
    args = [conversation.activity.method.process.slug, conversation.activity.pk]
    response = staff_client.get(reverse("opinions:export", args=args))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"comments.csv", "votes.csv", "participants-votes.csv"} <= set(names)


def test_the_command_imports_a_folder_and_names_a_bad_row(tmp_path):
    conversation = make_conversation()
    for name, data in files(**{"votes.csv": VOTES + "1,x,9,0,1\n"}).items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(CommandError, match=re.escape("votes.csv, rad 7")):
        call_command("polis", "import", str(conversation.activity.pk), str(tmp_path))
    (tmp_path / "votes.csv").write_text(VOTES)
    call_command("polis", "import", str(conversation.activity.pk), str(tmp_path))
    assert Vote.objects.count() == 4
