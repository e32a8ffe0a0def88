import os

from django.core.wsgi import get_wsgi_application

from config import startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The data folder and, without DJANGO_SECRET_KEY, the key: before the settings read them.
startup.prepare()

application = get_wsgi_application()
