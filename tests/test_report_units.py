"""Unit tests of the report's safety pieces: slugs, paths, parameter values, escaping, figures."""

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.report import NotebookRun, ReportResult, _describe_failure, write_index
from toolkit.slug import MAX_LEN, safe_child, slugify, unique_slugs

HOSTILE_NAMES = [
    "x'); import os; os.system('touch PWNED') #",
    "<script>alert('outlet')</script>",
    "../../etc/passwd",
    "Le Monde / Économie",
    "新闻网",
    "",
    "   ",
    "CON",
    "a" * 500,
    'He said "hi"\n\tand left',
]
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_slug_is_safe_for_hostile_names(name):
    slug = slugify(name)
    assert SLUG.match(slug) and len(slug) <= MAX_LEN


def test_slug_folds_accents_and_keeps_words():
    assert slugify("Le Monde / Économie") == "le-monde-economie"
    assert slugify("NDTV Profit") == "ndtv-profit"
    assert slugify("Caliber.Az") == "caliber-az"


def test_names_with_nothing_ascii_still_get_distinct_slugs():
    assert slugify("新闻网") != slugify("新聞網")
    assert slugify("新闻网").startswith("outlet-")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_slugify_always_gives_a_bounded_ascii_slug(name):
    slug = slugify(name)
    assert SLUG.match(slug), slug
    assert len(slug) <= MAX_LEN


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="aAbB /-.é", max_size=8), max_size=12))
def test_unique_slugs_are_unique_stable_and_order_free(names):
    slugs = unique_slugs(names)
    assert set(slugs) == set(names)
    assert len(set(slugs.values())) == len(slugs)
    assert not {"comparison", "index"} & set(slugs.values())
    assert unique_slugs(list(reversed(names))) == slugs
    assert all(SLUG.match(s) and len(s) <= MAX_LEN for s in slugs.values())


def test_colliding_names_get_suffixes():
    slugs = unique_slugs(["BBC News", "bbc news", "BBC/News", "Comparison"])
    assert len(set(slugs.values())) == 4
    assert slugs["Comparison"] != "comparison"


@pytest.mark.parametrize("name", ["../escape.html", "/etc/passwd", ".", "a/../../b", ""])
def test_safe_child_refuses_paths_outside_the_parent(tmp_path, name):
    with pytest.raises(ValueError):
        safe_child(tmp_path, name)


def test_safe_child_accepts_a_slug(tmp_path):
    assert safe_child(tmp_path, "ndtv-profit.html") == (tmp_path / "ndtv-profit.html").resolve()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_papermill_writes_any_outlet_name_as_a_literal(name):
    """Outlet names reach notebooks only as parameter values: papermill's Python literal must round-trip."""
    from papermill.translators import PythonTranslator

    literal = PythonTranslator.translate(name)
    assert ast.literal_eval(literal) == name
    assert isinstance(ast.parse(f"outlet = {literal}").body[0], ast.Assign)


def _result(tmp_path, label, ok=True, error=""):
    run = NotebookRun(name="outlet_report.ipynb", label=label, notebook=str(tmp_path / "reports" / "x.ipynb"),
                      html=str(tmp_path / "reports" / "x.html"), parameters={}, ok=ok, error=error)
    return ReportResult(out=str(tmp_path), notebooks=[run],
                        rejected=[{"doc_id": "9", "path": "<b>bad</b>.bin", "reason": "binary <file>"}])


def test_index_escapes_outlet_names_errors_and_paths(tmp_path):
    name = "<script>alert('x')</script>"
    articles = pd.DataFrame({"doc_id": ["1"], "outlet": [name], "status": ["loaded"]})
    page = write_index(_result(tmp_path, name, ok=False, error="failed <img src=x>"), articles).read_text()
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "(1 article)" in page and 'href="x.html"' in page


def test_failure_message_is_one_sentence_naming_cell_and_partial_output(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    nb = tmp_path / "ndtv.ipynb"
    nb.write_text("{}")
    run = NotebookRun(name="outlet_report.ipynb", label="NDTV", notebook=str(nb), html="", parameters={})
    exc = PapermillExecutionError(4, 7, "x = 1/0", "ZeroDivisionError", "division\nby zero", [])
    message = _describe_failure(run, exc)
    assert "\n" not in message
    assert "cell 7" in message and "ZeroDivisionError" in message and str(nb) in message


def test_figures_are_saved_as_png_and_svg_with_identical_bytes(tmp_path):
    from toolkit import figures as fg

    fg.setup()
    data = pd.DataFrame({"actor": ["Macron", "Zelensky", "$Trump$"], "share": [0.5, 0.3, 0.2]})

    def draw(folder):
        fig = fg.barh(data, x="share", y="actor", title="Quote share: $x$ & <b>", xlabel="share", ylabel="actor")
        png = fg.save(fig, folder, "quote_share")
        return png, [(folder / f"quote_share.{ext}").read_bytes() for ext in ("png", "svg")]

    (png, first), (_, second) = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert first == second and png == first[0] and png.startswith(b"\x89PNG")
    assert b"$Trump$" in first[1]  # a dollar sign stays text, not mathtext
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", *["quote_share.png"] * 2, *["quote_share.svg"] * 2]
    assert fg.barh(data.iloc[:0], x="share", y="actor", title="", xlabel="", ylabel="") is None


def test_figures_are_laid_out_once_outside_pyplot():
    """Each figure is laid out when made; no layout engine is left to redo it (a full extra draw) on every save."""
    import sys

    from toolkit import figures as fg

    data = pd.DataFrame({"actor": ["Macron", "Zelensky"], "share": [0.6, 0.4], "outlet": ["A", "B"]})
    made = [fg.barh(data, x="share", y="actor", title="", xlabel="", ylabel=""),
            fg.heatmap(data, index="actor", columns="outlet", values="share", title="", xlabel="", ylabel=""),
            fg.stacked(data, index="outlet", columns="actor", values="share", title="", xlabel="", ylabel=""),
            fg.intervals(data.assign(mean=0.1, ci_low=0.0, ci_high=0.2), y="actor", title="", xlabel="", ylabel="")]
    assert all(fig.get_layout_engine() is None for fig in made)
    assert "matplotlib.pyplot" not in sys.modules or all(fig.canvas.manager is None for fig in made)


def test_outlet_palette_is_stable_and_sorted():
    from toolkit import figures as fg

    palette = fg.outlet_palette(["b", "a", "c", "a"])
    assert list(palette) == ["a", "b", "c"]
    assert fg.outlet_palette(["c", "a", "b"]) == palette
    assert len(set(palette.values())) == 3


def test_table_helper_escapes_cells(monkeypatch):
    from toolkit import figures as fg

    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    fg.table(pd.DataFrame({"outlet": ["<script>x</script>"], "n": [1]}))
    assert "<script>" not in shown[0].data and "&lt;script&gt;" in shown[0].data


def test_notebook_dir_holds_the_templates():
    from toolkit.report import COMPARATIVE_NOTEBOOK, NOTEBOOK_DIR, OUTLET_NOTEBOOK

    assert (Path(NOTEBOOK_DIR) / OUTLET_NOTEBOOK).is_file()
    assert (Path(NOTEBOOK_DIR) / COMPARATIVE_NOTEBOOK).is_file()


def test_frozen_leaves_objects_out_of_collection_only_inside_the_block():
    import gc

    from toolkit.report import _frozen

    assert gc.get_freeze_count() == 0
    with _frozen():
        assert gc.get_freeze_count() > 0, "what existed when the block began is frozen"
    assert gc.get_freeze_count() == 0, "and collected as usual again afterwards"
    gc.freeze()
    try:
        with _frozen():
            pass
        assert gc.get_freeze_count() > 0, "a freeze made elsewhere is not undone"
    finally:
        gc.unfreeze()
