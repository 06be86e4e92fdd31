"""Fail when requirements.lock no longer holds every pin that pyproject.toml states.

    python .ci/check_lock.py        (run by the Makefile before it installs from the lock)

pyproject.toml keeps the direct pins and the reasons for them; requirements.lock (written by
`make lock`) adds every transitive package with its hashes, and is what gets installed. A pin
changed in one and not the other would install something other than what pyproject.toml says,
so the install stops first and says which command brings them back in step. Standard library
only: it runs before anything is installed.
"""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    """PEP 503's normalised name: case, `_` and `.` do not tell packages apart."""
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(pyproject: Path) -> dict[str, str]:
    """The project's own pins: its dependencies and every optional extra's."""
    project = tomllib.loads(pyproject.read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    return {canonical(m[1]): m[2] for m in map(PIN.match, lines) if m}


def locked_pins(lock: Path) -> dict[str, str]:
    """Every `name==version` line of the lock file."""
    return {canonical(m[1]): m[2] for m in map(PIN.match, lock.read_text().splitlines()) if m}


def mismatches(wanted: dict[str, str], locked: dict[str, str]) -> list[str]:
    """A line for each direct pin that the lock lacks or holds at another version."""
    return [
        f"{name}=={version} (lock: {locked.get(name, 'missing')})"
        for name, version in sorted(wanted.items())
        if locked.get(name) != version
    ]


def main() -> int:
    stale = mismatches(
        direct_pins(ROOT / "pyproject.toml"), locked_pins(ROOT / "requirements.lock")
    )
    for line in stale:
        print(f"requirements.lock is behind pyproject.toml: {line}", file=sys.stderr)
    if stale:
        print("Run `make lock` and commit requirements.lock with pyproject.toml.", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
