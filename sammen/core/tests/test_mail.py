import datetime

from sammen.core.mail import enqueue_on_commit, recipient_language, retry_delay

from .test_settings import production_env, run  # noqa: F401  (production_env is a fixture)

PRINT_MAIL_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SAMMEN_MAIL_MAX_ATTEMPTS, settings.SAMMEN_MAIL_RETRY_SECONDS, "
    "settings.MAILERS['default']['OPTIONS'].get('timeout'))"
)


def test_each_wait_before_another_attempt_is_twice_the_one_before(settings):
    settings.SAMMEN_MAIL_RETRY_SECONDS = 30

    waits = [retry_delay(attempt) for attempt in (1, 2, 3, 4)]

    assert waits == [datetime.timedelta(seconds=s) for s in (30, 60, 120, 240)]


def test_a_regional_language_variant_gets_the_language_the_site_speaks():
    assert recipient_language("en-GB") == "en"
    assert recipient_language("nn") == "nn"


def test_an_unknown_or_missing_language_gets_the_default():
    assert recipient_language("sv") == "nb"
    assert recipient_language("") == "nb"
    assert recipient_language(None) == "nb"


def test_mail_retries_are_read_from_the_environment(production_env):  # noqa: F811
    production_env.update(
        SAMMEN_MAIL_MAX_ATTEMPTS="3", SAMMEN_MAIL_RETRY_SECONDS="5", SAMMEN_MAIL_TIMEOUT_SECONDS="7"
    )

    result = run(["-c", PRINT_MAIL_SETTINGS], production_env)

    assert result.stdout.split() == ["3", "5", "7"], result.stderr


def test_mail_retries_have_safe_defaults(production_env):  # noqa: F811
    result = run(["-c", PRINT_MAIL_SETTINGS], production_env)

    assert result.stdout.split() == ["8", "60", "30"], result.stderr


def test_a_backend_other_than_smtp_gets_no_timeout_option(production_env):  # noqa: F811
    production_env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"

    result = run(["-c", PRINT_MAIL_SETTINGS], production_env)

    assert result.stdout.split() == ["8", "60", "None"], result.stderr


class RefusingTask:
    """A task whose queue refuses it, as a full disk or a lost database connection would."""

    def enqueue(self, *args):
        raise OSError("the queue is unavailable")


def test_a_queue_that_refuses_the_task_after_the_commit_is_logged_not_raised(
    db, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(RefusingTask(), 12)

    assert "the queue is unavailable" in caplog.text
