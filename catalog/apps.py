from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """The catalog: its pages, taxonomy, listings and editorial tools."""

    name = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        # Imported here, not at the top: these use the models, which load after this module.
        from catalog import (
            checks,  # noqa: F401 - registers the deployment checks
            pages,  # noqa: F401 - supplies the page models' contexts and routes
        )
        from catalog.importing import notices
        from catalog.index import sync
        from catalog.members import personal_data  # noqa: F401 - its log cleaning on delete
        from catalog.search.cache import connect_signals
        from catalog.site_identity import connect_signals as connect_identity_signals
        from catalog.spreadsheets import neutralise_admin_exports

        connect_signals()
        connect_identity_signals()
        sync.connect()
        notices.connect()  # an import tells each moderator once (catalog.importing.notices)
        neutralise_admin_exports()
