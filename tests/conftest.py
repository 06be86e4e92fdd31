"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests import factories


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """Static files as production serves them: collected, compressed, with hashed names.

    A template naming a static file that does not exist fails the suite, not the deployment.
    """
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
