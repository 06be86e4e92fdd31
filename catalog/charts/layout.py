"""A chart's layout: horizontal bars, each category's name on its own line above them.

Long names (the census's barriers) fit a phone that way. Positions across the chart are
percentages of its width and positions down it are ems; there is no viewBox. The drawing fills
its container's width while its text stays at the reader's own size, legible at 320 px and
larger when they enlarge text, instead of shrinking and growing with the picture as a scaled
viewBox would make it.
"""

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from catalog.charts.figures import Figures, format_value

# Lengths down the chart, in ems of the chart's text.
LINE = 1.3  # a line of text
BAR = 1.3  # a bar's thickness
BAR_GAP = 0.25  # between the bars of one category
AFTER_NAME = 0.15  # between a category's name and its bars
AFTER_CATEGORY = 0.9
AFTER_LEGEND = 0.6
BASELINE = 0.95  # from the top of a line of text to its baseline
NAME_WIDTH = 32  # characters per line of a category's name: about 288 px, a 320 px screen's room
NAME_LINES = 3  # a longer name is cut short here; the table beneath gives it in full
TICKS = 4  # about this many steps on the scale


@dataclass(frozen=True)
class Bar:
    """One figure: its series (for its fill), its length in percent of the chart's width, where
    its top is (ems) and the value printed at its end."""

    series: int
    length: float
    top: float
    label: str
    missing: bool = False

    @property
    def width(self) -> str:
        return _percent(self.length)

    @property
    def y(self) -> str:
        return _em(self.top)

    @property
    def height(self) -> str:
        return _em(BAR)

    @property
    def label_y(self) -> str:
        return _em(self.top + BASELINE + (BAR - LINE) / 2)


@dataclass(frozen=True)
class TextLine:
    text: str
    baseline: float

    @property
    def y(self) -> str:
        return _em(self.baseline)


@dataclass(frozen=True)
class Category:
    """A row of the table: its name (in lines) above its bars, one per series."""

    name: str
    lines: list[TextLine]
    bars: list[Bar]

    @property
    def bottom(self) -> float:
        """Where the category ends (ems): below its last bar, or its name when it has none."""
        if self.bars:
            return self.bars[-1].top + BAR
        return self.lines[-1].baseline + LINE - BASELINE

    @property
    def bars_top(self) -> str:
        return _em(self.bars[0].top if self.bars else self.bottom)

    @property
    def bars_bottom(self) -> str:
        return _em(self.bottom)


@dataclass(frozen=True)
class Tick:
    """A step of the scale: a faint line across each category's bars, labelled at the foot."""

    label: str
    position: float  # percent of the chart's width

    @property
    def x(self) -> str:
        return _percent(self.position)

    @property
    def anchor(self) -> str:
        return "start" if self.position == 0 else "middle"


@dataclass(frozen=True)
class LegendItem:
    name: str
    series: int
    top: float

    @property
    def y(self) -> str:
        return _em(self.top + (LINE - 1) / 2)

    @property
    def text_y(self) -> str:
        return _em(self.top + BASELINE)


@dataclass(frozen=True)
class TableRow:
    """A row of the table beneath the chart: the category's name and its values as printed."""

    name: str
    values: list[str]

    @property
    def name_parts(self) -> list[str]:
        """The name split at its slashes, where the template lets a narrow cell break the line
        ("Identification/screening" is one word to a browser)."""
        return self.name.split("/")


@dataclass(frozen=True)
class Chart:
    """Everything the template draws. `id` prefixes the ids of the series' fill patterns, which
    must be unique on the page."""

    id: str
    legend: list[LegendItem]
    categories: list[Category]
    ticks: list[Tick]
    ticks_baseline: float
    depth: float  # the drawing's height, in ems
    headings: list[str]  # the table's: the categories' column, then each series
    rows: list["TableRow"]  # the table's

    @property
    def drawable(self) -> bool:
        """Whether there is anything to draw: a series and a category."""
        return len(self.headings) > 1 and bool(self.categories)

    @property
    def height(self) -> str:
        return _em(self.depth)

    @property
    def ticks_y(self) -> str:
        return _em(self.ticks_baseline)


def _em(length: float) -> str:
    return f"{round(length, 3):g}em"


def _percent(length: float) -> str:
    return f"{round(length, 2):g}%"


def scale(top: Decimal) -> list[Decimal]:
    """The steps of a scale from 0 that reaches `top` in about TICKS round steps (1, 2, 2.5 or 5
    times a power of ten): [0, 20, 40, 60] for 54; [0] when `top` is 0."""
    if top <= 0:
        return [Decimal(0)]
    rough = top / TICKS
    power = Decimal(1).scaleb(rough.adjusted())
    step = next(m * power for m in (1, 2, Decimal("2.5"), 5, 10) if m * power >= rough)
    steps = int((top / step).to_integral_value(rounding=ROUND_CEILING))
    return [step * n for n in range(steps + 1)]


def _label_room(labels: list[str]) -> float:
    """Percent of the width kept free at the right for the value printed after the longest bar:
    at 320 px, about 3.6% a (bold) character and the gap before it; at most half."""
    longest = max((len(label) for label in labels), default=0)
    return min(50.0, 3.6 * longest + 4)


def draw(figures: Figures, unit: str = "", chart_id: str = "chart") -> Chart:
    """Lay out `figures` as horizontal bars: a legend when there is more than one series, then
    each category's name and bars, then the scale."""
    present = [n for row in figures.values for n in row if n is not None]
    steps = scale(max([*present, Decimal(0)]))
    top_of_scale = steps[-1] or Decimal(1)
    room = 100 - _label_room([format_value(n, unit) for n in present])

    def length(number: Decimal) -> float:
        return max(0.0, float(number / top_of_scale) * room)

    legend = []
    if len(figures.series) > 1:
        legend = [LegendItem(name, i, i * LINE) for i, name in enumerate(figures.series)]
    depth = len(legend) * LINE + (AFTER_LEGEND if legend else 0)
    categories = []
    for name, numbers in zip(figures.categories, figures.values, strict=True):
        category = _category(name, numbers, depth, unit, length)
        categories.append(category)
        depth = category.bottom + AFTER_CATEGORY
    ticks_baseline = depth - AFTER_CATEGORY / 2 + BASELINE
    return Chart(
        id=chart_id,
        legend=legend,
        categories=categories,
        ticks=[Tick(format_value(step, unit), length(step)) for step in steps],
        ticks_baseline=ticks_baseline,
        depth=ticks_baseline + LINE - BASELINE,
        headings=[figures.heading, *figures.series],
        rows=[
            TableRow(name, [format_value(n, unit) for n in numbers])
            for name, numbers in zip(figures.categories, figures.values, strict=True)
        ],
    )


def _category(
    name: str,
    numbers: list[Decimal | None],
    top: float,
    unit: str,
    length: Callable[[Decimal], float],
) -> Category:
    """A category's name in lines from `top` (ems) down, then a bar per series; a missing
    figure has no bar, only a dash."""
    wrapped = textwrap.wrap(name, NAME_WIDTH, max_lines=NAME_LINES, placeholder="…") or [""]
    lines = [TextLine(text, top + i * LINE + BASELINE) for i, text in enumerate(wrapped)]
    depth = top + len(lines) * LINE + AFTER_NAME
    bars = []
    for series, number in enumerate(numbers):
        missing = number is None
        bar_length = 0.0 if number is None else length(number)
        bars.append(Bar(series, bar_length, depth, format_value(number, unit), missing))
        depth += BAR + BAR_GAP
    return Category(name, lines, bars)


def chart_id(request) -> str:
    """An id for the next chart on this page (chart-1, chart-2…), counted on the request: its
    series' patterns are found by id, so two charts on a page need different ones. Outside a
    request (a block rendered on its own) the id is "chart"."""
    if request is None:
        return "chart"
    number = getattr(request, "catalog_charts_drawn", 0) + 1
    request.catalog_charts_drawn = number
    return f"chart-{number}"
