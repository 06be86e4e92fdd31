"""What keeps a chart block's table from making a chart, in words for the editor."""

from dataclasses import dataclass
from decimal import Decimal

from catalog.charts.figures import Figures, figures_of

MAX_ROWS = 12
MAX_SERIES = 4
TOO_LARGE = Decimal(10) ** 15  # beyond any census count; and printed in full below it


@dataclass(frozen=True)
class Problems:
    """What keeps a table from making a chart, in words for the editor: about the chart type,
    about the table as a whole, and about single cells (row index → column index → message)."""

    chart_type: list[str]
    table: list[str]
    cells: dict[int, dict[int, str]]

    def __bool__(self) -> bool:
        return bool(self.chart_type or self.table or self.cells)


def table_problems(table, chart_type: str) -> Problems:
    """Why this table (a TypedTable) cannot be drawn as a chart of `chart_type`, if it can't."""
    columns = table.columns
    problems = Problems(chart_type=[], table=[], cells={})
    if not columns or not table.row_data:
        problems.table.append(
            "Add the figures: a first column naming each row and a number column for each "
            "series, e.g. “2016” and “2020”."
        )
        return problems
    if columns[0]["block"].name != "text":
        problems.table.append("Make the first column a text column: it names each row.")
    for index, column in enumerate(columns[1:], start=2):
        if column["block"].name != "number":
            name = f"“{column['heading']}”" if column["heading"] else f"{index}"
            problems.table.append(
                f"Column {name} holds text. Every column after the first must be a number "
                "column: each one is a series of the chart."
            )
    figures = figures_of(table)
    _check_series(figures, chart_type, problems)
    _check_rows(figures, problems)
    return problems


def _check_series(figures: Figures, chart_type: str, problems: Problems) -> None:
    count = len(figures.series)
    if count == 0:
        problems.table.append("Add a number column for the figures, e.g. “2020”.")
    elif count > MAX_SERIES:
        problems.table.append(
            f"A chart can compare at most {MAX_SERIES} series (number columns); this table has "
            f"{count}. Remove some, or split the figures into two charts."
        )
    elif chart_type == "bar" and count > 1:
        problems.chart_type.append(
            f"A bar chart shows one number column and this table has {count}. Pick “Grouped "
            "bar” to show them side by side, or remove the columns you don't need."
        )
    if count and not all(figures.series):
        problems.table.append(
            "Give each number column a heading, e.g. “2020”: it names the series in the chart."
        )


def _check_rows(figures: Figures, problems: Problems) -> None:
    count = len(figures.categories)
    if count > MAX_ROWS:
        problems.table.append(
            f"A chart can show at most {MAX_ROWS} rows; this table has {count}. Keep the "
            "ones that matter most, or split the figures into two charts."
        )
    for row, (name, numbers) in enumerate(zip(figures.categories, figures.values, strict=True)):
        if not name:
            problems.cells.setdefault(row, {})[0] = "Name this row."
        for column, number in zip(figures.columns, numbers, strict=True):
            message = _number_problem(number)
            if message:
                problems.cells.setdefault(row, {})[column] = message
    if figures.series and not any(n is not None for row in figures.values for n in row):
        problems.table.append("Fill in the figures: every number cell is empty.")


def _number_problem(number: Decimal | None) -> str:
    if number is None:
        return ""
    if number < 0:
        return "A bar can't show a number below zero."
    if number >= TOO_LARGE:
        return "This number is too large for a chart."
    return ""
