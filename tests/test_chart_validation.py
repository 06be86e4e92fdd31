"""The chart block's validation: a table that can't make the chart chosen is refused with
words for the editor, on the chart type, the table or the very cell, and nothing is saved."""

from decimal import Decimal
from http import HTTPStatus

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import streamfield

from catalog.blocks import ChartBlock
from catalog.models import ResourcePage
from tests import factories
from tests.test_admin import resource_form
from tests.test_charts import chart_value


def problems_of(value: dict) -> dict:
    """The block's errors as the admin's editor receives them (JSON), or {} when it is valid."""
    block = ChartBlock()
    try:
        block.clean(block.to_python(value))
    except StructBlockValidationError as error:
        return error.as_json_data()
    return {}


def test_a_well_formed_table_is_accepted():
    rows = [["Funding", "43", "15"], ["Other", "0", None]]
    assert problems_of(chart_value(rows, headings=("Barrier", "2016", "2020"))) == {}


def test_a_bar_chart_of_two_series_asks_for_grouped_bars():
    rows = [["Funding", "43", "15"]]
    errors = problems_of(chart_value(rows, headings=("Barrier", "2016", "2020"), chart_type="bar"))
    message = errors["blockErrors"]["chart_type"]["messages"][0]
    assert "Pick “Grouped bar”" in message


def test_an_empty_table_asks_for_the_figures():
    errors = problems_of(chart_value([], columns=[]))
    assert "Add the figures" in errors["blockErrors"]["data"]["messages"][0]


def test_the_first_column_must_name_the_rows():
    columns = [{"type": "number", "heading": "2016"}, {"type": "number", "heading": "2020"}]
    errors = problems_of(chart_value([["43", "15"]], columns=columns))
    assert "Make the first column a text column" in errors["blockErrors"]["data"]["messages"][0]


def test_a_text_column_among_the_series_is_refused():
    columns = [{"type": "text", "heading": "Barrier"}, {"type": "text", "heading": "Note"}]
    errors = problems_of(chart_value([["Funding", "fell"]], columns=columns))
    messages = errors["blockErrors"]["data"]["messages"]
    assert any("Column “Note” holds text" in message for message in messages)
    assert any("Add a number column" in message for message in messages)


def test_at_most_twelve_rows_and_four_series():
    rows = [[f"Barrier {n}", "1", "2", "3", "4", "5"] for n in range(13)]
    headings = ("Barrier", "2012", "2014", "2016", "2018", "2020")
    messages = problems_of(chart_value(rows, headings=headings))["blockErrors"]["data"]["messages"]
    assert any("at most 12 rows; this table has 13" in message for message in messages)
    assert any("at most 4 series (number columns); this table has 5" in m for m in messages)


def test_a_negative_figure_or_a_nameless_row_is_marked_in_its_cell():
    rows = [["Funding", "43", "-15"], ["", "7", "4"]]
    errors = problems_of(chart_value(rows, headings=("Barrier", "2016", "2020")))
    cells = errors["blockErrors"]["data"]["blockErrors"]
    assert cells[0][2]["messages"] == ["A bar can't show a number below zero."]
    assert cells[1][0]["messages"] == ["Name this row."]


def test_series_need_headings_and_at_least_one_figure():
    rows = [["Funding", None]]
    messages = problems_of(chart_value(rows, headings=("Barrier", "")))["blockErrors"]["data"][
        "messages"
    ]
    assert any("Give each number column a heading" in message for message in messages)
    assert any("every number cell is empty" in message for message in messages)


def test_a_number_too_large_to_print_is_refused():
    errors = problems_of(chart_value([["Funding", "1E+999999"]]))
    cells = errors["blockErrors"]["data"]["blockErrors"]
    assert cells[0][1]["messages"] == ["This number is too large for a chart."]


def chart_form(rows: list[list[str]], headings: list[str], chart_type: str) -> dict:
    """A chart block as the admin's page editor posts it (before nested_form_data)."""
    data = {
        "caption": "",
        "column-count": len(headings),
        "row-count": len(rows),
    }
    for index, heading in enumerate(headings):
        kind = "text" if index == 0 else "number"
        data |= {
            f"column-{index}-type": kind,
            f"column-{index}-order": index,
            f"column-{index}-heading": heading,
            f"column-{index}-deleted": "",
        }
    for row_index, row in enumerate(rows):
        data |= {f"row-{row_index}-order": row_index, f"row-{row_index}-deleted": ""}
        for column, cell in enumerate(row):
            data[f"cell-{row_index}-{column}"] = cell
    return {
        "title": "Top barriers",
        "chart_type": chart_type,
        "data": data,
        "unit": "%",
        "caption": "From the CAC Census.",
    }


def test_the_editor_gets_the_message_and_nothing_is_saved(admin_client, home):
    kit = factories.toolkit()
    chart = chart_form([["Funding", "43", "15"]], ["Barrier", "2016", "2020"], "bar")
    response = admin_client.post(
        f"/admin/pages/add/catalog/resourcepage/{kit.pk}/",
        resource_form(body=streamfield([("chart", chart)])),
    )

    assert response.status_code == HTTPStatus.OK
    assert "A bar chart shows one number column" in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_the_editor_saves_a_grouped_chart(admin_client, home):
    kit = factories.toolkit()
    chart = chart_form([["Funding", "43", "15"]], ["Barrier", "2016", "2020"], "grouped")
    response = admin_client.post(
        f"/admin/pages/add/catalog/resourcepage/{kit.pk}/",
        resource_form(body=streamfield([("chart", chart)])),
    )

    assert response.status_code == HTTPStatus.FOUND
    page = ResourcePage.objects.get()
    [block] = page.body
    assert block.value["data"].row_data[0]["values"] == ["Funding", Decimal(43), Decimal(15)]
