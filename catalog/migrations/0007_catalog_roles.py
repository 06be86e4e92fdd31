"""The catalog's two editorial roles and the review workflow on the whole catalog.

- Catalog editors: create and edit entries, taxonomy terms, documents and images; submit pages
  for moderation; cannot publish.
- Catalog moderators: all that, plus approve and publish, lock and unlock, and set page privacy
  (members-only entries) and delete taxonomy terms.
- "Catalog review": one approval task by the moderators, on the home page and all below it.

Idempotent (get_or_create throughout), so it can be rerun safely.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Catalog editors"
MODERATORS = "Catalog moderators"
TAXONOMY = ("discipline", "audience", "topic")
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = (*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = {
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "choose_image"),
}


def permission(apps, app_label: str, codename: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now, as the roles need them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    HomePage = apps.get_model("catalog", "HomePage")
    home = HomePage.objects.first()
    root_collection = Collection.objects.filter(depth=1).first()

    roles = {
        EDITORS: (EDITOR_PAGE_PERMISSIONS, ("add", "change")),
        MODERATORS: (MODERATOR_PAGE_PERMISSIONS, ("add", "change", "delete")),
    }
    groups = {}
    for name, (page_permissions, taxonomy_actions) in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(permission(apps, "wagtailadmin", "access_admin"))
        for term in TAXONOMY:
            for action in taxonomy_actions:
                group.permissions.add(permission(apps, "catalog", f"{action}_{term}"))
        if home is not None:
            for codename in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=home.pk, permission=permission(apps, "wagtailcore", codename)
                )
        if root_collection is not None:
            for app_label, codenames in COLLECTION_PERMISSIONS.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(apps, app_label, codename),
                    )

    if home is None:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, created = GroupApprovalTask.objects.get_or_create(
        name="Catalog moderators approve", defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(groups[MODERATORS])
    workflow, _ = Workflow.objects.get_or_create(name="Catalog review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_curriculum_offerings_credit"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
