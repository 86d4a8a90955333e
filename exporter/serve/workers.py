"""A fixed pool of warm worker processes, with a bounded queue and a time limit for each job."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from . import work

JOB_SECONDS = 120.0  # a build of the longest report allowed takes a fraction of this


class Busy(Exception):
    """Too many jobs are waiting; the message is Chinese."""


class Workers:
    """Runs jobs from `work` in `count` processes; at most `waiting` jobs queue, more are refused at once."""

    def __init__(self, count: int, style_name: str, waiting: int) -> None:
        self.count = count
        self.style_name = style_name
        self.slots = asyncio.Semaphore(count + waiting)
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the server runs threads and an event loop that a forked child must not inherit.
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(self.count, mp_context=context, initializer=work.warm, initargs=(self.style_name,))

    def warm_up(self) -> None:
        """Start every worker now, so the first preview does not wait for them."""
        for future in [self.pool.submit(work.warm, self.style_name) for _ in range(self.count)]:
            future.result()

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """The job's result, or a work.Failure with a message for its own client."""
        if self.slots.locked():
            raise Busy("同时处理的请求太多，请稍等几秒再试。")
        async with self.slots:
            loop = asyncio.get_running_loop()
            try:
                future = loop.run_in_executor(self.pool, work.guarded, function, *args)
                return await asyncio.wait_for(future, JOB_SECONDS)
            except asyncio.TimeoutError:
                return work.Failure(f"处理超过 {int(JOB_SECONDS)} 秒仍未完成，已放弃。请检查报告是否过长。")
            except BrokenProcessPool:
                # A worker died (out of memory, killed): start a fresh pool so later jobs still run.
                self.pool = self._start()
                return work.Failure(work.INTERNAL)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
