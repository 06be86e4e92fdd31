"""Each offering gets its own format (in person, online, hybrid) in place of its "online" tick.

Existing offerings, and the offerings kept in curriculum revisions (what the editor opens, and
what an older revision would restore), are given the format they described: ticked "online" is
online (hybrid if it also named a venue and its curriculum is hybrid); not ticked, it had a venue,
so in person, whatever its curriculum's format (a hybrid curriculum's offering at a venue was
listed as hybrid: the mistake this corrects).
"""

from django.db import migrations, models

FORMATS = [("in-person", "In person"), ("online", "Online"), ("hybrid", "Hybrid")]


def format_of(online: bool, venue: str, curriculum_format: str) -> str:
    """The format an offering described with its tick and venue, under its curriculum's."""
    if not online:
        return "in-person"
    if venue.strip() and curriculum_format == "hybrid":
        return "hybrid"
    return "online"


def online_of(delivery_format: str) -> bool:
    return delivery_format == "online"


def set_formats(apps, schema_editor) -> None:
    offerings = apps.get_model("catalog", "CurriculumOffering").objects.filter(online=True)
    offerings.update(delivery_format="online")  # not ticked: the default, in person
    offerings.filter(curriculum__delivery_format="hybrid").exclude(venue="").update(
        delivery_format="hybrid"
    )
    rewrite_revisions(apps, forwards=True)


def set_online(apps, schema_editor) -> None:
    offerings = apps.get_model("catalog", "CurriculumOffering").objects
    offerings.filter(delivery_format="online").update(online=True)
    rewrite_revisions(apps, forwards=False)


def rewrite_revisions(apps, forwards: bool) -> None:
    content_type = (
        apps.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="catalog", model="curriculumpage")
        .first()
    )
    if content_type is None:
        return
    revisions = apps.get_model("wagtailcore", "Revision").objects.filter(content_type=content_type)
    for revision in revisions.iterator():
        content = revision.content or {}
        items = content.get("offerings") or []
        for item in items:
            if forwards:
                item["delivery_format"] = format_of(
                    bool(item.pop("online", False)),
                    item.get("venue") or "",
                    content.get("delivery_format") or "in-person",
                )
            else:
                item["online"] = online_of(item.pop("delivery_format", "in-person"))
        if items:
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0012_catalog_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="curriculumoffering",
            name="delivery_format",
            field=models.CharField(
                choices=FORMATS,
                default="in-person",
                help_text=(
                    "How this offering takes place: at a venue, online, or both (hybrid). It may "
                    "differ from the curriculum's usual format; the upcoming-trainings Format "
                    "filter reads it."
                ),
                max_length=16,
                verbose_name="format",
            ),
        ),
        migrations.RunPython(set_formats, set_online),
        migrations.RemoveField(model_name="curriculumoffering", name="online"),
    ]
