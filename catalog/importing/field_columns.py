"""Columns for one plain model field each: text, choices, dates, numbers, running times.

A column reads the page field it fills to know what a cell may hold (its type, length, choices,
whether it may be empty), so a kind lists its columns by field name and little else. An empty
cell clears a field that may be empty, and keeps the entry's own value (a new entry: the
default) of a field with a default. Messages name a choice by its label, as the admin shows it.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from wagtail.models import Page

from catalog.importing.columns import KEEP, Column, ColumnError, Value, Vocabulary, choose_from

URL = URLValidator(schemes=["http", "https"])


class FieldColumn(Column):
    """A column for a plain model field; an empty cell clears the field, or keeps the entry's
    own value when the field has a default (new entries get the default)."""

    @property
    def required(self) -> bool:
        return not self.model_field.blank and not self.model_field.has_default()

    def parse(self, cell: str, vocabulary: Vocabulary) -> Value:
        if cell:
            return self.convert(cell)
        if self.required:
            raise ColumnError(f"{self.name} is empty")
        if self.model_field.has_default() and not self.model_field.null:
            return KEEP
        return None if self.model_field.null else ""

    def convert(self, cell: str) -> Value:
        return cell

    def stored(self, content: dict) -> Value:
        field = self.model_field
        raw = content.get(field.attname, field.get_default())
        value = field.to_python(raw)
        return "" if value is None and not field.null else value

    def text(self, content: dict, vocabulary: Vocabulary) -> str:
        value = self.stored(content)
        return "" if value is None else self.show(value)

    def show(self, value: Value) -> str:
        return str(value)


class TextColumn(FieldColumn):
    def convert(self, cell: str) -> Value:
        limit = self.model_field.max_length
        if limit and len(cell) > limit:
            raise ColumnError(f"{self.name} is longer than {limit} characters")
        if isinstance(self.model_field, models.URLField):
            try:
                URL(cell)
            except ValidationError:
                raise self.refuse(cell, "is not a web address") from None
        if isinstance(self.model_field, models.EmailField):
            try:
                validate_email(cell)
            except ValidationError:
                raise self.refuse(cell, "is not an email address") from None
        return cell


class ChoiceColumn(FieldColumn):
    """A choice, by its label as the admin shows it or by its stored value."""

    def convert(self, cell: str) -> Value:
        for value, label in self.model_field.flatchoices:
            if cell.lower() in (str(value).lower(), str(label).lower()):
                return value
        labels = [str(label) for value, label in self.model_field.flatchoices if value]
        raise self.refuse(cell, f"is not one of {choose_from(labels)}")

    def show(self, value: Value) -> str:
        return str(dict(self.model_field.flatchoices).get(value, value))


class DateColumn(FieldColumn):
    def convert(self, cell: str) -> Value:
        try:
            return datetime.date.fromisoformat(cell)
        except ValueError:
            raise self.refuse(cell, "is not a date like 2021-03-31") from None

    def show(self, value: Value) -> str:
        return value.isoformat()


class DecimalColumn(FieldColumn):
    """A number of 0 or more, with no more decimal places than the field keeps."""

    def convert(self, cell: str) -> Value:
        field = self.model_field
        try:
            value = Decimal(cell)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0:
            raise self.refuse(cell, "is not a number of 0 or more, like 12 or 7.5")
        if value.as_tuple().exponent < -field.decimal_places:
            raise self.refuse(cell, f"has more than {field.decimal_places} decimal places")
        if value >= 10 ** (field.max_digits - field.decimal_places):
            raise self.refuse(cell, "is too large")
        return value

    def show(self, value: Value) -> str:
        return format(Decimal(value).normalize(), "f")


class IntegerColumn(FieldColumn):
    """A whole number of 0 or more, within the field's range on every database (SQLite sets
    none, PostgreSQL refuses what is out of range only when the row is written)."""

    def convert(self, cell: str) -> Value:
        if not cell.isdecimal():
            raise self.refuse(cell, "is not a whole number of 0 or more")
        value = int(cell)
        ranges = BaseDatabaseOperations.integer_field_ranges
        _lowest, highest = ranges.get(self.model_field.get_internal_type(), (0, None))
        if highest is not None and value > highest:
            raise self.refuse(cell, f"is too large (at most {highest:,})")
        return value


class DurationColumn(FieldColumn):
    """A running time as hours:minutes:seconds (0:42:10) or minutes:seconds (42:10)."""

    PATTERN = re.compile(r"(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)")

    def convert(self, cell: str) -> Value:
        match = self.PATTERN.fullmatch(cell)
        if match is None:
            raise self.refuse(cell, "is not a running time like 0:42:10")
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds)

    def show(self, value: Value) -> str:
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02}:{seconds % 60:02}"


def field_column(model: type[Page], field: str, name: str = "") -> FieldColumn:
    """The column for the model field `field`, by its type."""
    model_field = model._meta.get_field(field)
    if model_field.choices:
        return ChoiceColumn(model, field, name)
    kinds: list[tuple[type, type[FieldColumn]]] = [
        (models.DateField, DateColumn),
        (models.DecimalField, DecimalColumn),
        (models.DurationField, DurationColumn),
        (models.IntegerField, IntegerColumn),  # the positive small and big ones too
        (models.CharField, TextColumn),  # URLs and emails too
        (models.TextField, TextColumn),
    ]
    for field_class, column_class in kinds:
        if isinstance(model_field, field_class):
            return column_class(model, field, name)
    raise TypeError(f"No import column for {model.__name__}.{field}")
