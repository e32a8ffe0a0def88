"""Error pages speak to the reader, not in Django's words."""


def test_a_missing_object_is_told_in_norwegian_without_the_model_name(client, admin_user):
    from django.urls import reverse

    from sammen.processes.tests.factories import make_process

    process = make_process(slug="borgen")
    client.force_login(admin_user)
    url = reverse("analysis:merge_near_duplicates", args=[process.slug, 999999])
    body = client.post(url).content.decode()
    assert "matches the given query" not in body
    assert "NearDuplicateGroup" not in body
    assert "Siden finnes ikke" in body
