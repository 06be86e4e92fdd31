"""Import files as text and rows: reading a CSV file into numbered rows, and writing one.

A file is UTF-8 (with or without a byte-order mark), its cells separated by commas or semicolons
(whichever its first line has more of), its first line naming the columns. Cells that
catalog.spreadsheets made formula-safe lose the apostrophe it added. What the site writes has a
byte-order mark, so that spreadsheets read it as UTF-8, and formula-safe cells.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from wagtail.models import Page

from catalog.spreadsheets import from_spreadsheet, spreadsheet_safe

MEGABYTE = 1024 * 1024
MAX_BYTES = 2 * MEGABYTE  # below Django's request size limit


class ImportFileError(ValueError):
    """The file as a whole cannot be read (size, encoding, header)."""


@dataclass
class Row:
    """One row of a file: its cells, then what checking found and what writing will do."""

    line: int  # as a spreadsheet numbers rows: the header is 1 (a cell's line breaks do not count)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    page: Page | None = None  # the existing entry this row updates
    parent: Page | None = None
    slug: str = ""
    fields: dict[str, object] = field(default_factory=dict)  # column name → checked value
    action: str = ""  # "create", "update" or "unchanged"

    @property
    def title(self) -> str:
        return self.values.get("title", "")


def refuse_if_too_large(size: int) -> None:
    """Refuse a file over MAX_BYTES, naming the limit it is over (read here, so they agree)."""
    if size > MAX_BYTES:
        limit = f"{MAX_BYTES / MEGABYTE:g} MB"
        raise ImportFileError(f"The file is larger than {limit}; split it into several files.")


def decode(content: bytes) -> str:
    """The text of an uploaded file, or why it cannot be read."""
    refuse_if_too_large(len(content))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("The file is not UTF-8 text: save it as “CSV UTF-8”.") from error


def read_rows(text: str, columns: list[str], required: list[str]) -> list[Row]:
    """The rows of CSV `text` whose header names some of `columns`, `required` among them."""
    refuse_if_too_large(len(text))
    text = text.removeprefix("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    try:
        check_header(reader, columns, required)
        rows.extend(_rows(reader))
    except csv.Error as error:  # e.g. a cell over the reader's size limit
        line = len(rows) + 2  # the row being read when it failed
        raise ImportFileError(f"Line {line}: the file cannot be read ({error}).") from error
    return rows


def check_header(reader: csv.DictReader, columns: list[str], required: list[str]) -> None:
    names = [name.strip().lower() for name in reader.fieldnames or []]
    expected = f"The columns are {', '.join(columns)}, separated by commas or semicolons."
    missing = [column for column in required if column not in names]
    if missing:
        raise ImportFileError(
            f"The first line must name the columns; missing: {', '.join(missing)}. {expected}"
        )
    unknown = [name for name in names if name not in columns]
    if unknown:
        quoted = get_text_list([f"“{name[:40]}”" for name in unknown], "and")
        raise ImportFileError(
            f"The first line names columns this import does not know: {quoted}. {expected}"
        )
    reader.fieldnames = names


def _rows(reader: csv.DictReader) -> Iterable[Row]:
    for line, values in enumerate(reader, start=2):
        if None in values:
            yield Row(line, {}, ["more cells than columns in the header"])
            continue
        cells = {key: from_spreadsheet((value or "").strip()) for key, value in values.items()}
        yield Row(line, cells)


def csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    """CSV text as the site writes it: a byte-order mark, every cell formula-safe."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return "\ufeff" + output.getvalue()
