"""WSGI entry point for gunicorn: `gunicorn catalog.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")

application = get_wsgi_application()
