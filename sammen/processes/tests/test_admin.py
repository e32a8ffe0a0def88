import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from sammen.accounts.services import create_staff_user
from sammen.core.models import AuditEntry
from sammen.engagement.models import Activity
from sammen.processes.models import Phase

from .factories import make_process

SAMMEN_APPS = ["processes", "engagement", "inputs", "core"]
REGISTERED = [
    model
    for label in SAMMEN_APPS
    for model in apps.get_app_config(label).get_models()
    if admin.site.is_registered(model)
]
FILTERED = [model for model in REGISTERED if admin.site.get_model_admin(model).list_filter]


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def ids(model) -> str:
    return model._meta.label_lower


def test_every_sammen_app_has_models_in_the_admin():
    assert {model._meta.app_label for model in REGISTERED} == set(SAMMEN_APPS)


class TestAdminWithBorgen:
    @pytest.fixture
    def borgen(self, borgen_for_class, db):
        return borgen_for_class

    @pytest.fixture
    def superuser_client(self, client, borgen):
        # A second process, so that filters by process have a choice to offer.
        make_process(slug="fornebu", name="Fornebu")
        superuser = create_staff_user(
            actor=None, username="admin", password="Borgen-2016-admin", superuser=True
        )
        client.force_login(superuser)
        return client

    @pytest.mark.parametrize("model", REGISTERED, ids=ids)
    def test_changelist_renders(self, superuser_client, model):
        response = superuser_client.get(changelist_url(model))

        assert response.status_code == 200

    @pytest.mark.parametrize("model", REGISTERED, ids=ids)
    def test_changelist_renders_with_a_search_term(self, superuser_client, model):
        response = superuser_client.get(changelist_url(model), {"q": "Borgen"})

        assert response.status_code == 200

    @pytest.mark.parametrize("model", FILTERED, ids=ids)
    def test_changelist_renders_with_its_first_list_filter_and_a_search_term(
        self, superuser_client, model
    ):
        changelist = superuser_client.get(changelist_url(model), {"q": "Borgen"}).context["cl"]
        choices = list(changelist.filter_specs[0].choices(changelist))
        choice = next(choice for choice in choices if not choice["selected"])

        response = superuser_client.get(changelist_url(model) + choice["query_string"])

        assert response.status_code == 200
        assert response.context["cl"].has_active_filters

    def test_adding_a_phase_that_ends_before_it_starts_shows_the_norwegian_error(
        self, superuser_client, borgen
    ):
        response = superuser_client.post(
            reverse("admin:processes_phase_add"),
            {
                "process": borgen.pk,
                "order": 6,
                "kind": Phase.Kind.OTHER,
                "title": "Baklengs",
                "starts_on": "2017-05-01",
                "ends_on": "2017-04-01",
                "influence_level": Phase.InfluenceLevel.CONSULT,
            },
        )

        assert response.status_code == 200
        assert "Fasen kan ikke slutte før den starter." in response.text
        assert borgen.phases.count() == 5
        assert not AuditEntry.objects.filter(verb="phase.create", actor__isnull=False).exists()

    def test_adding_an_activity_with_more_low_than_high_participants_shows_the_error(
        self, superuser_client, borgen
    ):
        before = Activity.objects.count()

        response = superuser_client.post(
            reverse("admin:engagement_activity_add"),
            {
                "method": borgen.methods.first().pk,
                "title": "Ekstra nærmiljøkonferanse",
                "participants_low": 40,
                "participants_high": 30,
            },
        )

        assert response.status_code == 200
        assert "Det laveste deltakertallet kan ikke være større enn det høyeste." in response.text
        assert Activity.objects.count() == before

    def test_adding_an_activity_with_only_the_low_count_saves_an_exact_count(
        self, superuser_client, borgen
    ):
        response = superuser_client.post(
            reverse("admin:engagement_activity_add"),
            {
                "method": borgen.methods.first().pk,
                "title": "Ekstra nærmiljøkonferanse",
                "participants_low": 40,
            },
        )

        assert response.status_code == 302
        activity = Activity.objects.get(title="Ekstra nærmiljøkonferanse")
        assert (activity.participants_low, activity.participants_high) == (40, 40)
