"""A real OpenID Connect provider for the login tests: django-oauth-toolkit with OIDC on, in
its own Django project (these settings, its own SQLite database), run by serve.py in a
subprocess on 127.0.0.1. Nothing here is part of sammen's own settings."""
