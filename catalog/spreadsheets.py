"""Cells the site writes into spreadsheets (CSV, XLSX): text that never runs as a formula.

A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (and, in some, a tab or a carriage
return) as a formula: a title like `=HYPERLINK(…)` in an export would run on the reader's
machine (CSV injection). Every writer, public or admin, passes its text cells through
`spreadsheet_safe`, which puts an apostrophe before them; the resource import undoes it with
`from_spreadsheet`, so an export imports back unchanged. Wagtail's own admin exports (its
reports of locked pages, aging pages, site history, workflows, and the catalog's reports built on
them) get the same treatment through `neutralise_admin_exports`.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escaped(value: str) -> bool:
    """Whether `value` is an apostrophe followed by what `spreadsheet_safe` escapes.

    A value already starting with an apostrophe and then a formula character or a second
    apostrophe is escaped too, so that the import can always tell an added apostrophe from one
    that belongs to the text ("'Twas" is left alone both ways).
    """
    return value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'"))


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) or _escaped(value) else value


def from_spreadsheet(value: str) -> str:
    """The text `spreadsheet_safe` was given: the apostrophe it added taken off again."""
    return value[1:] if _escaped(value) else value


def neutralise_admin_exports() -> None:
    """Make every CSV and XLSX that Wagtail's admin writes formula-safe (called once, from the
    app's ready()).

    Every cell of both formats passes through `SpreadsheetExportMixin.preprocess_field_value`,
    the documented per-cell method of the mixin all of Wagtail's exporting views share; its
    result is wrapped here, once, so that the built-in reports need no copies of their own
    (tests/test_spreadsheet_formulas.py pins this on Wagtail's reports and ours).
    """
    # Imported here: only this patch needs Wagtail's admin views (and so a ready app registry);
    # the rest of the module is plain text functions the import and the exports share.
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return spreadsheet_safe(value) if isinstance(value, str) else value

    # Marks the wrapper itself, so a second install finds it (a function's own attribute, which
    # the type checker does not model).
    preprocess_field_value.formula_safe = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
