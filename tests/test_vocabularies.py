"""One registry of vocabularies (catalog.models.taxonomy.VOCABULARIES): adding one takes its
model, its entry in the registry and a migration, and nothing else.

The places that list the vocabularies read the registry; the first test finds any code that
spells the three out again (names and strings, not prose in docstrings and comments). The rest
show that what is built from the registry follows it, in its order.
"""

import ast
import re
from pathlib import Path

import pytest

from catalog.models import VOCABULARIES, CatalogEntryPage, IndexEntry
from catalog.search.export import HEADER
from catalog.search.facets import FACETS_BY_NAME
from catalog.vocabulary import TAG_GROUP_LABELS, TAXONOMY, through_model

ROOT = Path(__file__).resolve().parent.parent
STEMS = ("discipline", "audience", "topic")
# The only files that may name every vocabulary: the registry with its models; the two models
# that hold one relation or column per vocabulary (each a field, added by the migration); and
# the models package's re-exports, which a new vocabulary need not join.
MAY_NAME_ALL = {
    "catalog/models/taxonomy.py",
    "catalog/models/base.py",
    "catalog/models/index.py",
    "catalog/models/__init__.py",
}
TEMPLATE_WORDS = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def code_words(path: Path) -> str:
    """The identifiers and string constants of a module, without its docstrings."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            words.append(node.arg)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            words.append(node.value)
    return " ".join(words).casefold()


def names_every_vocabulary(text: str) -> bool:
    return all(stem in text for stem in STEMS)


def test_no_code_outside_the_registry_and_its_models_lists_the_vocabularies():
    modules = [
        path
        for path in (ROOT / "catalog").rglob("*.py")
        if "migrations" not in path.parts
        and names_every_vocabulary(code_words(path))
        and str(path.relative_to(ROOT)) not in MAY_NAME_ALL
    ]
    templates = [  # what templates compute or show from context, not their prose
        path
        for path in (ROOT / "templates").rglob("*.html")
        if names_every_vocabulary(" ".join(TEMPLATE_WORDS.findall(path.read_text())).casefold())
    ]
    assert modules + templates == []


def test_the_scan_finds_a_file_that_spells_them_out(tmp_path):
    """The check above would notice: a module listing the three is caught, its docstring not."""
    spelled = tmp_path / "spelled.py"
    spelled.write_text('"""Disciplines, audiences, topics."""\nFIELDS = ("disciplines", "x")\n')
    assert not names_every_vocabulary(code_words(spelled))
    spelled.write_text('FIELDS = ("disciplines", "audiences", "topics")\n')
    assert names_every_vocabulary(code_words(spelled))


def test_what_is_built_from_the_registry_follows_it_in_its_order():
    names = list(VOCABULARIES)
    kinds = [model.kind() for model in VOCABULARIES.values()]
    assert names == ["disciplines", "audiences", "topics"]
    assert list(TAXONOMY) == kinds == ["discipline", "audience", "topic"]
    assert list(TAG_GROUP_LABELS.values()) == ["Disciplines", "Audiences", "Topics"]
    assert HEADER[3:6] == ["Disciplines", "Audiences", "Topics"]
    assert [FACETS_BY_NAME[kind].label for kind in kinds] == ["Discipline", "Audience", "Topic"]


@pytest.mark.parametrize("name", list(VOCABULARIES))
def test_each_vocabulary_has_its_entry_relation_join_table_and_index_column(name):
    """What the model and the migration must add for a vocabulary, and every reader expects."""
    model = VOCABULARIES[name]
    assert CatalogEntryPage._meta.get_field(name).related_model is model
    through, term_column = through_model(model.kind())
    assert {field.column for field in through._meta.fields} >= {"catalogentrypage_id", term_column}
    assert IndexEntry._meta.get_field(name).get_internal_type() == "IntegerListField"


@pytest.mark.django_db
def test_the_admin_menu_has_one_listing_per_vocabulary(admin_client):
    html = admin_client.get("/admin/").content.decode()
    for model in VOCABULARIES.values():
        assert f"/admin/snippets/catalog/{model._meta.model_name}/" in html
