"""Mozilla's ical.js (the iCalendar reader of Thunderbird) for the browser tests.

It comes from the npm registry (`npm pack`) at a pinned version, checked against the
registry's published integrity, and is kept in tests/browser/.icaljs/ (git-ignored) so that
it is fetched once. The tests serve it from the site's own origin: never from a CDN.
"""

import base64
import hashlib
import shutil
import subprocess
import tarfile
from pathlib import Path

VERSION = "2.2.1"
INTEGRITY = (  # `npm view ical.js@2.2.1 dist.integrity`
    "sha512-yK/UlPbEs316igb/tjRgbFA8ZV75rCsBJp/hWOatpyaPNlgw0dGDmU+FoicOcwX4xXkeXOkYiOmCqNPFpNPkQg=="
)
CACHE = Path(__file__).parent / ".icaljs"
MODULE = "package/dist/ical.js"  # the ES module; its default export is ICAL


class Unavailable(Exception):
    """ical.js could not be fetched (no npm, no network): the test cannot run here."""


def fetch(tarball: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise Unavailable("npm is not installed, so ical.js cannot be fetched")
    CACHE.mkdir(exist_ok=True)
    command = [npm, "pack", f"ical.js@{VERSION}", "--pack-destination", str(CACHE), "--silent"]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=180)  # noqa: S603
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        output = getattr(error, "stderr", b"") or b""
        raise Unavailable(f"npm pack ical.js@{VERSION} failed: {output.decode()[-500:]}") from error


def module_source() -> bytes:
    """ical.js's ES module, from the cache or else from the registry."""
    tarball = CACHE / f"ical.js-{VERSION}.tgz"
    if not tarball.is_file():
        fetch(tarball)
    content = tarball.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(content).digest()).decode()
    if digest != INTEGRITY:  # never run code that is not the published package
        tarball.unlink()
        raise RuntimeError(f"{tarball.name} does not match the registry's integrity {INTEGRITY}")
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(MODULE)
        assert member is not None, f"{MODULE} is missing from {tarball.name}"
        return member.read()
