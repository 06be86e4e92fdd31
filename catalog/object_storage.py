"""Where uploads live: this machine's disk, or S3-compatible object storage, from the environment.

Several app servers can share one truth only if they share the files too: with
`MEDIA_STORAGE=s3`, documents, audio and images go to a bucket through django-storages, and every
server reads them from there. The bucket stays private: no object is public, no address of the
bucket appears in any page, and every document still goes through the privacy check
(catalog.object_downloads serves it after the check, streamed by the app or, for plain
downloads, by a short-lived presigned address).

Everything is read here, once, when settings load, so that a mistake in the environment stops
the app at start with a message saying which variable is wrong, not at the first upload. The
storage is configured through its own OPTIONS, not Django's global AWS_* settings, so nothing
else that uses boto3 picks the bucket's credentials up by accident.
"""

from collections.abc import Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured

STORAGE_KINDS = ("filesystem", "s3")
DOWNLOAD_MODES = ("stream", "presigned")
DEFAULT_PRESIGNED_SECONDS = 60
# S3 refuses presigned addresses valid for longer than a week.
MAX_PRESIGNED_SECONDS = 7 * 24 * 3600
# A bucket that does not answer must not hold a request for long: two attempts, each giving up
# after CONNECT_TIMEOUT seconds without a connection or READ_TIMEOUT seconds without a byte.
CONNECT_TIMEOUT = 3
READ_TIMEOUT = 10
TOTAL_ATTEMPTS = 2
# Anything django-storages still reads whole (an image's original, for a rendition) spills to a
# temporary file past this size instead of filling the process's memory.
MAX_MEMORY_BYTES = 8 * 1024 * 1024


class MediaSettings(NamedTuple):
    """The settings `media_settings` derives from the environment."""

    kind: str  # MEDIA_STORAGE: "filesystem" or "s3"
    storage: dict[str, Any]  # STORAGES["default"]
    downloads: str  # MEDIA_S3_DOWNLOADS: "stream" or "presigned"
    presigned_seconds: int  # MEDIA_S3_PRESIGNED_SECONDS


def _choice(environ: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = environ.get(name, "").strip().lower() or choices[0]
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def _presigned_seconds(environ: Mapping[str, str]) -> int:
    value = environ.get("MEDIA_S3_PRESIGNED_SECONDS", "").strip()
    if not value:
        return DEFAULT_PRESIGNED_SECONDS
    if not value.isdigit() or not 1 <= int(value) <= MAX_PRESIGNED_SECONDS:
        raise ImproperlyConfigured(
            f"MEDIA_S3_PRESIGNED_SECONDS must be a whole number of seconds from 1 to "
            f"{MAX_PRESIGNED_SECONDS}, not {value!r}."
        )
    return int(value)


def _endpoint_url(environ: Mapping[str, str]) -> str | None:
    value = environ.get("MEDIA_S3_ENDPOINT_URL", "").strip()
    if value and not value.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"MEDIA_S3_ENDPOINT_URL must start with https:// (or http://), not {value!r}."
        )
    return value or None


def _credentials(environ: Mapping[str, str]) -> dict[str, str]:
    """The access key pair if given; empty, boto3 looks for credentials itself (environment,
    shared files, the instance's role)."""
    key_id = environ.get("MEDIA_S3_ACCESS_KEY_ID", "").strip()
    secret = environ.get("MEDIA_S3_SECRET_ACCESS_KEY", "").strip()
    if bool(key_id) != bool(secret):
        raise ImproperlyConfigured(
            "Set both MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY, or neither (to use "
            "boto3's own credentials: environment, shared files or the instance's role)."
        )
    return {"access_key": key_id, "secret_key": secret} if key_id else {}


def s3_storage(environ: Mapping[str, str], presigned_seconds: int) -> dict[str, Any]:
    """STORAGES["default"] for the bucket the environment names."""
    from botocore.config import Config  # only deployments with a bucket need botocore loaded

    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET, the bucket's name.")
    client_config = Config(
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        retries={"total_max_attempts": TOTAL_ATTEMPTS, "mode": "standard"},
        # Presigned addresses carry their lifetime (X-Amz-Expires) and work in every region.
        signature_version="s3v4",
    )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": _endpoint_url(environ),
        "region_name": environ.get("MEDIA_S3_REGION", "").strip() or None,
        # No ACL is sent: objects get the bucket's own, private by default (and buckets that
        # enforce the owner's rights refuse any ACL at all).
        "default_acl": None,
        "querystring_auth": True,  # any address of an object is signed and short-lived
        "querystring_expire": presigned_seconds,
        "file_overwrite": False,  # a new upload never replaces another's file
        "client_config": client_config,
        "max_memory_size": MAX_MEMORY_BYTES,
        **_credentials(environ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_settings(environ: Mapping[str, str]) -> MediaSettings:
    """MEDIA_STORAGE and the MEDIA_S3_* variables, checked; ImproperlyConfigured if wrong."""
    kind = _choice(environ, "MEDIA_STORAGE", STORAGE_KINDS)
    downloads = _choice(environ, "MEDIA_S3_DOWNLOADS", DOWNLOAD_MODES)
    presigned_seconds = _presigned_seconds(environ)
    if kind == "filesystem":
        storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    else:
        storage = s3_storage(environ, presigned_seconds)
    return MediaSettings(kind, storage, downloads, presigned_seconds)
