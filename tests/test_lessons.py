"""The teaching lessons: well-formed, and each runs clean under papermill as student and as teacher.

As a student (``solutions=False``) every check must print guidance, not raise; as a teacher
(``solutions=True``) every check must pass, which also tests that the solution cells are right.
One test per lesson and edition, so pytest-xdist can run them in parallel.
"""

from pathlib import Path

import nbformat
import pytest
from nbconvert.preprocessors import TagRemovePreprocessor

LESSONS_DIR = Path(__file__).resolve().parents[1] / "notebooks" / "teaching"
LESSONS = sorted(LESSONS_DIR.glob("0*.ipynb"))
IDS = [path.stem for path in LESSONS]


def _is_check(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith("teaching.check_")


def test_there_are_five_lessons_and_a_teachers_readme():
    assert [path.name[:2] for path in LESSONS] == ["01", "02", "03", "04", "05"]
    assert (LESSONS_DIR / "README.md").is_file()


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_is_committed_clean_and_parameterised(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(not cell.get("outputs") and not cell.get("execution_count") for cell in nb.cells if cell.cell_type == "code")
    parameters = [cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert "solutions = False" in parameters[0].source and "corpus_dir =" in parameters[0].source
    first = nb.cells[0].source
    assert first.startswith("# Lesson") and "Learning goals" in first and "Estimated time" in first
    prose = [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    assert any("Into your own corpus" in text for text in prose)
    assert not [line for text in prose for line in text.splitlines() if line.startswith("    ")], "stray code block"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_exercise_has_an_answer_cell_a_solution_and_a_check(path):
    nb = nbformat.read(path, as_version=4)
    solutions = [cell for cell in nb.cells if "solution" in cell.metadata.get("tags", [])]
    checks = [cell for cell in nb.cells if _is_check(cell)]
    assert len(checks) >= 2 and len(solutions) == len(checks)
    assert all(cell.source.startswith("if solutions:") for cell in solutions)


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_student_edition_strips_the_solutions(path):
    nb = nbformat.read(path, as_version=4)
    remover = TagRemovePreprocessor(remove_cell_tags={"solution"}, enabled=True)
    student, _ = remover.preprocess(nb, {})
    assert not [cell for cell in student.cells if "solution" in cell.metadata.get("tags", [])]
    assert sum(map(_is_check, student.cells)) == sum(map(_is_check, nb.cells))


def _check_outputs(path: Path, solutions: bool, tmp_path: Path) -> list[str]:
    """Run the lesson with papermill (cwd = its folder, like Jupyter) and return each check's output."""
    import papermill

    out = papermill.execute_notebook(
        str(path), str(tmp_path / path.name), parameters={"solutions": solutions},
        kernel_name="python3", cwd=str(path.parent), progress_bar=False,
    )
    texts = []
    for cell in filter(_is_check, out.cells):
        results = [o for o in cell.outputs if o.output_type == "execute_result"]
        texts.append(results[0]["data"]["text/plain"] if results else "")
    return texts


# Every lesson runs as the teacher's edition (which proves its solutions right). The student's
# edition differs only in the no-op solution cells, so it runs for the lessons whose later cells
# use an answer (02) or a hand-filled coding sheet (05), and for the first one (01).
STUDENT_RUNS = [path for path in LESSONS if path.name[:2] in ("01", "02", "05")]


@pytest.mark.parametrize("path", STUDENT_RUNS, ids=[path.stem for path in STUDENT_RUNS])
def test_student_edition_runs_and_every_check_asks_for_an_answer(path, tmp_path):
    for text in _check_outputs(path, False, tmp_path):
        assert text.startswith("✘") and "Not answered yet" in text


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_teachers_edition_runs_and_every_solution_passes_its_check(path, tmp_path):
    for text in _check_outputs(path, True, tmp_path):
        assert text.startswith("✔"), text
