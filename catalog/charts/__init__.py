"""Bar charts drawn on the server: a chart block's table laid out as the shapes of an SVG.

A chart block (catalog.blocks.ChartBlock) keeps its figures as a small table: the first column
names each row (a category), each number column after it is a series (2016, 2020). `figures`
reads that table, `checks` says what keeps it from making a chart (the block's validation) and
`layout` lays the chart out as plain data that templates/includes/blocks/chart.html writes out
as SVG: no JavaScript, no style attributes (colours and patterns come from classes in
site.css), nothing fetched from anywhere.
"""

from catalog.charts.checks import MAX_ROWS, MAX_SERIES, Problems, table_problems
from catalog.charts.figures import Figures, figures_of, format_value
from catalog.charts.layout import Chart, chart_id, draw

__all__ = [
    "MAX_ROWS",
    "MAX_SERIES",
    "Chart",
    "Figures",
    "Problems",
    "chart_id",
    "draw",
    "figures_of",
    "format_value",
    "table_problems",
]
