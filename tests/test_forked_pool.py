"""forked.Pool (report downloads added in batches as the reports are computed) and what every
forked child does first: close the stage pipes it inherited, switch the cycle collector off."""

from __future__ import annotations

import gc
import os

import pytest

from registri import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or forked.workers() < 2, reason="needs fork and two cores")


def is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def test_a_pool_gives_every_batchs_values_in_the_order_added():
    forked.settle()
    pool = forked.Pool(background=True)
    pool.add([lambda n=n: ("a", n, os.getpid()) for n in range(5)], [24.0, 0.3, 3.0, 0.3, 1.0])
    pool.add([lambda n=n: ("b", n, os.getpid()) for n in range(3)], [12.0, 0.3, 0.3])
    values = pool.results()
    assert [v[:2] for v in values] == [("a", n) for n in range(5)] + [("b", n) for n in range(3)]
    assert os.getpid() not in {v[2] for v in values}          # made in children
    assert len({v[2] for v in values}) >= 3                   # the heavy jobs each in a child of its own


def test_a_job_that_fails_in_a_pool_raises_its_error_here():
    pool = forked.Pool()
    pool.add([lambda: 1, lambda: 1 // 0], [1.0, 3.0])
    with pytest.raises(ZeroDivisionError):
        pool.results()


def test_children_of_a_stage_child_do_not_hold_the_pipes_of_its_values():
    # The report child starts downloads before it hands its pages back: a grandchild holding the
    # pages' pipe would keep the build waiting for the pages until that download ended.
    def stages():
        ends = sorted(forked._stage_ends)                    # this (stage) child's pipes still to close
        pool = forked.Pool(background=True)
        pool.add([lambda: [end for end in ends if is_open(end)], lambda: gc.isenabled()], [3.0, 3.0])
        yield ends
        yield pool.results()

    staged = forked.staged(stages, 2)
    ends = staged.stage(0)
    still_open, collecting = staged.stage(1)
    assert len(ends) == 2                                    # both pipes were open in the stage child
    assert still_open == [] and collecting is False


def test_a_forked_child_runs_without_the_cycle_collector_and_this_process_keeps_it():
    assert gc.isenabled()
    assert forked.run_all([gc.isenabled, gc.isenabled]) == [False, False]
    assert gc.isenabled()
