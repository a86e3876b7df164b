"""The committed report notebooks are clean templates: no outputs, kernel python3, one parameters cell."""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_the_three_report_notebooks_are_committed():
    names = {p.name for p in NOTEBOOKS}
    assert {"outlet_report.ipynb", "comparative_report.ipynb", "explore.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs_and_one_parameters_cell(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    assert tagged[0] is code[0], "parameters must be set before any other code runs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_is_plain_assignments_papermill_can_read(path):
    import papermill

    params = papermill.inspect_notebook(str(path))
    nb = nbformat.read(str(path), as_version=4)
    tagged = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assignments = [line for line in tagged.source.splitlines() if line and not line.startswith("#")]
    assert len(params) == len(assignments)
    assert all(p["help"] for p in params.values()), "every parameter has a comment saying what it is"
