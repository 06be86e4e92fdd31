"""Two app servers, one truth: `make test-cluster` (python -m tests.cluster).

Starts two gunicorn servers on different ports, with production settings (DEBUG off, the page
cache on, HTTPS behind a proxy), sharing what a deployment shares and nothing else: a PostgreSQL
database of their own (`<name>_cluster` beside CLUSTER_POSTGRES_URL's), the Redis cache
(CLUSTER_REDIS_URL, database 14 by default, emptied first) and an S3 bucket (moto's standalone
server over HTTP, started here: no S3 server can be installed on these machines). Each server
has its own MEDIA_ROOT, which must stay empty. Then, as editors and visitors would:

1. a draft published through server A (the admin's bulk publish) is on server B's very next
   search and page, though B had that search cached;
2. making it members-only through A (the admin's privacy form) is enforced by B at once;
3. a member signed in on A is signed in on B, and sees the members-only entry there;
4. a document uploaded through A's admin is served by B, byte for byte, and refused there to
   anonymous visitors (no page uses it yet);
5. a link check asked for in A's admin waits in the database until `manage.py db_worker
   --backend links --batch` runs it (django-tasks' database backend: no broker), and B shows it
   finished;
6. with the database paused (ALLOW_CONNECTIONS false, its connections ended: the machine's
   server keeps running), both servers answer every page with the plain 503 page, quickly,
   /readyz/ says "database", /healthz/ stays 200; once it is allowed again both serve pages,
   without a restart.

Prints each check; exits 1 on the first failure, with what was seen.
"""

import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import redis

from bench.server import environment, free_port, manage, recreate_postgres_database
from bench.server import serve as start_gunicorn
from tests.object_storage_server import create_bucket, media_environment, s3_client, start_moto

POSTGRES_URL = os.environ.get("CLUSTER_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/catalog")
REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/14")
ADMIN_PASSWORD = "cluster-admin-" + uuid.uuid4().hex  # a throw-away database's throw-away users
MEMBER_PASSWORD = "cluster-member-" + uuid.uuid4().hex
WORD = "zanzibarqx"  # in the draft's title only: found by nothing else
SLOW_SECONDS = 3.5  # DATABASE_CONNECT_TIMEOUT (3 s) and a little


class Failed(Exception):
    pass


def check(condition: bool, what: str, seen: object = "") -> None:
    if not condition:
        raise Failed(f"{what}: {seen}"[:2000])
    print(f"  ok  {what}")


class Visitor:
    """One browser: its own cookies, sent to whichever server it asks, as through a proxy."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, base: str, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> tuple[int, dict, bytes, float]:
        parts = urlsplit(base)
        sent = {
            "Host": parts.netloc,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            **(headers or {}),
        }
        if method == "POST":  # CSRF: an HTTPS request's origin must be the site's own
            sent |= {"Origin": f"https://{parts.netloc}", "Referer": f"https://{parts.netloc}/"}
        started = time.monotonic()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, dict(response.headers), content, time.monotonic() - started

    def get(self, base: str, path: str) -> tuple[int, dict, bytes, float]:
        return self.request(base, "GET", path)

    def post(self, base: str, path: str, fields: dict[str, str]) -> tuple[int, dict, bytes, float]:
        fields = {"csrfmiddlewaretoken": self.csrf_token(base, path), **fields}
        content_type = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(base, "POST", path, urlencode(fields).encode(), content_type)

    def post_file(self, base: str, path: str, fields: dict[str, str], name: str,
                  filename: str, data: bytes) -> tuple[int, dict, bytes, float]:  # fmt: skip
        fields = {"csrfmiddlewaretoken": self.csrf_token(base, path), **fields}
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            .encode() for key, value in fields.items()
        ]  # fmt: skip
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + data + b"\r\n"
        )  # fmt: skip
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request(base, "POST", path, body, headers)

    def csrf_token(self, base: str, path: str) -> str:
        """The CSRF token, once the page holding the form has been asked for (as a browser
        would): Django accepts the cookie's own value in the form."""
        status = self.get(base, path)[0]
        if status != 200 or "csrftoken" not in self.cookies:
            raise Failed(f"no form at {path} (status {status})")
        return self.cookies["csrftoken"]


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code, capture=True).strip()


SETUP = f"""
from django.contrib.auth import get_user_model
from catalog.members.access import members_group
from catalog.models import ToolkitPage, ResourcePage
User = get_user_model()
User.objects.create_superuser("cluster-admin", "admin@example.org", "{ADMIN_PASSWORD}")
member = User.objects.create_user("cluster-member", "member@example.org", "{MEMBER_PASSWORD}")
member.groups.add(members_group())
toolkit = ToolkitPage.objects.live().first()
draft = ResourcePage(title="The {WORD} protocol", slug="{WORD}-protocol",
                     summary="A draft no server has shown yet.", resource_type="guide", live=False)
toolkit.add_child(instance=draft)
draft.save_revision()
print(draft.pk, draft.url_path.split("/", 2)[2])
"""


def setup(database_url: str, media: dict) -> tuple[dict, int, str]:
    """The shared database (demo content, an admin, a member, a draft) and servers' settings."""
    recreate_postgres_database(database_url)
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = environment(database_url, cache_seconds=300) | media | {
        "CACHE_BACKEND": "redis",
        "CACHE_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_CONNECT_TIMEOUT": "3",
        "LOG_LEVEL": "CRITICAL",  # the outage's connection errors are expected here
    }  # fmt: skip
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_demo", "--allow-without-debug", capture=True)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    draft_id, path = shell(env, SETUP).split()
    return env, int(draft_id), "/" + path


def sign_in_to_admin(visitor: Visitor, base: str) -> None:
    status, _, _, _ = visitor.post(
        base, "/admin/login/", {"username": "cluster-admin", "password": ADMIN_PASSWORD}
    )
    check(status == 302, "the admin signs in on server A", status)


def publish_and_search(a: str, b: str, admin: Visitor, draft_id: int, path: str) -> None:
    anonymous = Visitor()
    search = f"/search/?q={WORD}"
    for _ in range(2):  # the second answer comes from the cache
        status, _, content, _ = anonymous.get(b, search)
    check(status == 200 and path.encode() not in content, "B's cached search lacks the draft")
    check(anonymous.get(b, path)[0] == 404, "B has no page for the draft")

    bulk = f"/admin/bulk/wagtailcore/page/publish/?id={draft_id}"
    status, _, content, _ = admin.post(a, bulk, {})
    check(status in (200, 302), "A publishes the draft (the admin's bulk publish)", status)

    status, _, content, _ = anonymous.get(b, search)
    check(status == 200 and path.encode() in content, "B's very next search finds it", status)
    check(anonymous.get(b, path)[0] == 200, "B serves its page")


def make_members_only(a: str, b: str, admin: Visitor, draft_id: int, path: str) -> None:
    anonymous = Visitor()
    status, _, content, _ = admin.post(
        a, f"/admin/pages/{draft_id}/privacy/", {"restriction_type": "login"}
    )
    done = status == 200 and json.loads(content).get("step") == "set_privacy_done"
    check(done, "A makes it members-only (the admin's privacy form)", content[:300])
    status, headers, _, _ = anonymous.get(b, path)
    check(status == 302 and "login" in headers.get("Location", ""),
          "B sends anonymous visitors to sign in", (status, headers.get("Location")))  # fmt: skip
    status, _, content, _ = anonymous.get(b, f"/search/?q={WORD}")
    check(status == 200 and path.encode() not in content, "B's search no longer lists it")


def member_on_both(a: str, b: str, path: str) -> None:
    member = Visitor()
    status, _, _, _ = member.post(
        a, "/_util/login/", {"username": "cluster-member", "password": MEMBER_PASSWORD, "next": "/"}
    )
    check(status == 302 and "sessionid" in member.cookies, "the member signs in on A", status)
    check(member.get(b, "/account/")[0] == 200, "the member is signed in on B")
    check(member.get(b, path)[0] == 200, "B shows the member the members-only entry")


def document_on_both(a: str, b: str, admin: Visitor, media: dict, media_roots: list[Path]) -> None:
    data = b"%PDF-1.4\n% cluster test " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"
    status, _, content, _ = admin.post_file(
        a, "/admin/documents/add/", {"title": "Cluster handout", "collection": "1"},
        "file", "cluster-handout.pdf", data,
    )  # fmt: skip
    check(status == 302, "A's admin takes the upload", (status, content[:300]))
    status, _, content, _ = admin.get(a, "/admin/documents/?q=Cluster+handout")
    found = re.search(rb"/admin/documents/edit/(\d+)/", content)
    check(found is not None, "A's admin lists it")
    document_id = int(found.group(1))
    url = f"/documents/{document_id}/cluster-handout.pdf"
    status, _, content, _ = admin.get(b, url)
    check(status == 200 and content == data, "B serves it to staff, byte for byte", status)
    check(Visitor().get(b, url)[0] in (302, 403, 404), "B refuses it to anonymous visitors")
    objects = s3_client(media).list_objects_v2(Bucket=media["MEDIA_S3_BUCKET"])
    names = [item["Key"] for item in objects.get("Contents", [])]
    check(any("cluster-handout" in name for name in names), "it is in the bucket", names[-5:])
    files = [path for root in media_roots for path in root.rglob("*") if path.is_file()]
    check(files == [], "no server kept a file of its own", files[:5])


def background_task(a: str, b: str, admin: Visitor, env: dict) -> None:
    """A link check asked for on A waits in the database; the worker command runs it (no broker,
    no Redis); B shows it finished."""
    status, headers, _, _ = admin.post(a, "/admin/catalog/link-check/", {})
    location = headers.get("Location", "")
    check(status == 302 and "/link-check/" in location, "A queues a link check", status)
    run_page = urlsplit(location).path
    status, _, content, _ = admin.get(b, run_page)
    check(status == 200 and b"Waiting for the background worker" in content, "B shows it waiting")
    started = time.monotonic()
    manage(env, "db_worker", "--backend", "links", "--batch", capture=True)
    seconds = time.monotonic() - started
    status, _, content, _ = admin.get(b, run_page)
    check(status == 200 and b"Finished:" in content,
          f"`manage.py db_worker --backend links --batch` ran it ({seconds:.1f} s); B shows it "
          "finished", content[-500:])  # fmt: skip


def set_connections(database_url: str, allowed: bool) -> None:
    """Pause or resume the cluster's own database (the server keeps running for others)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )


def outage(database_url: str, servers: list[str], path: str) -> None:
    visitor = Visitor()
    pages = ["/", "/search/?q=screening", "/browse/audiences/cac-staff/", path, "/_util/login/"]
    set_connections(database_url, allowed=False)
    try:
        for base in servers:
            for page in pages:
                status, headers, content, seconds = visitor.get(base, page)
                check(
                    status == 503 and headers.get("Retry-After") and b"Traceback" not in content
                    and b"temporarily unavailable" in content and seconds < SLOW_SECONDS,
                    f"paused database: {base[-5:]}{page} is the plain 503 page ({seconds:.2f} s)",
                    (status, content[:200]),
                )  # fmt: skip
            status, _, content, seconds = visitor.get(base, "/readyz/")
            reason = json.loads(content)["checks"]["database"] if status == 503 else content
            check(status == 503 and reason != "ok" and seconds < 2,
                  f"paused database: /readyz/ says so ({reason}, {seconds:.2f} s)")  # fmt: skip
            check(visitor.get(base, "/healthz/")[0] == 200, "paused database: /healthz/ is 200")
    finally:
        set_connections(database_url, allowed=True)
    for base in servers:
        statuses = [visitor.get(base, page)[0] for page in pages]
        check(statuses[1:] == [200, 200, 302, 200] and statuses[0] == 200,
              f"database back: {base[-5:]} serves pages again, no restart", statuses)  # fmt: skip
        check(visitor.get(base, "/readyz/")[0] == 200, "database back: /readyz/ is 200")


def main() -> int:
    parts = urlsplit(POSTGRES_URL)
    database_url = urlunsplit(
        parts._replace(path=f"/{parts.path.lstrip('/') or 'postgres'}_cluster")
    )
    moto, endpoint = start_moto()
    bucket = f"cluster-{uuid.uuid4().hex[:12]}"
    create_bucket(endpoint, bucket)
    media = media_environment(endpoint, bucket)
    workspace = Path(tempfile.mkdtemp(prefix="catalog-cluster-"))
    servers = []
    try:
        print(
            f"== setting up {database_url.rsplit('/', 1)[-1]}, Redis {REDIS_URL}, bucket {bucket}"
        )
        env, draft_id, path = setup(database_url, media)
        roots = []
        for name in ("a", "b"):
            root = workspace / name
            root.mkdir()
            roots.append(root)
            port = free_port()
            server_env = env | {"MEDIA_ROOT": str(root)}
            log = (workspace / f"{name}.log").open("w")  # the outage's tracebacks go there
            process = start_gunicorn(server_env, port, workers=2, log=log)
            servers.append((process, f"http://127.0.0.1:{port}"))
        a, b = servers[0][1], servers[1][1]
        print(f"== two servers: A {a}, B {b}")
        admin = Visitor()
        sign_in_to_admin(admin, a)
        publish_and_search(a, b, admin, draft_id, path)
        make_members_only(a, b, admin, draft_id, path)
        member_on_both(a, b, path)
        document_on_both(a, b, admin, media, roots)
        background_task(a, b, admin, env)
        outage(database_url, [a, b], path)
    except Failed as failure:
        print(f"FAILED {failure}", file=sys.stderr)
        for log in sorted(workspace.glob("*.log")):
            print(f"--- the end of server {log.stem}'s log", file=sys.stderr)
            print(log.read_text()[-4000:], file=sys.stderr)
        return 1
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)
        moto.stop()
        shutil.rmtree(workspace, ignore_errors=True)
        redis.Redis.from_url(REDIS_URL).flushdb()
    print("== test-cluster: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
