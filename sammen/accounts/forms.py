from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


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
