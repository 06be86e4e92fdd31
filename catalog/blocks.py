"""StreamField blocks: resource bodies, curriculum agendas and materials."""

import itertools

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import (
    TypedTableBlock,
    TypedTableBlockValidationError,
)
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from catalog.charts import chart_id, draw, figures_of, table_problems
from catalog.models.base import RICH_TEXT_FEATURES


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it."""

    quote = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, help_text="Who said it, e.g. “A CAC director, 2020 CAC Census”."
    )

    class Meta:
        icon = "openquote"
        template = "includes/blocks/quote.html"


class DataTableBlock(TypedTableBlock):
    """A table of figures with a caption, e.g. the census barriers table."""

    text = blocks.CharBlock(required=False, label="Text")
    number = blocks.DecimalBlock(required=False, label="Number")

    class Meta:
        icon = "table"
        template = "includes/blocks/data_table.html"
        help_text = "The first column names each row; give the table a caption."


class ChartBlock(blocks.StructBlock):
    """A small table of figures shown as a bar chart (server-side SVG, catalog.charts), with the
    table itself beneath it for screen readers and print."""

    title = blocks.CharBlock(
        max_length=120,
        help_text="What the chart shows, e.g. “Barriers to serving exploited children, 2016 and "
        "2020”.",
    )
    chart_type = blocks.ChoiceBlock(
        choices=[("bar", "Bar: one series"), ("grouped", "Grouped bar: series side by side")],
        default="grouped",
        help_text="Grouped bars compare the series (the number columns) for each row.",
    )
    data = DataTableBlock(
        help_text="The first column names each row (a category); each number column is a "
        "series, named by its heading (e.g. 2016, 2020)."
    )
    unit = blocks.CharBlock(
        required=False, max_length=12, help_text="Shown after each value, e.g. “%”."
    )
    caption = blocks.TextBlock(
        required=False, help_text="Where the figures come from and what to notice in them."
    )

    class Meta:
        icon = "table"
        template = "includes/blocks/chart.html"

    def clean(self, value):
        """Refuse a table that cannot make this chart, saying where: in the chart type, the
        table as a whole or a cell (catalog.charts.checks)."""
        value = super().clean(value)
        problems = table_problems(value["data"], value["chart_type"])
        if not problems:
            return value
        errors: dict[str, ValidationError] = {}
        if problems.chart_type:
            errors["chart_type"] = ValidationError(problems.chart_type)
        if problems.table or problems.cells:
            cells = {
                row: {column: ValidationError(message) for column, message in columns.items()}
                for row, columns in problems.cells.items()
            }
            errors["data"] = TypedTableBlockValidationError(
                cell_errors=cells, non_block_errors=problems.table
            )
        raise StructBlockValidationError(errors)

    def get_context(self, value, parent_context=None) -> dict:
        """The chart laid out (catalog.charts.layout), with an id unique on the page."""
        context = super().get_context(value, parent_context=parent_context)
        figures = figures_of(value["data"])
        context["chart"] = draw(figures, value["unit"], chart_id(context.get("request")))
        return context


class BodyBlock(blocks.StreamBlock):
    """The running text of a resource: headings, paragraphs, quotations and data tables."""

    heading = blocks.CharBlock(
        icon="title", template="includes/blocks/heading.html", help_text="A section heading."
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    quote = QuoteBlock()
    table = DataTableBlock()
    chart = ChartBlock()


class AgendaSessionValue(blocks.StructValue):
    """A session as the curriculum page shows it."""

    def live_disciplines(self) -> list:
        """The session's disciplines that visitors may see: published ones, not deleted ones."""
        return [term for term in self["disciplines"] if term is not None and term.live]


class AgendaSessionBlock(blocks.StructBlock):
    """One session of a training day."""

    start = blocks.TimeBlock(required=False, help_text="Start time (local to the offering).")
    end = blocks.TimeBlock(required=False, help_text="End time.")
    title = blocks.CharBlock(help_text="e.g. “Identifying exploitation at intake”.")
    description = blocks.TextBlock(required=False, help_text="What the session covers.")
    presenter_role = blocks.CharBlock(
        required=False, help_text="Who leads it, e.g. “Survivor leader and forensic interviewer”."
    )
    disciplines = blocks.ListBlock(
        SnippetChooserBlock("catalog.Discipline"),
        required=False,
        default=[],
        help_text="Disciplines this session is meant for; leave empty for the whole team.",
    )

    class Meta:
        icon = "time"
        value_class = AgendaSessionValue


class AgendaDayBlock(blocks.StructBlock):
    """A day of a training and its sessions in order."""

    title = blocks.CharBlock(help_text="e.g. “Day 1: Recognizing exploitation”.")
    sessions = blocks.ListBlock(AgendaSessionBlock())

    class Meta:
        icon = "date"

    def clean(self, value):
        """Refuse sessions that end before they start or overlap another session that day."""
        value = super().clean(value)
        errors: dict[int, StructBlockValidationError] = {}
        timed = []
        for index, session in enumerate(value["sessions"]):
            start, end = session["start"], session["end"]
            if start and end and end <= start:
                message = "This session ends before it starts."
                errors[index] = StructBlockValidationError({"end": ValidationError(message)})
            elif bool(start) != bool(end):
                message = "Give both a start and an end time, or neither."
                field = "end" if start else "start"
                errors[index] = StructBlockValidationError({field: ValidationError(message)})
            elif start:
                timed.append((start, end, index, session["title"]))
        timed.sort(key=lambda item: item[:2])
        for (start, end, _, title), (next_start, _, index, _) in itertools.pairwise(timed):
            if next_start < end:
                message = f"This session overlaps “{title}” ({start:%H:%M}–{end:%H:%M})."
                errors.setdefault(
                    index, StructBlockValidationError({"start": ValidationError(message)})
                )
        if errors:
            raise StructBlockValidationError({"sessions": ListBlockValidationError(errors)})
        return value


class MaterialsBlock(blocks.StreamBlock):
    """Handouts and catalog resources a training uses."""

    document = DocumentChooserBlock(help_text="A handout or slide deck from the documents library.")
    resource = blocks.PageChooserBlock(
        page_type="catalog.ResourcePage", help_text="A resource from the toolkit."
    )
