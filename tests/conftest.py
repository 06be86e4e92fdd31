"""Fixtures shared by the whole suite."""

import datetime
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from tests import factories


def pytest_configure(config):
    """Passwords hashed with MD5: a real hash costs half a second for each user a test creates or
    signs in (the demo alone creates four). No test checks the hasher; production keeps Django's.

    On a Redis cache (CACHE_URL), each test process gets a Redis database of its own: the
    cache is emptied before every test, and one process's flush must not empty another's."""
    from django.conf import settings

    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if settings.CACHES["default"]["BACKEND"] == "catalog.cache_backends.RedisCache":
        override_settings(CACHES={"default": redis_cache_for_worker(settings, worker)}).enable()


def redis_cache_for_worker(settings, worker: str) -> dict:
    """The Redis cache of the settings, on the database after CACHE_URL's by the worker's number."""
    parts = urlsplit(settings.CACHE_URL)
    first = int(parts.path.strip("/") or 0)
    number = first + int(worker.removeprefix("gw") or 0)
    location = urlunsplit(parts._replace(path=f"/{number}"))
    return {**settings.CACHES["default"], "LOCATION": location}


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """Static files as production serves them: collected, compressed, with hashed names.

    A template naming a static file that does not exist fails the suite, not the deployment.
    """
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a throw-away folder; no cached page outlives its test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


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


def signed_in_to_role(django_user_model, group: str) -> Client:
    """A client signed in as a new user of one of the roles migration 0007 creates."""
    user = django_user_model.objects.create_user(group.split()[-1], password="x")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(db, django_user_model) -> Client:
    """One of the "Catalog editors": write and submit, never publish."""
    return signed_in_to_role(django_user_model, "Catalog editors")


@pytest.fixture
def moderator(db, django_user_model) -> Client:
    """One of the "Catalog moderators": approve and publish."""
    return signed_in_to_role(django_user_model, "Catalog moderators")


@pytest.fixture
def search_catalog(home):
    """A small catalog whose every count is known (see the table in each test module)."""
    terms = {
        "advocacy": factories.discipline("Victim advocacy"),
        "medical": factories.discipline("Medical"),
        "interviewing": factories.discipline("Forensic interviewing"),
        "staff": factories.audience("CAC staff"),
        "caregivers": factories.audience("Caregivers"),
        "screening": factories.topic("Identification and screening"),
        "housing": factories.topic("Housing and shelter"),
    }

    def tags(disciplines=(), audiences=(), topics=()):
        return {
            "disciplines": [terms[name] for name in disciplines],
            "audiences": [terms[name] for name in audiences],
            "topics": [terms[name] for name in topics],
        }

    kit = factories.toolkit(title="Toolkit")
    chapter = factories.chapter(title="CACs of Pennsylvania", slug="pennsylvania")
    show = factories.podcast(title="One in Ten")
    date = datetime.date
    entries = {
        "screening tool": factories.resource(
            kit,
            title="Screening tool",
            resource_type="screening-tool",
            summary="Ten intake questions.",
            publication_date=date(2023, 5, 2),
            **tags(["advocacy"], ["staff"], ["screening"]),
        ),
        "housing checklist": factories.resource(
            kit,
            title="Housing checklist",
            resource_type="checklist",
            language="es",
            summary="Safe places to stay.",
            publication_date=date(2024, 1, 15),
            **tags(["advocacy", "medical"], ["caregivers"], ["housing"]),
        ),
        "interview guide": factories.resource(
            kit,
            title="Interview guide",
            resource_type="guide",
            summary="Adapting the forensic interview.",
            publication_date=date(2022, 3, 1),
            body=[{"type": "paragraph", "value": "<p>Why screening matters first.</p>"}],
            **tags(["interviewing"], ["staff"], ["screening"]),
        ),
        "two-day training": factories.curriculum(
            chapter,
            title="Two-day training",
            summary="Survivor-led training for teams.",
            publication_date=date(2019, 9, 1),
            **tags(["advocacy", "interviewing"], ["staff"], ["screening", "housing"]),
        ),
        "boys episode": factories.episode(
            show,
            title="Boys don't tell",
            summary="Male victims and housing.",
            publication_date=date(2021, 5, 18),
            **tags(["medical"], ["caregivers", "staff"], ["housing"]),
        ),
    }
    members = factories.members_only(
        factories.resource(
            kit,
            title="Members screening worksheet",
            resource_type="template",
            summary="For members.",
            publication_date=date(2025, 11, 12),
            **tags(["advocacy"], ["staff"], ["screening"]),
        )
    )
    draft = factories.resource(
        kit,
        title="Draft screening notes",
        summary="Not published.",
        live=False,
        **tags(["advocacy"], ["staff"], ["screening"]),
    )
    return {"terms": terms, "entries": entries, "members": members, "draft": draft}


def pytest_terminal_summary(terminalreporter) -> None:
    """How many requests tests/test_fuzz.py generated, summed over every worker process."""
    cases = sum(
        value
        for report in terminalreporter.stats.get("passed", [])
        for name, value in report.user_properties
        if name == "generated_cases"
    )
    if cases:
        terminalreporter.write_sep("-", f"tests/test_fuzz.py: {cases} generated requests")


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for a module and rolled back after it: for modules that
    ask many questions of it (relevance, the facets' numbers). A module uses it through an
    autouse fixture that also asks for `db`, so no test sees another test's additions."""
    from tests.test_demo import load_demo

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        load_demo()
        yield media  # its files' folder: MEDIA_ROOT for a module that reads them
        transaction.set_rollback(True)
