"""The municipality's texts in Bokmål, Nynorsk and English: what a visitor sees in each
language, how a fallback to Bokmål is marked, and the helpers the staff forms use."""

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from sammen.contributors.models import ContributorQuestion
from sammen.contributors.services import add_contributor_question
from sammen.core.languages import missing_translations, translated_fields
from sammen.core.translated_migrations import copy_into_bokmal
from sammen.core.translations import set_translations
from sammen.processes.models import Process
from sammen.processes.services import add_target_group
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def render(obj, field, language):
    template = Template("{% load sammen_i18n %}{% trans_field obj field %}")
    with translation.override(language):
        return template.render(Context({"obj": obj, "field": field}))


def test_a_missing_translation_shows_bokmal_marked_with_its_language():
    process = make_process(main_goal="Et godt sted å bo")
    assert render(process, "main_goal", "nn") == '<span lang="nb">Et godt sted å bo</span>'
    assert render(process, "main_goal", "en") == '<span lang="nb">Et godt sted å bo</span>'


def test_bokmal_itself_is_not_marked():
    process = make_process(main_goal="Et godt sted å bo")
    assert render(process, "main_goal", "nb") == "Et godt sted å bo"


def test_a_translation_is_shown_unmarked_in_its_own_language():
    process = make_process(main_goal="Et godt sted å bo")
    set_translations(actor=None, obj=process, texts={"main_goal_nn": "Ein god stad å bu"})
    assert render(process, "main_goal", "nn") == "Ein god stad å bu"
    assert render(process, "main_goal", "en") == '<span lang="nb">Et godt sted å bo</span>'


def test_a_fallback_is_escaped():
    process = make_process(main_goal="<b>mål</b>")
    assert render(process, "main_goal", "en") == '<span lang="nb">&lt;b&gt;mål&lt;/b&gt;</span>'


def test_translated_fields_gives_each_language_with_its_label_and_bokmal_required():
    class TargetGroupForm(forms.ModelForm):
        class Meta:
            model = Process._meta.get_field("target_groups").related_model
            fields = translated_fields("name")

    assert translated_fields("name", "description") == [
        "name_nb",
        "name_nn",
        "name_en",
        "description_nb",
        "description_nn",
        "description_en",
    ]
    form = TargetGroupForm()
    assert [str(form[name].label) for name in form.fields] == [
        "Navn (bokmål)",
        "Navn (nynorsk)",
        "Navn (engelsk)",
    ]
    assert [form.fields[name].required for name in form.fields] == [True, False, False]


def test_set_translations_refuses_a_field_that_is_not_a_translation():
    process = make_process()
    with pytest.raises(ValidationError, match="kan ikke oversettes"):
        set_translations(actor=None, obj=process, texts={"slug": "x"})
    with pytest.raises(ValidationError):
        set_translations(actor=None, obj=process, texts={"name_nb": "Nytt navn"})


def test_empty_nynorsk_names_do_not_collide_in_a_process():
    process = make_process()
    add_target_group(actor=None, process=process, name="Eldre")
    add_target_group(actor=None, process=process, name="Barn")
    assert process.target_groups.filter(name_nn__isnull=True).count() == 2


def test_translated_answer_choices_must_match_the_bokmal_ones():
    process = make_process()
    question = add_contributor_question(
        actor=None,
        process=process,
        key="bor",
        label="Hvor bor du?",
        purpose="For å se.",
        choices=["Her", "Der"],
    )
    with pytest.raises(ValidationError, match="like mange svaralternativer"):
        set_translations(actor=None, obj=question, texts={"choices_en": ["Here"]})
    set_translations(actor=None, obj=question, texts={"choices_en": ["Here", "There"]})
    question.refresh_from_db()
    assert question.choices == ["Her", "Der"]
    assert question.choices_en == ["Here", "There"]


def test_missing_translations_lists_the_languages_each_text_lacks():
    process = make_process(main_goal="Mål")
    set_translations(actor=None, obj=process, texts={"main_goal_en": "Goal"})
    missing = dict(missing_translations(process))
    assert missing["name"] == ["nn", "en"]
    assert missing["main_goal"] == ["nn"]
    assert "description" not in missing  # no Bokmål text, nothing to translate


def test_the_data_migration_copies_existing_texts_into_bokmal():
    process = make_process(main_goal="Mål")
    Process.objects.filter(pk=process.pk).update(main_goal_nb=None, name_nb=None)
    # The migration runs on the historical models, which modeltranslation leaves alone.
    state = MigrationLoader(connection).project_state(("processes", "0005_copy_texts_into_bokmal"))
    copy_into_bokmal("processes", {"process": ("name", "main_goal")})(state.apps, None)
    process.refresh_from_db()
    assert (process.name_nb, process.main_goal_nb) == ("Prosess borgen", "Mål")


@pytest.mark.parametrize(
    ("language", "goal"),
    [
        ("nb", "Borgen er et aktivt, åpent og inkluderende lokalsamfunn"),
        ("nn", "Borgen er eit aktivt, ope og inkluderande lokalsamfunn"),
        ("en", "Borgen is an active, open and inclusive local community"),
    ],
)
def test_the_borgen_page_shows_its_own_texts_in_each_language(client, borgen, language, goal):
    body = in_language(client, language).get(reverse("portal:process", args=["borgen"]))
    body = body.content.decode()
    assert goal in body
    assert 'data-testid="total-participants">748–783<' in body


def test_the_borgen_nynorsk_page_marks_no_translated_text_as_bokmal(client, borgen):
    body = in_language(client, "nn").get(reverse("portal:process", args=["borgen"]))
    body = body.content.decode()
    assert "Samskaping og deltaking" in body
    assert "Føre folk saman" in body
    assert "Vegkartet blir lagt til grunn for temaplanen" in body
    assert '<h1 lang="nb">' not in body


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_input_form_asks_the_questions_in_the_visitors_language(client, borgen, language):
    body = in_language(client, language).get(reverse("portal:input_form", args=["borgen"]))
    body = body.content.decode()
    assert "Vi vil se om" not in body
    assert "Hvor gammel er du?" not in body
    expected = {"nn": "Kor gammal er du?", "en": "How old are you?"}[language]
    assert expected in body
    born = {"nn": "Fødd i Noreg", "en": "Born in Norway"}[language]
    assert born in body
    # The value sent is still the Bokmål answer, so that answers count together.
    assert 'value="Født i Norge"' in body


def test_an_untranslated_question_is_shown_in_bokmal_marked_as_such(client):
    process = make_process(status=Process.Status.ACTIVE)
    add_contributor_question(
        actor=None,
        process=process,
        key="bor",
        label="Hvor bor du?",
        purpose="Vi vil vite det.",
        choices=["Her", "Der"],
    )
    body = in_language(client, "en").get(reverse("portal:input_form", args=[process.slug]))
    body = body.content.decode()
    assert '<span lang="nb">Hvor bor du?</span>' in body
    assert '<span lang="nb">Vi vil vite det.</span>' in body
    assert '<span lang="nb">Her</span>' in body
    assert ContributorQuestion.objects.get().label_nb == "Hvor bor du?"


def test_services_write_bokmal_whatever_the_page_language():
    with translation.override("en"):
        process = make_process(name="Nytt sted")
        group = add_target_group(actor=None, process=process, name="Eldre")
        group.name = "Seniorer"
        group.save()
        assert process.target_groups.get(name="Seniorer") == group
    group.refresh_from_db()
    assert (group.name_nb, group.name_en) == ("Seniorer", None)
    assert Process.objects.filter(pk=process.pk).values_list("name", flat=True).get() == (
        "Nytt sted"
    )


def test_the_original_column_keeps_bokmal_when_saved_in_another_language():
    process = make_process(name="Nytt sted")
    set_translations(actor=None, obj=process, texts={"name_en": "New place"})
    with translation.override("en"):
        assert process.name == "New place"
        process.save()
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM processes_process WHERE id = %s", [process.pk])
        assert cursor.fetchone()[0] == "Nytt sted"
