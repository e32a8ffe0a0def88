import pytest
from django.urls import reverse

from sammen.opinions.models import Conversation, Statement, Vote
from sammen.opinions.views import VOTER_COOKIE

from .factories import make_conversation, make_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():
    return make_conversation()


def page_url(conversation, name="opinions:vote_page"):
    return reverse(name, args=[conversation.activity.method.process.slug, conversation.pk])


def test_the_page_shows_one_statement_with_three_buttons(client, conversation):
    make_statements(conversation, "Flere benker.", "Færre biler.")
    response = client.get(page_url(conversation))
    content = response.content.decode()
    assert "Flere benker." in content and "Færre biler." not in content
    for value in ("agree", "disagree", "pass"):
        assert f'name="choice" value="{value}"' in content


def test_the_page_gives_the_voter_cookie_and_votes_need_it(client, conversation):
    (statement,) = make_statements(conversation, "Flere benker.")
    response = client.post(
        page_url(conversation, "opinions:vote"),
        {"statement": statement.pk, "choice": "agree"},
        follow=True,
    )
    assert not Vote.objects.exists()
    assert "informasjonskapselen" in response.content.decode()
    # The page just drawn gave the cookie.
    assert VOTER_COOKIE in client.cookies
    client.post(
        page_url(conversation, "opinions:vote"), {"statement": statement.pk, "choice": "agree"}
    )
    assert Vote.objects.count() == 1


def test_a_vote_without_javascript_is_stored_and_redirected(client, conversation):
    first, _second = make_statements(conversation, "Flere benker.", "Færre biler.")
    client.get(page_url(conversation))
    response = client.post(
        page_url(conversation, "opinions:vote"), {"statement": first.pk, "choice": "agree"}
    )
    assert response.status_code == 302
    assert response.url == page_url(conversation)
    assert Vote.objects.get().choice == Vote.Choice.AGREE
    page = client.get(response.url).content.decode()
    assert "Færre biler." in page and "Stemmen din er lagret." in page


def test_the_same_browser_keeps_one_voter(client, conversation):
    client.get(page_url(conversation))
    first, second = make_statements(conversation, "Flere benker.", "Færre biler.")
    vote_url = page_url(conversation, "opinions:vote")
    client.post(vote_url, {"statement": first.pk, "choice": "agree"})
    client.post(vote_url, {"statement": second.pk, "choice": "disagree"})
    client.post(vote_url, {"statement": first.pk, "choice": "pass"})
    assert Vote.objects.values("voter").distinct().count() == 1
    assert sorted(Vote.objects.values_list("choice", flat=True)) == [-1, 0]


def test_a_vote_with_htmx_answers_with_the_next_card(client, conversation):
    client.get(page_url(conversation))
    first, _second = make_statements(conversation, "Flere benker.", "Færre biler.")
    response = client.post(
        page_url(conversation, "opinions:vote"),
        {"statement": first.pk, "choice": "disagree"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="stemme"' in content and "Færre biler." in content


def test_a_vote_on_a_pending_statement_is_refused_with_a_message(client, conversation):
    client.get(page_url(conversation))
    statement = Statement.objects.create(
        conversation=conversation, number=5, text="Skjult", author_kind="participant"
    )
    response = client.post(
        page_url(conversation, "opinions:vote"),
        {"statement": statement.pk, "choice": "agree"},
        follow=True,
    )
    assert "ikke synlig" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_statement_without_javascript_waits_for_moderation(client, conversation):
    client.get(page_url(conversation))
    response = client.post(
        page_url(conversation, "opinions:add"), {"text": "Mer lys på kvelden", "key": "k"}
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.moderation == Statement.Moderation.PENDING
    assert "godkjent" in client.get(response.url).content.decode()


def test_a_too_long_statement_is_refused_with_the_limit_on_the_form(client, conversation):
    client.get(page_url(conversation))
    response = client.post(page_url(conversation, "opinions:add"), {"text": "x" * 2000})
    assert response.status_code == 400
    assert "høyst 280 tegn" in response.content.decode()
    assert not Statement.objects.exists()


def test_a_statement_from_a_bot_is_not_stored(client, conversation):
    client.post(page_url(conversation, "opinions:add"), {"text": "Kjøp nå", "website": "x"})
    assert not Statement.objects.exists()


def test_statements_are_rate_limited(client, conversation, settings):
    client.get(page_url(conversation))
    settings.SAMMEN_OPINIONS_STATEMENT_RATE_LIMIT = (1, 600)
    url = page_url(conversation, "opinions:add")
    client.post(url, {"text": "Én", "key": "a"})
    response = client.post(url, {"text": "To", "key": "b"})
    assert response.status_code == 429
    assert Statement.objects.count() == 1


def test_a_conversation_that_requires_login_asks_for_it(client):
    conversation = make_conversation(requires_login=True)
    (statement,) = make_statements(conversation, "Flere benker.")
    assert "Logg inn for å stemme" in client.get(page_url(conversation)).content.decode()
    response = client.post(
        page_url(conversation, "opinions:vote"), {"statement": statement.pk, "choice": "agree"}
    )
    assert response.status_code == 302
    assert not Vote.objects.exists()


def test_a_verified_citizen_votes_once_whatever_the_browser(client):
    conversation = make_conversation(requires_login=True)
    (statement,) = make_statements(conversation, "Flere benker.")
    session = client.session
    session["sammen_citizen"] = {"provider": "idporten", "pseudonym": "abc", "acr": "high"}
    session.save()
    url = page_url(conversation, "opinions:vote")
    client.post(url, {"statement": statement.pk, "choice": "agree"})
    client.cookies.pop(VOTER_COOKIE, None)
    client.post(url, {"statement": statement.pk, "choice": "disagree"})
    assert list(Vote.objects.values_list("choice", flat=True)) == [-1]


def test_the_process_page_links_to_an_open_conversation(client, conversation):
    process = conversation.activity.method.process
    content = client.get(reverse("portal:process", args=[process.slug])).content.decode()
    assert page_url(conversation) in content


def test_the_public_results_say_when_there_are_too_few_votes(client, conversation):
    make_statements(conversation, "Flere benker.")
    content = client.get(page_url(conversation, "opinions:results")).content.decode()
    assert "for få stemmer" in content
    assert "Stemmene så langt" in content


def test_staff_pages_need_staff(client, conversation):
    process = conversation.activity.method.process
    url = reverse("opinions:staff", args=[process.slug, conversation.activity.pk])
    assert client.get(url).status_code == 302


def test_staff_seed_moderate_and_turn_a_statement_into_an_input(staff_client, conversation):
    process = conversation.activity.method.process
    args = [process.slug, conversation.activity.pk]
    staff_client.post(reverse("opinions:seed", args=args), {"text": "Flere benker", "key": "s"})
    seeded = Statement.objects.get()
    assert seeded.moderation == Statement.Moderation.APPROVED
    pending = Statement.objects.create(
        conversation=conversation, number=1, text="Fra en deltaker", author_kind="participant"
    )
    response = staff_client.post(
        reverse("opinions:moderate", args=[*args, pending.pk]), {"action": "reject"}
    )
    assert response.status_code == 400
    assert "begrunnelse" in response.content.decode()
    staff_client.post(
        reverse("opinions:moderate", args=[*args, pending.pk]),
        {"action": "reject", "reason": "Utenfor saken"},
    )
    pending.refresh_from_db()
    assert (pending.moderation, pending.rejection_reason) == ("rejected", "Utenfor saken")
    staff_client.post(reverse("opinions:to_input", args=[*args, seeded.pk]))
    seeded.refresh_from_db()
    assert seeded.input.text == "Flere benker"
    page = staff_client.get(reverse("opinions:staff", args=args)).content.decode()
    assert "Se innspillet" in page


def test_staff_set_up_a_conversation_on_a_statements_activity(staff_client):
    conversation = make_conversation()
    activity = conversation.activity
    conversation.delete()
    url = reverse("opinions:staff", args=[activity.method.process.slug, activity.pk])
    assert "Sett opp påstandsavstemning" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"question": "Hva med torget?", "is_open": "on"})
    assert response.status_code == 302
    assert Conversation.objects.get(activity=activity).question == "Hva med torget?"


def test_the_activity_page_links_to_the_conversation(staff_client, conversation):
    activity = conversation.activity
    page = staff_client.get(activity.get_absolute_url()).content.decode()
    assert reverse("opinions:staff", args=[activity.method.process.slug, activity.pk]) in page


def test_personal_data_in_a_statement_is_masked_on_public_pages(client, conversation):
    make_statements(conversation, "Ring meg på 98765432 om torget.")
    for name in ("opinions:vote_page", "opinions:results"):
        content = client.get(page_url(conversation, name)).content.decode()
        assert "98765432" not in content
        assert "[telefonnummer skjult]" in content
