"""Run a few independent, CPU-bound jobs at once in forked children (the reports of a build).

Rendering a period's PDF and XLSX is pure Python: threads would wait on each other. A forked
child inherits the job (a closure, with the report it renders) without pickling it, and hands
its result back in a temporary file. Where fork is not available (Windows), or when the process
runs other threads (fork would copy their locks), the jobs run one after the other. A job that
fails in a child runs again in this process, so its error is raised here as usual.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable


def workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def run_all(jobs: list[Callable[[], Any]], parallel: int | None = None) -> list[Any]:
    parallel = parallel or workers()
    if len(jobs) < 2 or parallel < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [job() for job in jobs]
    results: list[Any] = [None] * len(jobs)
    done = [False] * len(jobs)
    with tempfile.TemporaryDirectory(prefix="registri-jobs-") as folder:
        running: dict[int, int] = {}
        for index, job in enumerate(jobs):
            while len(running) >= parallel:
                _reap(running, folder, results, done)
            pid = os.fork()
            if pid == 0:                                   # the child: do the job, write, leave
                code = 1
                try:
                    data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
                    Path(folder, f"{index}.pickle").write_bytes(data)
                    code = 0
                finally:
                    os._exit(code)
            running[pid] = index
        while running:
            _reap(running, folder, results, done)
    for index, job in enumerate(jobs):
        if not done[index]:
            results[index] = job()
    return results


def _reap(running: dict[int, int], folder: str, results: list, done: list) -> None:
    pid, status = os.wait()
    index = running.pop(pid, None)
    if index is None:
        return
    file = Path(folder, f"{index}.pickle")
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and file.is_file():
        results[index] = pickle.loads(file.read_bytes())
        done[index] = True
