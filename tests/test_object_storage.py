"""Media in S3-compatible object storage (MEDIA_STORAGE=s3): uploads land in the bucket, files
are served only after the privacy check, streamed in ranges or by a short-lived presigned
address, and what reads files (running time, renditions, the site's logo) reads them there.

Against moto's standalone server over real HTTP, or a real endpoint when S3_TEST_ENDPOINT_URL
is set (tests/object_storage_server.py).
"""

import datetime
import io
import socket
import urllib.error
import urllib.request
import uuid
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from mutagen.mp3 import MP3
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images.views.serve import generate_image_url
from wagtail.models import Site

from catalog.demo.files import silent_mp3, simple_pdf
from catalog.documents import CHUNK_BYTES
from catalog.models import PodcastEpisodePage
from catalog.models.site import SiteSettings
from catalog.object_storage import CONNECT_TIMEOUT, READ_TIMEOUT, media_settings
from tests import factories
from tests.object_storage_server import bucket_for_tests, media_environment
from tests.site_images import SVG, png_image, svg_image

HANDOUT = simple_pdf("Handout", ["A line of the handout."]) + bytes(range(256)) * 600  # ~150 KB
AUDIO = silent_mp3(30)


@pytest.fixture(scope="module")
def bucket():
    target = bucket_for_tests()
    yield target
    target.close()


def use_bucket(settings, bucket, downloads: str = "stream", **environment: str) -> None:
    """Point the default storage at `bucket`, as the environment would in a deployment."""
    media = media_settings({**bucket.environment, "MEDIA_S3_DOWNLOADS": downloads, **environment})
    storage = {**media.storage, "OPTIONS": {**media.storage["OPTIONS"], "location": bucket.prefix}}
    # pytest-django's settings fixture sends setting_changed: Django resets default_storage.
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_STORAGE = media.kind
    settings.MEDIA_S3_DOWNLOADS = media.downloads
    settings.MEDIA_S3_PRESIGNED_SECONDS = media.presigned_seconds


@pytest.fixture
def s3(db, settings, bucket):
    use_bucket(settings, bucket)
    return bucket


@pytest.fixture
def presigned(db, settings, bucket):
    use_bucket(settings, bucket, "presigned", MEDIA_S3_PRESIGNED_SECONDS="45")
    return bucket


@pytest.fixture
def handout(home, s3):
    document = factories.document("Handout", "handout.pdf", HANDOUT)
    factories.resource(document=document)
    return document


@pytest.fixture
def episode(home, s3):
    return factories.episode(audio_file=factories.document("Episode", "episode.mp3", AUDIO))


class GetObjectCalls:
    """Every GetObject the storage's client makes: its parameters and its answer's body."""

    def __init__(self, storage) -> None:
        self.params: list[dict] = []
        self.bodies: list = []
        events = storage.connection.meta.client.meta.events
        events.register("provide-client-params.s3.GetObject", self._params)
        events.register("after-call.s3.GetObject", self._answer)

    def _params(self, params, **kwargs):
        self.params.append(dict(params))

    def _answer(self, parsed, **kwargs):
        self.bodies.append(parsed["Body"])

    def bytes_fetched(self) -> int:
        return sum(body.tell() for body in self.bodies)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def object_key(bucket, document) -> str:
    return f"{bucket.prefix}/{document.file.name}"


# --- Settings ------------------------------------------------------------------------------------


def test_the_default_is_the_filesystem_as_before():
    media = media_settings({})
    assert media.kind == "filesystem"
    assert media.storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert (media.downloads, media.presigned_seconds) == ("stream", 60)


def test_s3_options_keep_objects_private_unique_and_quick_to_give_up():
    media = media_settings(media_environment("https://s3.example.org", "media"))
    options = media.storage["OPTIONS"]
    assert media.storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    config = options["client_config"]
    assert (config.connect_timeout, config.read_timeout) == (CONNECT_TIMEOUT, READ_TIMEOUT)
    assert config.retries["total_max_attempts"] <= 3


def test_without_keys_boto3_finds_credentials_itself():
    options = media_settings({"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": "media"}).storage["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert options["endpoint_url"] is None and options["region_name"] is None


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be one of filesystem, s3"),
        ({"MEDIA_STORAGE": "s3"}, "needs MEDIA_S3_BUCKET"),
        ({"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": " "}, "needs MEDIA_S3_BUCKET"),
        ({"MEDIA_S3_DOWNLOADS": "public"}, "MEDIA_S3_DOWNLOADS must be one of stream, presigned"),
        ({"MEDIA_S3_PRESIGNED_SECONDS": "0"}, "MEDIA_S3_PRESIGNED_SECONDS must be"),
        ({"MEDIA_S3_PRESIGNED_SECONDS": "1e3"}, "MEDIA_S3_PRESIGNED_SECONDS must be"),
        ({"MEDIA_S3_PRESIGNED_SECONDS": "604801"}, "MEDIA_S3_PRESIGNED_SECONDS must be"),
        (
            {"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": "m", "MEDIA_S3_ENDPOINT_URL": "s3.local"},
            "MEDIA_S3_ENDPOINT_URL must start with https://",
        ),
        (
            {"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": "m", "MEDIA_S3_ACCESS_KEY_ID": "key"},
            "Set both MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY, or neither",
        ),
    ],
)
def test_a_wrong_environment_is_a_clear_error_at_start(environment, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        media_settings(environment)


# --- Uploads -------------------------------------------------------------------------------------


def test_an_upload_through_the_admin_lands_in_the_bucket_not_on_disk(
    admin_client, home, s3, settings
):
    file = SimpleUploadedFile("handout.pdf", HANDOUT)
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Handout", "file": file, "collection": 1}
    )
    assert response.status_code == HTTPStatus.FOUND
    document = get_document_model().objects.get(title="Handout")
    stored = s3.client.get_object(Bucket=s3.bucket, Key=object_key(s3, document))
    assert stored["Body"].read() == HANDOUT
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_an_upload_never_replaces_another_file_of_the_same_name(s3):
    first = factories.document("One", "same.pdf", b"%PDF-1.4 one")
    second = factories.document("Two", "same.pdf", b"%PDF-1.4 two")
    assert first.file.name != second.file.name
    assert first.file.storage.open(first.file.name).read() == b"%PDF-1.4 one"


def test_the_bucket_refuses_an_unsigned_request_for_an_object(handout, s3):
    """Objects are private (no ACL sent: the bucket's own): only the app, or a presigned
    address it gives after the check, can fetch one."""
    endpoint = s3.environment["MEDIA_S3_ENDPOINT_URL"]
    address = f"{endpoint}/{s3.bucket}/{object_key(s3, handout)}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(address, timeout=10)  # noqa: S310 - the test bucket
    assert refused.value.code == HTTPStatus.FORBIDDEN


# --- Streamed downloads --------------------------------------------------------------------------


def test_a_public_document_downloads_whole_as_an_attachment(client, handout):
    response = client.get(handout.url)
    assert response.status_code == HTTPStatus.OK
    assert body(response) == HANDOUT
    assert response["Content-Disposition"] == f'attachment; filename="{handout.filename}"'
    assert response["Content-Length"] == str(len(HANDOUT))
    assert response["Content-Type"] == "application/pdf"
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_download_is_streamed_as_the_bucket_sends_it_not_read_whole_first(client, handout):
    calls = GetObjectCalls(handout.file.storage)
    response = client.get(handout.url)
    first_chunk = next(iter(response.streaming_content))
    assert len(first_chunk) == CHUNK_BYTES
    assert calls.bytes_fetched() < len(HANDOUT)  # the rest is still with the bucket
    response.close()


def test_the_headers_are_those_of_a_file_on_disk(client, home, settings, bucket):
    name = f"handout-{uuid.uuid4().hex[:8]}.pdf"  # free in the bucket, which outlives tests
    local = factories.document("Handout", name, HANDOUT)
    factories.resource(document=local)
    on_disk = client.get(local.url)
    use_bucket(settings, bucket)
    remote = factories.document("Handout", name, HANDOUT)
    factories.resource(document=remote)
    in_bucket = client.get(remote.url)
    assert body(in_bucket) == body(on_disk)
    differing = {"Last-Modified"}  # each file's own date
    names = {name for name, _ in on_disk.items()} | {name for name, _ in in_bucket.items()}
    for name in names - differing:
        assert in_bucket.get(name) == on_disk.get(name), name


def test_a_range_is_asked_of_the_bucket_and_answered_206_with_exactly_those_bytes(client, handout):
    calls = GetObjectCalls(handout.file.storage)
    response = client.get(handout.url, HTTP_RANGE="bytes=100-4099")
    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert body(response) == HANDOUT[100:4100]
    assert response["Content-Range"] == f"bytes 100-4099/{len(HANDOUT)}"
    assert response["Content-Length"] == "4000"
    assert response["Content-Disposition"].startswith("attachment")
    assert [call.get("Range") for call in calls.params] == ["bytes=100-4099"]


@pytest.mark.parametrize(("header", "first"), [("bytes=-50", -50), ("bytes=1000-", 1000)])
def test_suffix_and_open_ranges(client, handout, header, first):
    response = client.get(handout.url, HTTP_RANGE=header)
    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert body(response) == HANDOUT[first:]


def test_an_unsatisfiable_range_is_416(client, handout):
    response = client.get(handout.url, HTTP_RANGE=f"bytes={len(HANDOUT)}-")
    assert response.status_code == HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE
    assert response["Content-Range"] == f"bytes */{len(HANDOUT)}"


def test_a_stale_if_range_gets_the_whole_file_and_a_current_one_the_part(client, handout):
    stale = client.get(handout.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == HTTPStatus.OK and body(stale) == HANDOUT
    etag = stale["ETag"]
    current = client.get(handout.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert current.status_code == HTTPStatus.PARTIAL_CONTENT and body(current) == HANDOUT[:10]


def test_a_copy_the_client_holds_is_confirmed_304(client, handout):
    etag = client.get(handout.url)["ETag"]
    response = client.get(handout.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response["ETag"] == etag


def test_a_head_request_fetches_no_bytes(client, handout):
    calls = GetObjectCalls(handout.file.storage)
    response = client.head(handout.url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Length"] == str(len(HANDOUT))
    assert calls.params == []


def test_a_members_only_or_unused_document_is_refused_and_nothing_leaves_for_the_bucket(
    client, member_client, home, s3, settings
):
    members_only = factories.document("Members", "members.pdf", b"%PDF-1.4 members")
    factories.members_only(factories.resource(document=members_only))
    unused = factories.document("Unused", "unused.pdf", b"%PDF-1.4 unused")
    for mode in ("stream", "presigned"):
        settings.MEDIA_S3_DOWNLOADS = mode
        for document in (members_only, unused):
            response = client.get(document.url)
            assert response.status_code == HTTPStatus.FOUND
            assert s3.environment["MEDIA_S3_ENDPOINT_URL"] not in response["Location"]
            assert response["Location"].startswith("/")
            assert member_client.get(unused.url).status_code == HTTPStatus.NOT_FOUND
    assert body(member_client.get(members_only.url, HTTP_RANGE="bytes=0-3")) == b"%PDF"


def test_a_missing_object_is_404(client, handout, s3):
    s3.client.delete_object(Bucket=s3.bucket, Key=object_key(s3, handout))
    assert client.get(handout.url).status_code == HTTPStatus.NOT_FOUND


def test_a_bucket_that_does_not_answer_gets_the_503_page_at_once(client, handout, settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    dead = {**settings.STORAGES["default"]}
    dead["OPTIONS"] = {**dead["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{closed}"}
    settings.STORAGES = {**settings.STORAGES, "default": dead}
    started = datetime.datetime.now()
    response = client.get(handout.url)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"]
    assert datetime.datetime.now() - started < datetime.timedelta(seconds=CONNECT_TIMEOUT * 2)


# --- Presigned downloads -------------------------------------------------------------------------


def test_presigned_mode_redirects_a_plain_download_after_the_check(client, home, presigned):
    document = factories.document("Handout", "handout.pdf", HANDOUT)
    factories.resource(document=document)
    response = client.get(document.url)
    assert response.status_code == HTTPStatus.FOUND
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    address = response["Location"]
    assert address.startswith(presigned.environment["MEDIA_S3_ENDPOINT_URL"])
    query = parse_qs(urlsplit(address).query)
    assert query["X-Amz-Expires"] == ["45"]
    disposition = f'attachment; filename="{document.filename}"'
    assert query["response-content-disposition"] == [disposition]
    with urllib.request.urlopen(address, timeout=10) as fetched:  # noqa: S310 - the test bucket
        assert fetched.read() == HANDOUT
        assert fetched.headers["Content-Disposition"] == disposition


def test_presigned_mode_streams_episode_audio_which_pages_embed(client, home, presigned):
    episode = factories.episode(audio_file=factories.document("Episode", "episode.mp3", AUDIO))
    response = client.get(episode.audio_file.url)
    assert response.status_code == HTTPStatus.OK
    assert body(response) == AUDIO
    part = client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == HTTPStatus.PARTIAL_CONTENT and body(part) == AUDIO[:100]


def test_presigned_mode_streams_ranges_and_embedded_requests(client, home, presigned):
    document = factories.document("Handout", "handout.pdf", HANDOUT)
    factories.resource(document=document)
    part = client.get(document.url, HTTP_RANGE="bytes=0-9")
    assert part.status_code == HTTPStatus.PARTIAL_CONTENT and body(part) == HANDOUT[:10]
    embedded = client.get(document.url, HTTP_SEC_FETCH_DEST="embed")
    assert embedded.status_code == HTTPStatus.OK


# --- Audio ---------------------------------------------------------------------------------------


def test_episode_audio_is_served_in_ranges_and_shared_like_local_audio(client, episode):
    response = client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert body(response) == AUDIO[:100]
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_the_running_time_is_read_from_the_bucket_without_fetching_the_whole_file(home, s3):
    long_audio = silent_mp3(600)  # ~2.4 MB
    document = factories.document("Long episode", "long.mp3", long_audio)
    calls = GetObjectCalls(document.file.storage)
    page = factories.episode(audio_file=document)
    read_in_memory = MP3(io.BytesIO(long_audio)).info.length  # mutagen's estimate, ~597 s
    assert page.duration == datetime.timedelta(seconds=round(read_in_memory))
    assert page.audio_length_bytes == len(long_audio)
    assert 0 < calls.bytes_fetched() < len(long_audio) // 4


# --- Images --------------------------------------------------------------------------------------


def test_an_image_rendition_is_made_from_and_kept_in_the_bucket(client, home, s3):
    cover = png_image("Cover", (800, 800))
    factories.podcast(cover_image=cover)
    response = client.get(generate_image_url(cover, "fill-400x400"))
    assert response.status_code == HTTPStatus.OK
    assert PILImage.open(io.BytesIO(body(response))).size == (400, 400)
    rendition = cover.renditions.get()
    assert object_key(s3, rendition) in s3.stored_keys()
    assert object_key(s3, cover) in s3.stored_keys()


def test_the_site_logo_is_served_from_the_bucket(client, home, s3):
    logo = svg_image()
    SiteSettings.objects.create(site=Site.objects.get(is_default_site=True), logo=logo)
    assert object_key(s3, logo) in s3.stored_keys()
    response = client.get(f"/site-images/logo/{logo.pk}.svg")
    assert response.status_code == HTTPStatus.OK
    assert body(response) == SVG


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_loads_into_the_bucket_and_no_page_names_the_bucket(client, s3):
    call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
    episodes = PodcastEpisodePage.objects.live().public().filter(audio_file__isnull=False)
    episode = episodes.select_related("audio_file").first()
    assert object_key(s3, episode.audio_file) in s3.stored_keys()
    page = client.get(episode.url)
    assert page.status_code == HTTPStatus.OK
    assert s3.environment["MEDIA_S3_ENDPOINT_URL"] not in page.content.decode()
    audio = client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-3")
    assert audio.status_code == HTTPStatus.PARTIAL_CONTENT
    assert body(audio) == episode.audio_file.file.storage.open(episode.audio_file.file.name).read(4)
