"""Who took part against the population, on a small world with known answers."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sammen.accounts.tests.factories import make_staff, make_team_member
from sammen.contributors.models import ContributorQuestion
from sammen.contributors.services import add_contributor_question, record_contributor_details
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.tests.factories import make_activity, make_method, make_target_group
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input
from sammen.insights.charts import share_chart
from sammen.insights.population_services import import_population
from sammen.insights.representation import representation
from sammen.processes.tests.factories import make_process

POPULATION = (
    "region,category,value\n"
    "Nabolaget,0-15 år,200\n"
    "Nabolaget,16-66 år,600\n"
    "Nabolaget,67 år eller eldre,200\n"
    "Nabolaget,Innvandrere,250\n"
    "Nabolaget,Norskfødte med innvandrerforeldre,50\n"
    "Nabolaget,Befolkningen ellers,700\n"
)
AGES = ["Under 16 år", "16–66 år", "67 år eller eldre", "Vil ikke svare"]
BORN = ["Født i Norge", "Født i utlandet"]


@pytest.fixture
def process(db):
    return make_process(slug="nabolaget", area="Nabolaget")


def questions(process):
    age = add_contributor_question(
        actor=None,
        process=process,
        key="alder",
        label="Hvor gammel er du?",
        purpose="p",
        choices=AGES,
    )
    born = add_contributor_question(
        actor=None, process=process, key="fodeland", label="Født hvor?", purpose="p", choices=BORN
    )
    return age, born


def answer(process, activity, answers: list[tuple[ContributorQuestion, str]], times: int = 1):
    for _ in range(times):
        item = make_input(process, activity=activity)
        record_contributor_details(actor=None, item=item, answers=dict(answers))


@pytest.fixture
def world(process):
    """45 inputs with answers, 40 of them giving an age (see below)."""
    import_population(
        actor=None, process=process, data=POPULATION.encode(), source="SSB", year=2024
    )
    age, born = questions(process)
    web = make_activity(make_method(process, "Nettskjema", MethodKind.WEB_FORM), "Skjema")
    # 30 adults born in Norway, 6 children born in Norway, 4 older people born abroad, 5 who
    # would rather not say their age.
    answer(process, web, [(age, "16–66 år"), (born, "Født i Norge")], times=30)
    answer(process, web, [(age, "Under 16 år"), (born, "Født i Norge")], times=6)
    answer(process, web, [(age, "67 år eller eldre"), (born, "Født i utlandet")], times=4)
    answer(process, web, [(age, "Vil ikke svare")], times=5)
    return age, born


def group(comparison, choice):
    return next(g for g in comparison.groups if g.choice == choice)


def question(result, key):
    return next(q for q in result.questions if q.question.key == key)


def test_respondents_shares_are_set_against_the_population(process, world):
    ages = question(representation(process), "alder")

    adults = group(ages, "16–66 år")
    assert ages.answered == 45
    assert adults.count == 30
    assert adults.share == Decimal("75.0")  # 30 of the 40 who gave an age
    assert adults.population_share == Decimal("60.0")
    assert group(ages, "Under 16 år").population_share == Decimal("20.0")
    assert not group(ages, "Vil ikke svare").comparable


def test_born_abroad_is_set_against_ssbs_innvandrere(process, world):
    born = question(representation(process), "fodeland")

    assert group(born, "Født i utlandet").population_share == Decimal("25.0")  # 250 of 1000
    assert group(born, "Født i Norge").population_share == Decimal("75.0")


def test_a_group_under_five_is_never_shown_nor_left_to_be_worked_out(process, world, client):
    result = representation(process)
    born = question(result, "fodeland")

    abroad = group(born, "Født i utlandet")
    assert abroad.count is None and abroad.share is None and abroad.via == []
    # Only one small group: the next smallest is hidden with it, so 40 − 36 gives nothing.
    assert group(born, "Født i Norge").count is None
    ages = question(result, "alder")
    assert group(ages, "67 år eller eldre").count is None
    # The shares give away that 40 gave an age: 40 − 30 − 6 would be the four.
    assert group(ages, "Under 16 år").count is None
    assert group(ages, "16–66 år").count == 30
    assert group(ages, "Vil ikke svare").count == 5

    user = make_staff("leser")
    make_team_member(user, process, "reader")
    client.force_login(user)
    html = client.get(reverse("insights:representation", args=[process.slug])).content.decode()
    table = html.split('data-testid="question-fodeland"')[1].split("</table>")[0]
    assert ">4<" not in table and ">36<" not in table
    assert table.count("skjult") == 2


def test_shares_that_would_give_away_a_few_who_would_not_say_are_not_shown(process):
    """Two who would rather not say: the shares of the 30 who gave an age would give away
    that 32 − 30 = 2 said nothing, so no share is shown."""
    import_population(
        actor=None, process=process, data=POPULATION.encode(), source="SSB", year=2024
    )
    age, _born = questions(process)
    answer(process, None, [(age, "16–66 år")], times=20)
    answer(process, None, [(age, "Under 16 år")], times=10)
    answer(process, None, [(age, "Vil ikke svare")], times=2)

    ages = question(representation(process), "alder")

    assert ages.answered == 32 and ages.chart is None and not ages.judged
    assert all(g.share is None for g in ages.groups)
    assert "Andelene vises ikke" in ages.population_missing
    assert group(ages, "Vil ikke svare").count is None


def test_an_under_represented_group_is_flagged_by_the_rule(process, world):
    result = representation(process)
    ages = question(result, "alder")

    # 4 of 40 (10 %) against 20 % of the population: below 0.8 × 20 %.
    assert group(ages, "67 år eller eldre").under
    assert not group(ages, "16–66 år").under
    assert group(ages, "Under 16 år").under  # 6 of 40 (15 %): below 0.8 × 20 % = 16 %
    assert "67 år eller eldre" in result.under


def test_too_few_answers_flag_nothing(process):
    import_population(
        actor=None, process=process, data=POPULATION.encode(), source="SSB", year=2024
    )
    age, _born = questions(process)
    answer(process, None, [(age, "16–66 år")], times=12)

    ages = question(representation(process), "alder")

    assert ages.answered == 12
    assert not ages.judged
    assert not any(g.under for g in ages.groups)


def test_the_methods_that_reached_a_group_are_named(process, world):
    ages = question(representation(process), "alder")

    assert [(via.label, via.count) for via in group(ages, "16–66 år").via] == [("Nettskjema", 30)]


def test_answers_to_inputs_waiting_for_moderation_are_not_counted(process, world):
    age, _born = world
    item = make_input(process, moderation=Input.Moderation.PENDING)
    record_contributor_details(actor=None, item=item, answers={age: "16–66 år"})

    assert question(representation(process), "alder").answered == 45


def test_a_target_groups_activity_counts_for_it_beside_the_answers(process, world):
    immigrants = make_target_group(process, "Innvandrere")
    conference = make_activity(
        make_method(process, "Konferanse", MethodKind.COMMUNITY_EVENT),
        "Konferanse i regi av Somalisk trossamfunn",
        participants_low=70,
    )
    conference.target_groups.add(immigrants)
    make_activity(
        make_method(process, "Møter", MethodKind.CONFERENCE), "Åpent møte", participants_low=130
    )

    result = representation(process)

    (reach,) = result.target_groups
    assert reach.participants.low == reach.participants.high == 70
    assert reach.share_low == Decimal("35.0")  # 70 of 200 participants
    assert reach.population_share == Decimal("25.0")  # SSB's innvandrere, from the table
    assert reach.population_from_table
    assert reach.methods == ["Konferanse"]
    assert not reach.under
    # Beside the answers, not added to them.
    assert question(result, "fodeland").answered == 40
    assert result.groups_chart is not None


def test_a_target_group_reached_too_little_is_flagged(process):
    import_population(
        actor=None, process=process, data=POPULATION.encode(), source="SSB", year=2024
    )
    immigrants = make_target_group(process, "Innvandrere")
    interviews = make_activity(make_method(process), "Intervjuer", participants_low=10)
    interviews.target_groups.add(immigrants)
    make_activity(make_method(process, "Annet"), "Stormøte", participants_low=190)

    (reach,) = representation(process).target_groups

    assert reach.share_high == Decimal("5.0")
    assert reach.under


def test_a_process_with_no_answers_and_no_population_says_what_it_cannot_do(process, client):
    user = make_staff("leder")
    make_team_member(user, process)
    client.force_login(user)

    response = client.get(reverse("insights:representation", args=[process.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "ingen befolkningstabell ennå" in html
    assert "ingen spørsmål om deltakerne" in html
    assert "ingen målgrupper ennå" in html


def test_questions_without_enough_answers_say_so_on_the_page(process, client):
    age, _born = questions(process)
    answer(process, None, [(age, "16–66 år")], times=3)
    user = make_staff("leder")
    make_team_member(user, process)
    client.force_login(user)

    html = client.get(reverse("insights:representation", args=[process.slug])).content.decode()

    assert html.count('data-testid="question-too-few"') == 2
    assert "Færre enn 5 har svart på spørsmålene" in html


def test_each_chart_downloads_as_csv(process, world, client):
    user = make_staff("leser")
    make_team_member(user, process, "reader")
    client.force_login(user)

    response = client.get(
        reverse("insights:representation_csv", args=[process.slug, "representasjon-alder"])
    )
    missing = client.get(reverse("insights:representation_csv", args=[process.slug, "nei"]))

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "Svar,Andel av svarene (%),Andel av befolkningen (%)"
    assert "16–66 år,75.0,60.0" in lines
    assert "67 år eller eldre,,20.0" in lines  # hidden: no share
    assert missing.status_code == 404


def test_the_share_chart_has_title_summary_table_and_ranges():
    chart = share_chart(
        "andeler",
        "Målgrupper",
        "Deltakere mot befolkningen.",
        ["Innvandrere", "Eldre"],
        [(Decimal("10.2"), Decimal("10.7")), None],
        [Decimal("23.1"), None],
        "Målgruppe",
        "Andel (%)",
        "Befolkningen (%)",
    )

    svg = chart.svg()
    assert "<title" in svg and "Deltakere mot befolkningen." in svg
    assert chart.rows == [["Innvandrere", "10.2", "10.7", "23.1"], ["Eldre", "", "", ""]]
    assert chart.png().startswith(b"\x89PNG")


def test_a_table_with_only_the_immigrants_says_it_cannot_give_shares(process):
    import_population(
        actor=None,
        process=process,
        data=b"region,category,value\nNabolaget,Innvandrere,250\n",
        source="SSB",
        year=2024,
    )
    questions(process)

    born = question(representation(process), "fodeland")

    assert "bare én kategori" in born.population_missing
