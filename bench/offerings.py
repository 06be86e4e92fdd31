"""Give a generated catalog's curricula their offerings, so that calendars have something to list.

    DATABASE_URL=... python bench/offerings.py

Two offerings per curriculum (one a month ahead, one six months ahead), inserted in bulk; a
catalog that already has offerings is left as it is, so running it again changes nothing.
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from catalog.models import CurriculumOffering, CurriculumPage  # noqa: E402

DAYS_AHEAD = (30, 180)


def add_offerings() -> int:
    """The number of offerings made (0 if the catalog had some already)."""
    if CurriculumOffering.objects.exists():
        return 0
    today = timezone.localdate()
    offerings = [
        CurriculumOffering(
            curriculum_id=pk,
            start_date=today + datetime.timedelta(days=days + pk % 28),
            start_time=datetime.time(9),
            end_time=datetime.time(16),
            venue="Harrisburg, Pennsylvania",
            sort_order=number,
        )
        for pk in CurriculumPage.objects.values_list("pk", flat=True)
        for number, days in enumerate(DAYS_AHEAD)
    ]
    CurriculumOffering.objects.bulk_create(offerings, batch_size=1_000)
    return len(offerings)


if __name__ == "__main__":
    print(f"  added {add_offerings():,} offerings")
