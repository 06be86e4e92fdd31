"""Fixtures shared by the whole suite."""

import pytest
from django.test import Client

from tests import factories


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploads go to a throw-away folder; static files need no collectstatic manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def member(db, django_user_model):
    return django_user_model.objects.create_user("member", password="member-pass-1")


@pytest.fixture
def member_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client
