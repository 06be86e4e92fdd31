"""SQL queries per page for each benchmark scenario, at page sizes 10 and 100 (JSON on stdout).

Run by bench/search.py with the benchmark database's environment.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.scenarios import SCENARIOS, scenario_urls  # noqa: E402


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm Wagtail's per-process site cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(captured)


if __name__ == "__main__":
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")  # as the proxy sends
    counts = {
        name: [queries_for(client, scenario_urls(name, size)[0]) for size in (10, 100)]
        for name in SCENARIOS
    }
    print(json.dumps(counts))
