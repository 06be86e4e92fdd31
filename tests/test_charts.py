"""The chart block: a small table drawn as SVG bars on the server, with the table beneath it,
and where it shows (a resource, the home page, a chapter, the demo brief). Its validation is in
tests/test_chart_validation.py."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.blocks import ChartBlock
from catalog.charts import Figures, draw, format_value
from catalog.charts.layout import scale
from catalog.models import ResourcePage
from tests import factories

BAR = re.compile(r'<rect class="chart__bar chart__bar--(\d)" x="0" y="[^"]+" width="([\d.]+)%"')


def chart_value(rows, headings=("Barrier", "2020"), chart_type=None, unit="%", **fields) -> dict:
    """A chart block's stored value: the first column text, the others numbers."""
    first, *series = headings
    columns = [{"type": "text", "heading": first}]
    columns += [{"type": "number", "heading": heading} for heading in series]
    return {
        "title": fields.pop("title", "Top barriers"),
        "chart_type": chart_type or ("bar" if len(series) == 1 else "grouped"),
        "data": {
            "caption": fields.pop("table_caption", ""),
            "columns": fields.pop("columns", columns),
            "rows": [{"values": list(row)} for row in rows],
        },
        "unit": unit,
        "caption": fields.pop("caption", "From the CAC Census."),
    }


def render(value: dict) -> str:
    block = ChartBlock()
    return str(block.render(block.to_python(value)))


def bar_widths(html: str, series: int = 0) -> list[float]:
    return [float(width) for s, width in BAR.findall(html) if int(s) == series]


def test_bars_are_as_long_as_their_values_from_zero_to_the_largest():
    values = ["0", "15", "30", "45", "60"]
    html = render(chart_value([[f"Barrier {v}", v] for v in values]))

    widths = bar_widths(html)
    assert len(widths) == 5
    assert widths[0] == 0  # a zero is a bar of no length
    ratios = {
        round(width / float(value), 4)
        for width, value in zip(widths, values, strict=True)
        if value != "0"
    }
    assert len(ratios) == 1  # every bar's length is its value times one scale
    assert widths[-1] == max(widths) < 100  # room is left after the longest for its value


def test_grouped_bars_share_one_scale_across_series():
    rows = [["Funding", "43", "15"], ["Identification/screening", "60", "54"]]
    html = render(chart_value(rows, headings=("Barrier", "2016", "2020")))
    first, second = bar_widths(html, 0), bar_widths(html, 1)
    assert first[1] / 60 == pytest.approx(second[0] / 15, rel=1e-3)
    assert second[1] / 54 == pytest.approx(first[0] / 43, rel=1e-3)
    # The second series is patterned as well as coloured, and the legend names both.
    assert 'fill="url(#chart-series-1)"' in html
    assert '<pattern id="chart-series-1"' in html
    assert ">2016</text>" in html
    assert ">2020</text>" in html


def test_labels_values_caption_and_the_table_are_in_the_page():
    rows = [["Low caseload of identified victims of this crime", "46"], ["Funding", "15"]]
    html = render(chart_value(rows, title="Barriers in 2020", caption="Share of CACs."))

    assert '<p class="chart__title">Barriers in 2020</p>' in html
    assert "Share of CACs." in html
    # A long name is wrapped over lines above its bars; each value is printed at its bar's end.
    assert ">Low caseload of identified</text>" in html
    assert ">victims of this crime</text>" in html
    assert re.search(r'<text class="chart__value" x="[\d.]+%"[^>]*>46%</text>', html)
    assert 'aria-hidden="true"' in html  # the drawing; the table is what assistive tech reads
    # The table is named by the chart's title, for screen readers: sighted readers see it above.
    assert '<caption class="visually-hidden">Barriers in 2020</caption>' in html
    assert '<th scope="col">Barrier</th><th scope="col">2020</th>' in html
    assert (
        '<th scope="row">Low caseload of identified victims of this crime</th><td>46%</td>' in html
    )
    assert "style=" not in html  # the Content Security Policy allows no inline styles


def test_the_table_s_own_caption_is_shown():
    html = render(chart_value([["Funding", "15"]], table_caption="Share of CACs, 2020"))
    assert "<caption>Share of CACs, 2020</caption>" in html
    assert 'aria-label="Share of CACs, 2020"' in html


def test_an_empty_cell_has_no_bar_and_a_dash_in_the_table():
    rows = [["Funding", "43", None], ["Legislative", "7", "4"]]
    html = render(chart_value(rows, headings=("Barrier", "2016", "2020")))
    assert len(bar_widths(html, 0)) == 2
    assert len(bar_widths(html, 1)) == 1
    assert '<th scope="row">Funding</th><td>43%</td><td>—</td>' in html


def test_all_zeros_draw_bars_of_no_length():
    html = render(chart_value([["Funding", "0"], ["Other", "0"]]))
    assert bar_widths(html) == [0, 0]
    assert "<td>0%</td>" in html


def test_two_charts_on_one_page_have_their_own_pattern_ids(client, home):
    rows = [["Funding", "43", "15"]]
    value = chart_value(rows, headings=("Barrier", "2016", "2020"))
    page = factories.resource(body=[{"type": "chart", "value": value}] * 2)

    html = client.get(page.url).content.decode()

    ids = re.findall(r'<pattern id="([^"]+)"', html)
    assert len(ids) == 6
    assert len(set(ids)) == 6
    assert 'fill="url(#chart-1-series-1)"' in html
    assert 'fill="url(#chart-2-series-1)"' in html


def test_text_from_the_editor_is_escaped():
    attack = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    html = render(chart_value([[attack, "5"]], title=attack, caption=attack))
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("top", "steps"),
    [
        ("54", [0, 20, 40, 60]),
        ("60", [0, 20, 40, 60]),
        ("4950", [0, 2000, 4000, 6000]),
        ("9", [0, 2.5, 5, 7.5, 10]),
        ("0.3", [0, 0.1, 0.2, 0.3]),
        ("0", [0]),
    ],
)
def test_the_scale_reaches_the_largest_value_in_round_steps(top, steps):
    assert scale(Decimal(top)) == [Decimal(str(step)) for step in steps]


@pytest.mark.parametrize(
    ("number", "unit", "printed"),
    [
        ("54", "%", "54%"),
        ("4950", "cases", "4,950 cases"),
        ("1200.50", "$", "$1,200.5"),
        ("12.0", "", "12"),
        ("-3", "", "−3"),
        ("1E+30", "", "1e+30"),
        (None, "%", "—"),
    ],
)
def test_values_are_printed_plainly_with_their_unit(number, unit, printed):
    assert format_value(None if number is None else Decimal(number), unit) == printed


def test_negative_figures_saved_unchecked_draw_no_bar_backwards():
    figures = Figures("Barrier", ["A", "B"], ["2020"], [[Decimal(-5)], [Decimal(10)]], [1])
    chart = draw(figures, "%")
    assert chart.categories[0].bars[0].length == 0
    assert chart.rows[0].values == ["−5%"]


def test_the_home_page_shows_its_body_with_a_chart(client, home):
    home.body = [{"type": "chart", "value": chart_value([["Funding", "15"]])}]
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<div class="page-body">' in html
    assert html.index('id="latest-heading"') < html.index('<figure class="chart">')
    [width] = bar_widths(html)
    assert 0 < width < 100


def test_a_chapter_page_shows_its_body_after_its_description(client, home):
    chapter = factories.chapter(
        description="<p>Our chapter.</p>",
        body=[{"type": "chart", "value": chart_value([["Funding", "15"]])}],
    )

    html = client.get(chapter.url).content.decode()

    assert html.index("Our chapter.") < html.index('<figure class="chart">')
    assert '<th scope="row">Funding</th><td>15%</td>' in html


def test_pages_without_a_body_show_no_empty_wrapper(client, home):
    chapter = factories.chapter()
    assert '<div class="page-body">' not in client.get("/").content.decode()
    assert '<div class="page-body">' not in client.get(chapter.url).content.decode()


def test_the_demo_brief_shows_its_barriers_as_a_chart(client, db):
    call_command("load_demo", allow_without_debug=True, stdout=StringIO())
    brief = ResourcePage.objects.get(slug="a-light-on-the-unseen")

    html = client.get(brief.url).content.decode()

    assert html.count('<figure class="chart">') == 1
    assert html.count('<figure class="data-table">') == 0  # the chart's table is the table
    assert len(bar_widths(html, 0)) == len(bar_widths(html, 1)) == 9
    # A name may break after its slash in a narrow table cell.
    assert '<th scope="row">Identification/<wbr>screening</th><td>60%</td><td>54%</td>' in html
    assert '<th scope="row">No barriers to serving this population</th><td>10%</td>' in html
