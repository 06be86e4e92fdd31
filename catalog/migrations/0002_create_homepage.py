"""Replace Wagtail's "Welcome" page with the catalog's home page and point the site at it.

A data migration rather than part of the demo loader, so a production database (which never
loads the demo) starts with a working home page too.
"""

from django.db import migrations

LEDE = (
    "Resources, trainings and conversations for Children's Advocacy Centers serving children "
    "and youth who have been commercially sexually exploited."
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("catalog.HomePage")

    root = Page.objects.get(depth=1)
    # Deleting Wagtail's welcome page also deletes the default Site pointing at it.
    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", slug="home", depth=2
    ).delete()
    content_type, _ = ContentType.objects.get_or_create(app_label="catalog", model="homepage")
    home = HomePage.objects.create(
        title="CAC Training & Resource Catalog",
        draft_title="CAC Training & Resource Catalog",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=root.locale_id,
        lede=LEDE,
        live=True,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("catalog.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
