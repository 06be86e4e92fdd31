"""Items of the content files turned into field values: body blocks and offerings."""

import datetime

from django.utils.html import escape

from catalog.models import CurriculumOffering


def stream_block(item: dict) -> dict:
    """A body item of a content file as StreamField data; its text is plain, not HTML."""
    kind = item["type"]
    if kind == "paragraph":
        return {"type": kind, "value": f"<p>{escape(item['text'])}</p>"}
    if kind == "heading":
        return {"type": kind, "value": item["text"]}
    if kind == "quote":
        return {"type": kind, "value": {"quote": item["text"], "attribution": item["attribution"]}}
    if kind == "chart":
        return {"type": kind, "value": chart(item)}
    columns = [{"type": "text", "heading": heading} for heading in item["headings"]]
    rows = [{"values": row} for row in item["rows"]]
    return {
        "type": "table",
        "value": {"caption": item["caption"], "columns": columns, "rows": rows},
    }


def chart(item: dict) -> dict:
    """A chart of a content file: its first column names the rows, the others are numbers."""
    first, *series = item["headings"]
    columns = [{"type": "text", "heading": first}]
    columns += [{"type": "number", "heading": heading} for heading in series]
    # Numbers as strings: the block reads them as decimals, exactly as written.
    rows = [{"values": [name, *map(str, numbers)]} for name, *numbers in item["rows"]]
    return {
        "title": item["title"],
        "chart_type": item.get("chart_type", "grouped"),
        "data": {"caption": "", "columns": columns, "rows": rows},
        "unit": item.get("unit", ""),
        "caption": item["caption"],
    }


def offering(data: dict) -> CurriculumOffering:
    """An offering of a content file, dated `in_days` from today (negative: in the past)."""
    today = datetime.date.today()
    start = today + datetime.timedelta(days=data["in_days"])
    deadline = data.get("deadline_in_days")
    return CurriculumOffering(
        start_date=start,
        start_time=datetime.time.fromisoformat(data["start"]),
        end_date=start + datetime.timedelta(days=data["days"] - 1) if data["days"] > 1 else None,
        end_time=datetime.time.fromisoformat(data["end"]),
        delivery_format=data.get("format", "in-person"),
        venue=data.get("venue", ""),
        capacity=data.get("capacity"),
        registration_url=data.get("registration_url", ""),
        registration_deadline=today + datetime.timedelta(days=deadline) if deadline else None,
        status=data.get("status", "open"),
    )
