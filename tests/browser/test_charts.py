"""The demo brief's barriers chart in a real browser: axe finds nothing at desktop width or at
320 px, the drawing fills its column without sideways scrolling, its text stays legible and
inside it, and the bars measure in pixels what the figures say."""

import pytest
from playwright.sync_api import Page, expect

from catalog.models import ResourcePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 320, "height": 720}}
# The demo's figures, row by row: 2016, then 2020 (catalog/demo/content/toolkit.toml).
FIGURES = [(60, 54), (60, 46), (43, 30), (27, 19), (43, 15), (22, 14), (18, 9), (7, 4), (10, 18)]

# What the drawing looks like, measured as it is laid out: its box, its column's, its texts'
# boxes and font sizes, and each series' bars' widths in pixels.
MEASURE = """(svg) => {
  const box = (element) => element.getBoundingClientRect();
  const bars = (series) => [...svg.querySelectorAll(`.chart__category .chart__bar--${series}`)]
    .map((bar) => box(bar).width);
  return {
    svg: {left: box(svg).left, right: box(svg).right, width: box(svg).width},
    column: box(svg.parentElement).width,
    texts: [...svg.querySelectorAll("text")].map((text) => ({
      text: text.textContent,
      left: box(text).left,
      right: box(text).right,
      size: parseFloat(getComputedStyle(text).fontSize),
    })),
    bars: [bars(0), bars(1)],
  };
}"""


def open_brief(page: Page, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])
    page.goto(ResourcePage.objects.get(slug="a-light-on-the-unseen").url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("A light on the unseen")


@pytest.mark.parametrize("screen", SCREENS)
def test_the_barriers_chart_reads_well_and_passes_axe(demo, page, audit, screen):
    open_brief(page, screen)
    figure = page.get_by_role("figure", name="Top barriers to providing services")
    expect(figure).to_be_visible()
    audit(page, f"resource with a chart ({screen})")  # also: no sideways scrolling at 320 px

    # The figures are a table the reader can reach; the drawing is hidden from assistive tech.
    table = figure.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(1 + len(FIGURES))
    expect(table.get_by_role("rowheader", name="Identification/screening")).to_be_visible()
    expect(figure.locator("svg")).to_have_attribute("aria-hidden", "true")

    shape = figure.locator("svg").evaluate(MEASURE)
    assert shape["svg"]["width"] == pytest.approx(shape["column"], abs=1)  # fills its column
    assert shape["svg"]["right"] <= SCREENS[screen]["width"]
    for text in shape["texts"]:
        assert text["size"] >= 13, text  # legible: the drawing's text is not scaled down
        assert shape["svg"]["left"] - 1 <= text["left"], text
        assert text["right"] <= shape["svg"]["right"] + 1, text  # nothing cut off at the edge
    assert {"60%", "54%", "Identification/screening", "2016", "2020"} <= {
        text["text"] for text in shape["texts"]
    }

    # Bars in pixels: one scale for every bar of both years.
    first, second = shape["bars"]
    assert len(first) == len(second) == len(FIGURES)
    widths = [*first, *second]
    values = [figures[0] for figures in FIGURES] + [figures[1] for figures in FIGURES]
    pixels_per_point = first[0] / 60
    for width, value in zip(widths, values, strict=True):
        assert width == pytest.approx(value * pixels_per_point, abs=1.5)
