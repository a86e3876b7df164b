"""Jupyter kernels for the report notebooks, started before they are needed.

A kernel takes about a second to start a Python and import IPython, pandas, matplotlib and toolkit;
six report notebooks paid that six times, one after another. ``KernelPool`` hands each notebook a
fresh kernel of its own that is already running: on Linux every kernel is forked from one
``KernelForkServer`` that has done those imports once (started before the analysis, which overlaps
them); elsewhere each kernel imports them as it starts. Forked or not, a kernel is the usual
``ipykernel_launcher`` app in a process of its own, with its own connection file and an untouched
user namespace.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

LAUNCHER = ["-m", "ipykernel_launcher"]


@cache
def kernel_manager(cwd: str, quiet: bool, warm: tuple[str, ...] = ()) -> type:
    """A kernel manager class: kernels start in ``cwd`` with the ``warm`` modules imported, silent if ``quiet``.

    Cell output is captured in the notebook either way; quiet kernels keep the terminal to the
    command's own messages (start-up warnings go nowhere). A manager given a fork server (``forks``)
    forks its kernel from it when the kernelspec runs this Python's ``ipykernel_launcher``. It
    remembers its clients so that ``stop_kernel`` also closes the sockets of clients it handed out.
    """
    from jupyter_client.manager import AsyncKernelManager

    # IPython runs these before the kernel answers; ``del`` leaves the namespace as a fresh kernel's
    top = sorted({name.split(".")[0] for name in warm})
    warm_lines = [f"import {', '.join(warm)}", f"del {', '.join(top)}"] if warm else []

    class ReportKernelManager(AsyncKernelManager):
        forks: KernelForkServer | None = None
        client_factory = ready_client()

        async def start_kernel(self, **kw):
            kw["cwd"] = cwd
            extra = [*kw.get("extra_arguments", []), *(f"--IPKernelApp.exec_lines={line}" for line in warm_lines)]
            if not any(arg.startswith("--HistoryManager.hist_file") for arg in extra):
                extra.append("--HistoryManager.hist_file=:memory:")  # as nbclient does for the kernels it starts
            kw["extra_arguments"] = extra
            if quiet:
                kw.setdefault("stdout", subprocess.DEVNULL)
                kw.setdefault("stderr", subprocess.DEVNULL)
            return await super().start_kernel(**kw)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            split = split_launcher(kernel_cmd)
            forkable = self.forks is not None and split is not None and split[0] == self.forks.interpreter
            process = self.forks.spawn(split[1], cwd, kw.get("env")) if forkable else None
            if process is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            self.provisioner.process, self.provisioner.pid, self.provisioner.pgid = process, process.pid, process.pid
            self._reconcile_connection_info(self.provisioner.connection_info)

        def client(self, **kw):
            kc = super().client(**kw)
            self.__dict__.setdefault("_report_clients", []).append(kc)
            return kc

    return ReportKernelManager


@cache
def ready_client() -> type:
    """The kernel client class: ``wait_for_ready`` returns as soon as the kernel is known to be ready.

    jupyter_client's own ends by waiting until IOPub has been quiet for 0.2 s, a fixed 0.2 s per
    notebook; the messages that wait drains answer no request of nbclient's, which skips them anyway.
    """
    from jupyter_client.asynchronous import AsyncKernelClient

    class ReadyKernelClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """Ready once ``kernel_info`` is answered on shell and IOPub delivers (ipykernel greets each subscriber)."""
            deadline = time.monotonic() + (math.inf if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    reply = await self.get_shell_msg(timeout=1)
                    if reply["msg_type"] == "kernel_info_reply":
                        await self.get_iopub_msg(timeout=0.2)
                        self._handle_kernel_info_reply(reply)
                        return
                except queue.Empty:
                    pass
                if not await self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    return ReadyKernelClient


def split_launcher(argv: list[str]) -> tuple[list[str], list[str]] | None:
    """``(python and its options, the launcher's arguments)`` when ``argv`` runs ``ipykernel_launcher``
    in the Python running this code; None for any other kernel command."""
    for i in range(1, len(argv) - 1):
        if argv[i:i + len(LAUNCHER)] == LAUNCHER:
            same = os.path.abspath(argv[0]) == os.path.abspath(sys.executable)
            return (argv[:i], argv[i + len(LAUNCHER):]) if same and all(a.startswith("-") for a in argv[1:i]) else None
    return None


def stop_kernel(km) -> None:
    """Stop a kernel at once (its notebook is written) and close its clients' sockets."""
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    finally:
        for kc in km.__dict__.get("_report_clients", []):
            kc.stop_channels()


class KernelPool:
    """Started kernels for one run: ``take`` gives each notebook a fresh one, ready or nearly so.

    The fork server (where available) starts with the pool. ``start(total)`` then starts ``ahead``
    kernels in a background thread, and each ``take`` starts the next while fewer than ``total``
    have been started, so a kernel boots while the notebooks before it run. The caller hands each
    kernel it took back to ``release``, which stops it in the background; leaving the ``with`` block
    waits for those, stops the kernels nobody took and the fork server, and removes the folders
    ``start`` created if nothing was written in them (a run that failed before its notebooks).
    Thread-safe: notebooks take kernels from several threads.
    """

    def __init__(self, cwd: Path | str, kernel_name: str, *, quiet: bool = True, ahead: int = 1,
                 warm: tuple[str, ...] = ()):
        self.cwd = Path(cwd).resolve()
        self.kernel_name = kernel_name
        self.quiet = quiet
        self.warm = tuple(warm)
        self.total = 0  # kernels needed in all
        self._ahead = max(1, ahead)
        self._started = 0
        self._ready: deque[Future] = deque()
        self._lock = threading.Lock()
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kernel-start")
        self._stopper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kernel-stop")
        self._created: list[Path] = []  # folders start() made, deepest first
        self._forks = KernelForkServer.for_kernel(kernel_name, self.warm, quiet=quiet)

    def start(self, total: int) -> None:
        """Start the first kernels (in ``cwd``, created) for ``total`` notebooks.

        May be called again with a larger ``total`` once the number of notebooks is known.
        """
        with self._lock:
            if not self._created and not self.cwd.exists():
                self._created = [p for p in (self.cwd, *self.cwd.parents) if not p.exists()]
            self.cwd.mkdir(parents=True, exist_ok=True)
            self.total = max(self.total, total)
            self._top_up()

    def take(self):
        """A started kernel's manager for one notebook (the caller stops it); starts the next one."""
        with self._lock:
            pending = self._ready.popleft() if self._ready else self._start()
            self._top_up()
        return pending.result()

    def release(self, km) -> None:
        """Stop a kernel taken from the pool, in the background: its notebook is written, the caller goes on."""
        self._stopper.submit(stop_kernel, km)

    def close(self) -> None:
        """Wait for the released kernels to stop, stop those started but not taken, then the fork server."""
        self._stopper.shutdown()
        with self._lock:
            idle, self._ready = list(self._ready), deque()
        try:
            for pending in idle:
                if pending.exception() is None:
                    stop_kernel(pending.result())
        finally:
            self._starter.shutdown()
            if self._forks is not None:
                self._forks.close()
            for folder in self._created:  # an empty folder is all a run that failed early leaves
                with contextlib.suppress(OSError):
                    folder.rmdir()

    def _top_up(self) -> None:
        while len(self._ready) < self._ahead and self._started < self.total:
            self._ready.append(self._start())

    def _start(self) -> Future:
        self._started += 1
        return self._starter.submit(self._launch)

    def _launch(self):
        from jupyter_core.utils import run_sync

        km = kernel_manager(str(self.cwd), self.quiet, self.warm)(kernel_name=self.kernel_name)
        km.forks = self._forks
        run_sync(km.start_kernel)()
        return km

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class KernelForkServer:
    """A Python that imports ipykernel (with the debugger and completer it loads as each kernel starts)
    and the ``warm`` modules once, then forks one kernel per request.

    A forked kernel runs the usual ``ipykernel_launcher`` app with its own connection file, in a
    session of its own (stopping its process group stops only it); the server reaps it, so its CPU
    time is still counted to the run. Requests are JSON lines on the server's stdin; each reply, the
    kernel's pid, comes on a pipe of its own (the kernels keep the server's stdout and stderr).
    """

    def __init__(self, interpreter: list[str], warm: tuple[str, ...] = (), *, quiet: bool = True):
        self.interpreter = interpreter  # the kernelspec's Python and its options (e.g. -Xfrozen_modules=off)
        read_fd, write_fd = os.pipe()
        out = subprocess.DEVNULL if quiet else None
        self._process = subprocess.Popen(
            [*interpreter, "-c", "from toolkit.kernels import _fork_server; _fork_server()", str(write_fd), *warm],
            stdin=subprocess.PIPE, stdout=out, stderr=out, pass_fds=(write_fd,))
        os.close(write_fd)
        self._replies = os.fdopen(read_fd, "r", encoding="utf-8")
        self._lock = threading.Lock()
        self._spawned = 0

    @classmethod
    def for_kernel(cls, kernel_name: str, warm: tuple[str, ...] = (), *, quiet: bool = True) -> KernelForkServer | None:
        """A server for the kernelspec ``kernel_name`` if its kernels can be forked from this Python, else None.

        Only on Linux (on macOS, forking a process that has loaded system frameworks is unsafe) and
        only for a kernelspec that runs ``ipykernel_launcher`` in this very Python.
        """
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        if not sys.platform.startswith("linux"):
            return None
        try:
            split = split_launcher(KernelSpecManager().get_kernel_spec(kernel_name).argv)
        except NoSuchKernel:
            return None
        return None if split is None else cls(split[0], warm, quiet=quiet)

    def spawn(self, argv: list[str], cwd: str, env: dict[str, str] | None = None) -> ForkedKernel | None:
        """Fork a kernel running ``ipykernel_launcher`` with ``argv`` in ``cwd`` and ``env`` (the environment
        jupyter_client prepared for it): its Popen-like handle, or None if the server has stopped (the
        caller then starts the kernel the usual way)."""
        request = {"argv": argv, "cwd": cwd, "env": dict(os.environ if env is None else env)}
        with self._lock:
            self._spawned += 1
            try:
                self._process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
                self._process.stdin.flush()
                reply = self._replies.readline()
            except OSError:
                reply = ""
        return ForkedKernel(int(reply)) if reply.strip().isdigit() else None

    def close(self) -> None:
        """End the requests; the server stops any kernel still running, reaps them all and exits.

        A server that never forked (the run failed before any notebook) is stopped at once.
        """
        try:
            if not self._spawned:
                self._process.kill()
            with contextlib.suppress(OSError):
                self._process.stdin.close()
            self._process.wait(timeout=30)
        finally:
            self._replies.close()


class ForkedKernel:
    """The handle jupyter_client keeps for a forked kernel, as it would a ``subprocess.Popen``.

    The fork server, its parent, reaps it as soon as it ends, so it has ended when its pid is gone.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # the exit status went to the fork server
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _fork_server() -> None:
    """Body of the ``KernelForkServer`` process: ``argv`` is the reply pipe, then the modules to import.

    The imported modules' objects are frozen out of garbage collection (``gc.freeze``), so a kernel's
    collections do not walk them again, nor copy the memory pages they share with the server.
    """
    import gc
    import importlib

    from ipykernel import kernelapp

    for name in ("ipykernel.debugger", "IPython.core.completer", *sys.argv[2:]):
        with contextlib.suppress(Exception):  # a module that fails is left to the kernel to import and report
            importlib.import_module(name)
    gc.freeze()
    replies = os.fdopen(int(sys.argv[1]), "w", encoding="utf-8")
    kernels: set[int] = set()

    def reap(*_) -> None:
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            kernels.discard(pid)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the report's to handle
    signal.signal(signal.SIGCHLD, reap)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _run_kernel(request, replies, kernelapp)
        kernels.add(pid)
        replies.write(f"{pid}\n")
        replies.flush()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in list(kernels):  # the run has ended: no kernel outlives it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    for pid in kernels:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os._exit(0)  # nothing to flush or clean up: skip tearing down pandas and matplotlib


def _run_kernel(request: dict, replies, kernelapp) -> None:
    """In a forked child: become a kernel as jupyter_client would launch it, then exit (never returns)."""
    code = 1
    try:  # own session, stdin closed, the parent (the server) watched like a launcher's
        replies.close()
        os.setsid()
        os.chdir(request["cwd"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        kernelapp.launch_new_instance(argv=request["argv"])
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)
