"""A chart block's table read as figures, and figures printed as the chart and table show them."""

from dataclasses import dataclass
from decimal import Decimal

MISSING = "—"  # an empty cell: no bar, and the table says so
PREFIXED_UNITS = {"$", "£", "€"}
# Written out in full between a millionth and a million billion; beyond, in scientific notation
# (the block's validation refuses the large ones): "1e999999" in full would be a million digits.
IN_FULL = range(-6, 15)


@dataclass(frozen=True)
class Figures:
    """A chart's table read as data: category names, series names and, for each category, one
    number per series (None for an empty cell); `heading` is the categories' column heading and
    `columns` the table's column of each series."""

    heading: str
    categories: list[str]
    series: list[str]
    values: list[list[Decimal | None]]
    columns: list[int]


def figures_of(table) -> Figures:
    """The figures in a chart's table (a TypedTable): the first column's cells name the rows and
    each number column after it is a series; any other column is left out."""
    columns = table.columns
    numbered = [
        index
        for index, column in enumerate(columns)
        if index > 0 and column["block"].name == "number"
    ]
    categories, values = [], []
    for row in table.row_data:
        cells = row["values"]
        categories.append("" if not cells or cells[0] is None else str(cells[0]).strip())
        values.append([_finite(cells[index]) for index in numbered])
    heading = str(columns[0]["heading"]).strip() if columns else ""
    series = [str(columns[index]["heading"]).strip() for index in numbered]
    return Figures(heading, categories, series, values, numbered)


def _finite(cell) -> Decimal | None:
    return cell if isinstance(cell, Decimal) and cell.is_finite() else None


def format_value(number: Decimal | None, unit: str = "") -> str:
    """A figure as the chart and table print it: thousands separated, no trailing zeros, with
    its unit ("54%", "4,950 cases", "$1,200"); an empty cell is a dash."""
    if number is None:
        return MISSING
    if number.is_zero() or number.adjusted() in IN_FULL:
        text = f"{number:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{number:.3g}"
    text = text.replace("-", "−")  # a minus sign, not a hyphen
    if not unit:
        return text
    if unit in PREFIXED_UNITS:
        return f"{unit}{text}"
    if len(unit) == 1 and not unit.isalnum():  # "%", "‰", "°"
        return f"{text}{unit}"
    return f"{text} {unit}"
