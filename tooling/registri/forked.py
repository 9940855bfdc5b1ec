"""Run a few independent, CPU-bound jobs at once in forked children (the reports of a build).

`start` forks them and returns at once, so this process goes on (MkDocs renders the pages while
the children render the report files); `Running.results()` waits for them. `run_all` is both.

Rendering a period's PDF and XLSX is pure Python: threads would wait on each other. A forked
child inherits the job (a closure, with the report it renders) without pickling it, and hands
its result back in a temporary file. Each child also holds the write end of a pipe of its own,
which closes when it exits: waiting for the children is a blocking `select` on those pipes, not
polling. A child runs with the cycle collector off (_in_child). Where fork is not available
(Windows), or when the process runs other threads (fork would copy their locks), the jobs run
one after the other. A job that fails in a child runs again in this process, so its error is
raised here as usual.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import gc
import os
import pickle
import select
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterator


def workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def run_all(jobs: list[Callable[[], Any]], parallel: int | None = None) -> list[Any]:
    return start(jobs, parallel).results()


class Running:
    """Jobs started in children (or, where that cannot be, to be run here when asked)."""

    def __init__(self, jobs: list[Callable[[], Any]], parallel: int, alone: bool = False,
                 background: bool = False, pool: bool = False) -> None:
        self.jobs, self.parallel = list(jobs), parallel
        self.background = background               # children yield the cores to this process
        self.values: list[Any] = [None] * len(jobs)
        self.done = [False] * len(jobs)
        self.running: dict[int, int] = {}          # child pid -> job index
        self.pipes: dict[int, int] = {}            # child pid -> read end of its pipe (EOF: it has exited)
        self.next = 0                              # the next job to start
        self.folder: tempfile.TemporaryDirectory | None = None
        # One job is forked only when this process has its own work meanwhile (`alone`, see beside;
        # a `pool`'s jobs come later, by add).
        self.forking = bool(len(jobs) >= 2 or alone and jobs or pool) and parallel >= 2 and hasattr(os, "fork") \
            and threading.active_count() == 1
        if self.forking:
            self.folder = tempfile.TemporaryDirectory(prefix="registri-jobs-")
            self._fill()

    def _fill(self) -> None:
        while self.next < len(self.jobs) and len(self.running) < self.parallel:
            index, job = self.next, self.jobs[self.next]
            self.next += 1
            readable, writable = os.pipe()
            pid = os.fork()
            if pid == 0:                                   # the child: do the job, write, leave
                code = 1
                try:
                    os.close(readable)
                    _in_child()
                    if self.background:
                        _yield_cores()
                    value, after = job(), None
                    if isinstance(value, Then):
                        value, after = value.value, value.after
                    part = Path(self.folder.name, f"{index}.part")
                    part.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                    os.replace(part, Path(self.folder.name, f"{index}.pickle"))    # whole, or not there
                    code = 0
                    if after is not None:
                        Path(self.folder.name, f"{index}.then").touch()    # the parent does not wait
                        os.close(writable)                 # the parent takes the value now
                        _yield_cores()
                        with contextlib.suppress(Exception):
                            after()
                finally:
                    os._exit(code)                         # closes `writable`: the parent wakes up
            os.close(writable)      # only the child holds it now, so its exit is the pipe's end
            self.running[pid] = index
            self.pipes[pid] = readable

    def add(self, jobs: list[Callable[[], Any]]) -> None:
        """More jobs, started as children end (see Pool)."""
        self.jobs += jobs
        self.values += [None] * len(jobs)
        self.done += [False] * len(jobs)
        self.poll()

    def poll(self) -> None:
        """Collect the children that have ended and start the next jobs in their place, without
        waiting (a process doing work of its own between jobs it added keeps the cores busy)."""
        if self.forking:
            while self.running and _ended(self.pipes):
                _reap(self.running, self.pipes, self.folder.name, self.values, self.done)
            self._fill()

    def results(self) -> list[Any]:
        if self.forking:
            while self.running:
                _reap(self.running, self.pipes, self.folder.name, self.values, self.done)
                self._fill()
            self.folder.cleanup()
            self.forking = False
        for index, job in enumerate(self.jobs):
            if not self.done[index]:
                value = job()
                if isinstance(value, Then):
                    value.after()
                    value = value.value
                self.values[index] = value
                self.done[index] = True
        return self.values


@dataclasses.dataclass(frozen=True)
class Then:
    """What a job returns to hand `value` back before it does `after` (writing a cache that the
    process waiting for the value need not wait for). Run here, `after` runs first."""

    value: Any
    after: Callable[[], None]


_lingering: set[int] = set()       # children that handed their value back and are doing their `after`


def settle() -> None:
    """Wait for the children still doing their `after` (a build does before it ends)."""
    for pid in sorted(_lingering):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        _lingering.discard(pid)


atexit.register(settle)


def start(jobs: list[Callable[[], Any]], parallel: int | None = None, batches: int | None = None) -> "Running | Grouped":
    """Start `jobs`; with `batches`, in that many children at most, each doing every batches-th job
    in order (forking a process that holds a large register costs tens of milliseconds: sixty report
    files in sixty children cost seconds of forking alone)."""
    if batches is not None and len(jobs) > batches:
        return Grouped(jobs, [list(range(k, len(jobs), batches)) for k in range(batches)], parallel or workers())
    return Running(jobs, parallel or workers())


def _yield_cores() -> None:
    """This (child) process runs only when the others leave a core free: what it makes is needed
    later than what they make (downloads after pages, a cache after the value). Once: a child
    forked by a process already in the background (the report child, making the light downloads
    while its pool renders the long ones) stays at the same niceness as its parent."""
    global _niced
    if _niced:
        return
    with contextlib.suppress(AttributeError, OSError):
        os.nice(BACKGROUND_NICENESS)
    _niced = True


BACKGROUND_NICENESS = 10


def in_background() -> None:
    """Lower this process's priority if it is a forked child (a Stages child whose work from here
    on is needed last); the build's own process keeps its priority."""
    if _forked:
        _yield_cores()


def start_longest_first(jobs: list[Callable[[], Any]], weights: list[float], light: float = 2.0,
                        background: bool = False) -> "Pool":
    """Start `jobs` (results in their order), the heaviest first, each job of weight `light` or
    more in a child of its own and the lighter ones grouped into children of about that weight:
    as a child ends the next group starts, so one long job (the public DIK's PDF) runs beside
    all the others instead of after a share of them (round-robin batches put it behind several).
    A Pool of one batch (Pool.add for more)."""
    pool = Pool(background)
    pool.add(jobs, weights, light)
    return pool


def longest_first(weights: list[float], light: float = 2.0) -> list[list[int]]:
    """The jobs of `weights` in groups, heaviest first (see start_longest_first)."""
    order = sorted(range(len(weights)), key=lambda n: -weights[n])
    groups: list[list[int]] = []
    load = light
    for n in order:
        if weights[n] >= light or load + weights[n] > light:
            groups.append([])
            load = 0.0
        groups[-1].append(n)
        load += weights[n]
    return groups


def staged(make: Callable[[], Iterator[Any]], count: int) -> "Stages":
    """The generator `make()` run in a child while this process goes on; `.stage(n)` is the n-th of
    the `count` values it yields, handed back as soon as it is yielded (see Stages)."""
    return Stages(make, count)


def beside(job: Callable[[], Any]) -> Running:
    """`job` started in a child while this process does something else; `.results()[0]` is its
    value (where no child can be forked, the job runs then, here)."""
    return Running([job], workers(), alone=True)


class Grouped:
    """Jobs run in groups, one child per group, `parallel` at a time; results in the jobs' order."""

    def __init__(self, jobs: list[Callable[[], Any]], groups: list[list[int]], parallel: int,
                 background: bool = False) -> None:
        self.size = len(jobs)
        self.groups = groups
        self.running = Running([lambda group=group: [jobs[n]() for n in group] for group in self.groups], parallel,
                               background=background)

    def results(self) -> list[Any]:
        values: list[Any] = [None] * self.size
        for group, found in zip(self.groups, self.running.results()):
            for n, value in zip(group, found):
                values[n] = value
        return values


class Pool(Grouped):
    """Jobs added in batches while this process goes on (the report downloads, as each part of the
    reports is computed), in groups heaviest first within a batch (longest_first), with at most
    `workers()` children at a time across all batches: a batch added later starts as soon as a
    child of any batch has ended and this process adds or waits. results() gives every job's
    value in the order added."""

    def __init__(self, background: bool = False) -> None:
        # Children in the background take only what the other processes leave of the cores: one
        # more than the cores keeps the long job of a later batch from waiting behind two others.
        # (One core: no child at all, the jobs run here when their results are asked for.)
        cores = workers()
        self.size, self.groups = 0, []
        self.running = Running([], cores + 1 if background and cores >= 2 else cores, background=background,
                               pool=True)

    def add(self, jobs: list[Callable[[], Any]], weights: list[float], light: float = 2.0) -> None:
        base, groups = self.size, longest_first(weights, light)
        self.size += len(jobs)
        self.groups += [[base + n for n in group] for group in groups]
        self.running.add([lambda group=group: [jobs[n]() for n in group] for group in groups])

    def poll(self) -> None:
        """See Running.poll."""
        self.running.poll()


# The write ends of the pipes of a Stages child's values not yet given. A child it forks (the report
# downloads, started before the pages are handed back) closes them: were it to hold one, the
# process waiting for that value would wait for the grandchild's end too.
_stage_ends: set[int] = set()
_forked = False         # this process is a child forked here
_niced = False          # this process yielded the cores (inherited by the children it forks)


def _in_child() -> None:
    """What every forked child does first: close the stage pipes it inherited, and switch the cycle
    collector off. A child lives for one job; the collector would walk the whole inherited
    register and history (not frozen in the child) again and again. Measured at 10,000 records, in
    one process: the reports computed in 2.3-3.1 s with it off against 3.9-4.4 s on, the flat DIK's
    XLSX in 2.0 s against 2.8-2.9 s; memory grew by 25 MB for the reports either way, by 41 MB
    against 3 MB for the XLSX."""
    global _forked
    _forked = True
    for end in _stage_ends:
        with contextlib.suppress(OSError):
            os.close(end)
    _stage_ends.clear()
    gc.disable()


def _unpickled(file: Path) -> Any:
    """A child's result. A large one (the history of 10,000 records) unpickled with the cycle
    collector on has every live object walked again and again."""
    data = file.read_bytes()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _ended(pipes: dict[int, int]) -> bool:
    """Whether a child of these pipes has ended (without waiting)."""
    return bool(select.select(list(pipes.values()), [], [], 0)[0])


def _reap(running: dict[int, int], pipes: dict[int, int], folder: str, results: list, done: list) -> None:
    """Collect one finished child of ours. Only our own pids are waited for: os.wait() could take
    the exit status of a Git or Pagefind subprocess this process is running meanwhile. Blocks
    until one of our children's pipes ends (it exited), then waits for that pid only."""
    by_pipe = {pipes[pid]: pid for pid in running}
    ready, _, _ = select.select(list(by_pipe), [], [])   # no timeout: returns once a pipe is ready
    pid = by_pipe[ready[0]]
    os.close(pipes.pop(pid))
    index = running.pop(pid)
    file = Path(folder, f"{index}.pickle")       # written whole before the pipe closed, or not at all
    if Path(folder, f"{index}.then").is_file():
        _lingering.add(pid)                      # its value is here, its `after` still running (Then)
    else:
        os.waitpid(pid, 0)                       # it closed its pipe by exiting: returns at once
    if file.is_file():
        results[index] = _unpickled(file)
        done[index] = True


class Stages:
    """A generator run in one forked child, each value it yields handed back at once (the site's
    report pages are needed long before its downloads are rendered). The child writes value n to
    a file and closes pipe n: `stage(n)` blocks on that pipe only. If the child fails, or cannot be
    forked, the generator runs here from the start when a value it did not give is asked for, so
    its error is raised here as usual."""

    def __init__(self, make: Callable[[], Iterator[Any]], count: int) -> None:
        self.make, self.count = make, count
        self.values: dict[int, Any] = {}
        self.local: Iterator[Any] | None = None     # the generator run here (no child, or it failed)
        self.pid: int | None = None
        self.pipes: dict[int, int] = {}
        self.folder: tempfile.TemporaryDirectory | None = None
        if workers() >= 2 and hasattr(os, "fork") and threading.active_count() == 1:
            self._fork()

    def _fork(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="registri-stages-")
        ends = [os.pipe() for _ in range(self.count)]
        pid = os.fork()
        if pid == 0:                                       # the child: one file and one pipe per value
            code = 1
            try:
                _in_child()
                for readable, _ in ends:
                    os.close(readable)
                _stage_ends.update(writable for _, writable in ends)
                for n, value in zip(range(self.count), self.make()):
                    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                    Path(self.folder.name, f"{n}.pickle").write_bytes(data)
                    os.close(ends[n][1])                   # value n is ready
                    _stage_ends.discard(ends[n][1])
                code = 0
            finally:
                os._exit(code)
        for n, (readable, writable) in enumerate(ends):
            os.close(writable)
            self.pipes[n] = readable
        self.pid = pid

    def stage(self, n: int) -> Any:
        if n not in self.values and self.pid is not None:
            self._wait_for(n)
        if n not in self.values:
            self._run_here(n)
        if n == self.count - 1:
            self.close()
        return self.values[n]

    def _wait_for(self, n: int) -> None:
        readable = self.pipes.pop(n, None)
        if readable is None:
            return
        while os.read(readable, 4096):                     # EOF: value n written, or the child ended
            pass
        os.close(readable)
        file = Path(self.folder.name, f"{n}.pickle")
        if file.is_file():
            self.values[n] = _unpickled(file)
            file.unlink()

    def _run_here(self, n: int) -> None:
        self.close()
        if self.local is None:
            self.local = iter(self.make())
            self.values.clear()                            # every value from one run
        while n not in self.values:
            self.values[len(self.values)] = next(self.local)

    def close(self) -> None:
        """Wait for the child (ending it first if values are still to come) and clean up."""
        if self.pid is not None:
            if self.pipes:
                os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
            self.pid = None
        for readable in self.pipes.values():
            os.close(readable)
        self.pipes.clear()
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None
