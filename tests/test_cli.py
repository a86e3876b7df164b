"""The command line's contract for fatal problems: exit 2, one plain sentence, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from toolkit import cli

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.err.strip().splitlines(), captured.out


@pytest.fixture
def bad_corpus(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(bytes.fromhex("89504e470d0a1a0a") + b"\x00" * 16)
    return folder


def test_missing_corpus(capsys, tmp_path):
    code, err, _ = run(capsys, "report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert code == 2 and len(err) == 1
    assert err[0] == f"There is no corpus at {tmp_path / 'nowhere'}."
    assert not (tmp_path / "out").exists()


def test_nothing_loadable_names_the_reasons(capsys, bad_corpus, tmp_path):
    code, err, _ = run(capsys, "report", str(bad_corpus), "--out", str(tmp_path / "out"))
    assert code == 2 and len(err) == 1
    assert "None of the 2 inputs" in err[0] and "empty.txt: empty file" in err[0] and "PNG" in err[0]
    assert not (tmp_path / "out").exists()


def test_empty_folder(capsys, tmp_path):
    (tmp_path / "corpus").mkdir()
    code, err, _ = run(capsys, "analyze", str(tmp_path / "corpus"), "--out", str(tmp_path / "out"))
    assert code == 2 and err == [f"There is nothing to load in {(tmp_path / 'corpus').resolve()} "
                                 "(no .txt or .html files, no rows)."]


@pytest.mark.parametrize("manifest", ["missing.csv", "broken.csv"])
def test_unreadable_manifest(capsys, tmp_path, manifest):
    (tmp_path / "broken.csv").write_text('file,outlet\n"never closed\n', encoding="utf-8")
    code, err, _ = run(capsys, "report", str(ROOT / "seeds"), "--manifest", str(tmp_path / manifest),
                       "--out", str(tmp_path / "out"))
    assert code == 2 and len(err) == 1 and "manifest" in err[0] and "Traceback" not in err[0]


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception, match="There is no corpus"):
        cli.main(["report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), "--debug"])


def test_unexpected_errors_are_one_line_too(capsys, monkeypatch, tmp_path):
    def boom(*args, **kwargs):
        raise ValueError("something\nwent wrong")

    monkeypatch.setattr("toolkit.report.run_report", boom)
    code, err, _ = run(capsys, "report", "seeds", "--out", str(tmp_path))
    assert code == 2 and err == ["The run failed (ValueError: something went wrong); rerun with --debug for details."]


@pytest.mark.parametrize("argv", [["report", "--jobs", "0"], ["report", "--engine", "spark"], ["frobnicate"]])
def test_bad_options_are_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_analyze_writes_only_the_tables(capsys, tmp_path):
    code, err, out = run(capsys, "analyze", str(ROOT / "seeds"), "--out", str(tmp_path / "out"))
    assert code == 0 and err == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["analysis"]
    quotes = pd.read_csv(tmp_path / "out" / "analysis" / "quotes.csv")
    assert set(quotes["outlet"]) <= set(pd.read_csv(ROOT / "seeds" / "manifest.csv")["outlet"])
    assert "Analysis written to" in out


def test_console_script_entry_point_is_main():
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("framing-toolkit") == "toolkit.cli:main"


def test_engine_choices_follow_the_engine_module():
    from toolkit.engine import ENGINES

    assert cli.ENGINES == ENGINES


@pytest.mark.parametrize(("tty", "ci", "shown"), [(True, None, True), (True, "true", False), (False, None, False)])
def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch, tty, ci, shown):
    from toolkit import report

    monkeypatch.setattr("sys.stderr.isatty", lambda: tty)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert report._show_progress() is shown
