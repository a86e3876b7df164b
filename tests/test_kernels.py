"""The report's kernel pool: fresh kernels in the right folder, warm imports, nothing left running."""

from __future__ import annotations

import os
import sys

import pytest

from toolkit.kernels import KernelForkServer, KernelPool, split_launcher, stop_kernel

KERNEL = "python3"


def _run(km, code: str) -> str:
    """Execute ``code`` in the kernel and return what it printed (it must be the kernel's first cell)."""
    from jupyter_core.utils import run_sync

    kc = km.client()
    kc.start_channels()
    run_sync(kc.wait_for_ready)(timeout=60)
    printed = []
    reply = run_sync(kc.execute_interactive)(
        code, timeout=60, output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    assert reply["content"]["status"] == "ok", reply["content"]
    assert reply["content"]["execution_count"] == 1, "warming up took no execution count"
    return "".join(printed)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_kernels_start_in_cwd_with_warm_modules_and_a_fresh_namespace(tmp_path):
    cwd = tmp_path / "reports"
    with KernelPool(cwd, KERNEL, ahead=2, warm=("json.decoder",)) as pool:
        pool.start(3)
        first, second = pool.take(), pool.take()
        code = "import os, sys; print(os.getcwd(), 'json.decoder' in sys.modules, 'json' in dir())"
        shown = [_run(km, code).split() for km in (first, second)]
        assert shown == [[str(cwd), "True", "False"]] * 2, "same folder, module loaded, nothing bound"
        assert first.provisioner.pid != second.provisioner.pid, "one process per notebook"
        pids = [km.provisioner.pid for km in (first, second)]
        for km in (first, second):
            stop_kernel(km)
        assert not any(_alive(pid) for pid in pids)
    assert pool._started == 3, "the third kernel was started ahead, then stopped with the pool"


def test_a_failing_run_leaves_no_folder_and_no_process(tmp_path):
    with pytest.raises(RuntimeError), KernelPool(tmp_path / "reports", KERNEL) as pool:
        server = pool._forks
        raise RuntimeError("analysis failed")
    assert not (tmp_path / "reports").exists()
    if server is not None:
        assert server._process.poll() is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked only on Linux")
def test_kernels_are_forked_from_one_server_on_linux(tmp_path):
    with KernelPool(tmp_path, KERNEL) as pool:
        pool.start(1)
        km = pool.take()
        try:
            assert pool._forks is not None
            parent = int(_run(km, "import os; print(os.getppid())"))
            assert parent == pool._forks._process.pid
        finally:
            stop_kernel(km)


def test_split_launcher_accepts_only_this_pythons_ipykernel():
    python = sys.executable
    assert split_launcher([python, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"]) == (
        [python, "-Xfrozen_modules=off"], ["-f", "c.json"])
    assert split_launcher([python, "-m", "ipykernel_launcher", "-f", "c.json"]) == ([python], ["-f", "c.json"])
    assert split_launcher(["/elsewhere/python", "-m", "ipykernel_launcher", "-f", "c.json"]) is None
    assert split_launcher([python, "-m", "other_kernel", "-f", "c.json"]) is None
    assert split_launcher(["R", "--slave", "-e", "IRkernel::main()"]) is None


def test_no_fork_server_for_an_unknown_kernel():
    assert KernelForkServer.for_kernel("no-such-kernel-here") is None


def test_kernels_start_the_usual_way_when_the_fork_server_is_gone(tmp_path):
    with KernelPool(tmp_path, KERNEL, ahead=1) as pool:
        if pool._forks is not None:
            pool._forks._process.kill()
            pool._forks._process.wait()
        pool.start(1)
        km = pool.take()
        try:
            assert _run(km, "print(6 * 7)").strip() == "42"
        finally:
            stop_kernel(km)


def test_a_kernel_gets_the_environment_its_manager_prepared(tmp_path, monkeypatch):
    with KernelPool(tmp_path, KERNEL) as pool:
        monkeypatch.setenv("TOOLKIT_TEST_MARK", "set after the fork server started")
        pool.start(1)
        km = pool.take()
        try:
            shown = _run(km, "import os; print(os.environ.get('TOOLKIT_TEST_MARK'))")
        finally:
            stop_kernel(km)
    assert shown.strip() == "set after the fork server started"


def test_released_kernels_are_stopped_when_the_pool_closes(tmp_path):
    with KernelPool(tmp_path, KERNEL, ahead=2) as pool:
        pool.start(2)
        kms = [pool.take(), pool.take()]
        assert _run(kms[0], "print(6 * 7)").strip() == "42", "the ready client runs code at once"
        pids = [km.provisioner.pid for km in kms]
        for km in kms:
            pool.release(km)
    assert not any(_alive(pid) for pid in pids)


def test_a_run_that_fails_after_starting_kernels_leaves_no_folder(tmp_path):
    cwd = tmp_path / "out" / "reports"
    with pytest.raises(RuntimeError), KernelPool(cwd, KERNEL, ahead=2) as pool:
        pool.start(2)
        assert cwd.is_dir()
        raise RuntimeError("the corpus could not be loaded")
    assert list(tmp_path.iterdir()) == [], "the folders start() made are removed again"


def test_the_pool_keeps_a_folder_something_was_written_to(tmp_path):
    cwd = tmp_path / "out" / "reports"
    with KernelPool(cwd, KERNEL) as pool:
        pool.start(1)
        (cwd.parent / "run.json").write_text("{}", encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["run.json"], "only the empty folder went"
