"""An S3 endpoint for tests: moto's standalone server over real HTTP, or a real one if configured.

No server that speaks S3 can be installed on these machines, so the object storage tests (and
the two-server test, `make test-cluster`) talk HTTP to moto's server, started in a thread of the
process on a free port. When `S3_TEST_ENDPOINT_URL` is set (with `S3_TEST_BUCKET`,
`S3_TEST_ACCESS_KEY_ID`, `S3_TEST_SECRET_ACCESS_KEY` and `S3_TEST_REGION`), the same tests run
against that endpoint instead, in an existing bucket, each run under a prefix of its own that it
deletes afterwards.

Usable outside pytest:

    server, endpoint_url = start_moto()
    create_bucket(endpoint_url, "media")
    environment = media_environment(endpoint_url, "media")  # MEDIA_STORAGE=s3 and the rest
    ...
    server.stop()
"""

import logging
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

MOTO_BUCKET = "catalog-media"
MOTO_REGION = "us-east-1"
# moto accepts any credentials; these only have to be present, so that boto3 looks no further.
MOTO_KEY_ID = "moto-test-key"
MOTO_SECRET = "moto-test-secret"  # not a secret: moto's server checks nothing


def start_moto(host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadedMotoServer, str]:
    """moto's S3 server, started in a daemon thread on `port` (0: any free port), and its
    address. Stop it with `server.stop()`."""
    # moto's server logs every request through werkzeug; a test's output needs only failures.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    bound_host, bound_port = server.get_host_and_port()
    return server, f"http://{bound_host}:{bound_port}"


def media_environment(
    endpoint_url: str,
    bucket: str = MOTO_BUCKET,
    key_id: str = MOTO_KEY_ID,
    secret: str = MOTO_SECRET,
    region: str = MOTO_REGION,
) -> dict[str, str]:
    """The environment that puts the app's media in `bucket` (catalog.object_storage)."""
    return {
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint_url,
        "MEDIA_S3_REGION": region,
        "MEDIA_S3_ACCESS_KEY_ID": key_id,
        "MEDIA_S3_SECRET_ACCESS_KEY": secret,
    }


def s3_client(environment: dict[str, str]) -> Any:
    """A boto3 client for the endpoint and credentials of `environment`."""
    return boto3.client(
        "s3",
        endpoint_url=environment["MEDIA_S3_ENDPOINT_URL"],
        region_name=environment["MEDIA_S3_REGION"],
        aws_access_key_id=environment["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=environment["MEDIA_S3_SECRET_ACCESS_KEY"],
    )


def create_bucket(endpoint_url: str, bucket: str = MOTO_BUCKET) -> None:
    """Create `bucket` on a moto server (us-east-1 takes no location constraint)."""
    s3_client(media_environment(endpoint_url, bucket)).create_bucket(Bucket=bucket)


@dataclass
class BucketForTests:
    """Where a test run keeps its objects: an endpoint, a bucket and a prefix of its own."""

    environment: dict[str, str]
    prefix: str
    server: ThreadedMotoServer | None = None
    client: Any = field(init=False)

    def __post_init__(self) -> None:
        self.client = s3_client(self.environment)

    @property
    def bucket(self) -> str:
        return self.environment["MEDIA_S3_BUCKET"]

    def stored_keys(self) -> list[str]:
        """Every key under this run's prefix."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}/"
        )
        return [item["Key"] for page in pages for item in page.get("Contents", ())]

    def close(self) -> None:
        """Delete this run's objects, and stop moto if this run started it."""
        for key in self.stored_keys():
            self.client.delete_object(Bucket=self.bucket, Key=key)
        if self.server is not None:
            self.server.stop()


def bucket_for_tests() -> BucketForTests:
    """The configured endpoint (S3_TEST_*), or a moto server started here with its bucket."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    endpoint = os.environ.get("S3_TEST_ENDPOINT_URL", "").strip()
    if endpoint:
        environment = media_environment(
            endpoint,
            os.environ["S3_TEST_BUCKET"],
            os.environ["S3_TEST_ACCESS_KEY_ID"],
            os.environ["S3_TEST_SECRET_ACCESS_KEY"],
            os.environ.get("S3_TEST_REGION", MOTO_REGION),
        )
        return BucketForTests(environment, prefix)
    server, endpoint = start_moto()
    create_bucket(endpoint)
    return BucketForTests(media_environment(endpoint), prefix, server)
