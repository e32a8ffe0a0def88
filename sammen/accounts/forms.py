from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammen.core.colours import validate_theme_colour


class LengthCheckedUsername:
    """Django's login form gives the user name a max_length but no validator for it, so a
    user name of any length reached authenticate(), and django-axes stored it in a column of
    255 characters: PostgreSQL refused, and the login page answered 500. Too long is now a
    form error, and a user name no account can have never reaches the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(LengthCheckedUsername, AuthenticationForm):
    pass


class AdminLoginForm(LengthCheckedUsername, AdminAuthenticationForm):
    pass


class AddTeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label=_("Person"))
    role = forms.ChoiceField(label=_("Rolle"))

    def __init__(self, *args, process, **kwargs):
        from django.contrib.auth import get_user_model

        from .models import ProcessMembership

        super().__init__(*args, **kwargs)
        # Everyone the organisation knows may be chosen; the service refuses (with a message
        # that says why) whoever does not belong, if a stale page sends them anyway.
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(
                organisation_memberships__organisation_id=process.organisation_id,
                is_active=True,
                is_staff=True,
            )
            .exclude(process_memberships__process=process)
            .order_by("username")
        )
        self.fields["user"].label_from_instance = _person_label
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Personen kan ikke legges til: bare folk som hører til %(organisation)s og ikke "
            "allerede er med i teamet, kan velges."
        ) % {"organisation": process.organisation}
        self.fields["role"].choices = ProcessMembership.Role.choices


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"))

    def __init__(self, *args, **kwargs):
        from .models import ProcessMembership

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = ProcessMembership.Role.choices


class AuditFilterForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, required=False, label=_("Person"))
    object_type = forms.ChoiceField(required=False, label=_("Objekttype"))
    since = forms.DateField(
        required=False, label=_("Fra og med dato"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("Til og med dato"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people, object_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label
        self.fields["object_type"].choices = [("", _("Alle"))] + [
            (
                str(ct.pk),
                ct.model_class()._meta.verbose_name.capitalize() if ct.model_class() else ct.model,
            )
            for ct in object_types
        ]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Til-datoen kan ikke være før fra-datoen."))
        return data


class AddPersonForm(forms.Form):
    identifier = forms.CharField(
        label=_("Brukernavn eller e-postadresse"),
        max_length=254,
        help_text=_("En ansattkonto som finnes fra før."),
    )
    is_admin = forms.BooleanField(required=False, label=_("Administrator i organisasjonen"))

    def clean_identifier(self):
        from django.contrib.auth import get_user_model

        value = self.cleaned_data["identifier"].strip()
        users = list(
            get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .filter(models.Q(username__iexact=value) | models.Q(email__iexact=value))[:2]
        )
        if not users:
            raise forms.ValidationError(
                _("Fant ingen aktiv ansattkonto med brukernavnet eller e-postadressen «%(value)s».")
                % {"value": value}
            )
        if len(users) > 1:
            raise forms.ValidationError(
                _("Flere kontoer har «%(value)s». Skriv brukernavnet i stedet.") % {"value": value}
            )
        return users[0]


class CreatePersonForm(forms.Form):
    username = forms.CharField(label=_("Brukernavn"), max_length=150)
    email = forms.EmailField(label=_("E-postadresse"), required=False)
    password = forms.CharField(
        label=_("Passord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Gi det til personen på en trygg måte; det kan byttes senere."),
    )
    is_admin = forms.BooleanField(required=False, label=_("Administrator i organisasjonen"))


def _person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class ThemeForm(forms.Form):
    """An organisation's main colour; empty for Designsystemet's default theme."""

    theme_colour = forms.CharField(
        label=_("Hovedfarge"),
        required=False,
        max_length=50,
        help_text=_(
            "Som #rrggbb, for eksempel #0062ba. Knapper får denne fargen med hvit tekst, så "
            "kontrasten mot hvitt må være minst 4,5:1. La feltet stå tomt for standardfargene."
        ),
    )

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "Et bilde (PNG, JPEG eller WebP) som vises øverst på sidene til organisasjonens "
            "prosesser. Det lagres på nytt uten metadata."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Fjern logoen"), required=False)

    def clean_theme_colour(self):
        colour = self.cleaned_data["theme_colour"].strip().lower()
        if colour:
            validate_theme_colour(colour)
        return colour
