"""The analysis stored and shown: groups, the map with its text alternative, consensus."""

import io

import pytest
from django.urls import reverse

from sammen.opinions.compute import run_analysis
from sammen.opinions.models import ConversationAnalysis, Voter
from sammen.opinions.selectors import results, summary_text

from .factories import make_conversation, make_statements, vote

pytestmark = pytest.mark.django_db

SIDE_A = ["Bygg nytt bibliotek.", "Mer kollektivtrafikk.", "Bilfritt sentrum.", "Flere trær."]
SIDE_B = ["Lavere eiendomsskatt.", "Flere parkeringsplasser.", "Bredere veier.", "Ny bensinpumpe."]
SHARED = "Torget må ryddes for søppel."


@pytest.fixture
def two_sides():
    """Twenty voters in two clear camps who all agree on one statement."""
    conversation = make_conversation()
    side_a = make_statements(conversation, *SIDE_A)
    side_b = make_statements(conversation, *SIDE_B)
    (shared,) = make_statements(conversation, SHARED)
    for n in range(20):
        camp = n % 2
        for statement in side_a:
            vote(conversation, f"v{n}", statement, 1 if camp == 0 else -1)
        for statement in side_b:
            vote(conversation, f"v{n}", statement, -1 if camp == 0 else 1)
        vote(conversation, f"v{n}", shared, 1)
    run_analysis(conversation.pk)
    return conversation


def test_two_camps_make_two_groups_with_their_voters(two_sides):
    analysis = ConversationAnalysis.objects.get(conversation=two_sides)
    groups = analysis.result["groups"]
    assert len(groups) == 2
    numbers = dict(Voter.objects.values_list("pk", "number"))
    camps = [{numbers[member] % 2 for member in group["members"]} for group in groups]
    assert sorted(map(sorted, camps)) == [[0], [1]]
    assert (analysis.participants, analysis.placed, analysis.votes) == (20, 20, 180)


def test_the_text_alternative_says_what_groups_agree_on(two_sides):
    sentences = summary_text(results(two_sides, public=True))
    assert sentences[0].startswith("Gruppe A (10 deltakere) er enig i «")
    assert sentences[-1] == f"Alle grupper er enige om «{SHARED}»."


def test_the_results_page_shows_the_map_with_its_table(client, two_sides):
    process = two_sides.activity.method.process
    url = reverse("opinions:results", args=[process.slug, two_sides.pk])
    content = client.get(url).content.decode()
    assert 'src="data:image/svg+xml;base64,' in content
    assert "Kart over deltakerne og meningsgruppene" in content
    assert "Alle grupper er enige om" in content
    assert "for få stemmer" not in content


def test_a_rerun_keeps_the_groups(two_sides):
    before = ConversationAnalysis.objects.get().result["groups"]
    run_analysis(two_sides.pk)
    after = ConversationAnalysis.objects.get().result["groups"]
    assert {frozenset(g["members"]) for g in before} == {frozenset(g["members"]) for g in after}


def test_too_few_votes_show_how_many_have_voted_enough(client):
    conversation = make_conversation()
    statements = make_statements(conversation, *SIDE_A, *SIDE_B)
    for statement in statements:
        vote(conversation, "ivrig", statement, 1)
    vote(conversation, "rask", statements[0], -1)
    run_analysis(conversation.pk)
    process = conversation.activity.method.process
    content = client.get(reverse("opinions:results", args=[process.slug, conversation.pk]))
    text = content.content.decode()
    assert "for få stemmer til å danne meningsgrupper ennå: 1 deltaker har stemt på minst 7" in text
    assert "9 stemmer fra 2 deltakere." in text


def test_the_participation_report_summarises_the_groups_in_words(two_sides):
    from docx import Document

    from sammen.documents.content import document_content
    from sammen.documents.docx import render_docx

    process = two_sides.activity.method.process
    content = document_content(process, kind="participation_report")
    [summary] = content.opinions
    assert (summary.participants, summary.votes) == (20, 180)
    assert summary.sentences[-1] == f"Alle grupper er enige om «{SHARED}»."
    text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(content))).paragraphs)
    assert "Påstandsavstemninger: meningsgrupper og enighet" in text
    assert f"Alle grupper er enige om «{SHARED}»." in text


def test_stored_state_keeps_the_axes_for_the_next_runs_power_iteration():
    import json

    import numpy as np

    from sammen.opinions import compute
    from sammen.opinions.analysis import analyse
    from sammen.opinions.tests.test_analysis import two_camps

    rows, cols, values, _ = two_camps()

    def run(previous=None):  # statement 12 has no votes yet: its axis entries are NaN
        return analyse(rows, cols, values, n_participants=40, n_statements=13, previous=previous)

    first = run()
    stored = json.loads(json.dumps({"warm": compute._warm_state(first)}, allow_nan=False))
    previous = compute._previous(stored, first.n_participants)
    assert np.isnan(previous.warm.components[:, 12]).all()
    assert np.allclose(previous.warm.components[:, :12], first.warm.components[:, :12])
    second = run(previous)
    assert np.allclose(second.projection, first.projection, atol=1e-3)
