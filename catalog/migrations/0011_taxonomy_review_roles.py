"""Taxonomy terms under the catalog's review, like pages (issue 12, finding 3).

- "Catalog review" (made by 0007) now also applies to disciplines, audiences and topics.
- Catalog moderators may publish, lock and unlock terms; Catalog editors keep add and change
  only, so their edits stay drafts until a moderator publishes them. Publishing audiences is also
  what lets a moderator set "show Exit this page" (see `Audience.panels`).

Wagtail makes the publish, lock and unlock permissions after all migrations have run (a
post_migrate handler); they are made here first, with the same codenames and names, so the roles
can hold them. Idempotent (get_or_create throughout), so it can be rerun safely.
"""

from django.db import migrations

MODERATORS = "Catalog moderators"
# Each model name is also its verbose name, which Wagtail puts in the permission's name.
TAXONOMY = ("discipline", "audience", "topic")
MODERATOR_ACTIONS = ("publish", "lock", "unlock")
WORKFLOW = "Catalog review"
TASK = "Catalog moderators approve"


def review_taxonomy(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    content_types = {
        model: ContentType.objects.get_or_create(app_label="catalog", model=model)[0]
        for model in TAXONOMY
    }
    for model in TAXONOMY:
        for action in MODERATOR_ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_types[model],
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            moderators.permissions.add(permission)

    # The same workflow and task as 0007's, should that have found no home page to attach them to.
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for content_type in content_types.values():
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_taxonomy_drafts_and_review"),
        ("catalog", "0007_catalog_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(review_taxonomy, migrations.RunPython.noop)]
