"""How many threads the numeric libraries may use in this process: fixed, and small.

An answer's numpy work is a handful of products of a few dozen vectors. A BLAS
thread pool only adds hand-offs to work that size, and in a server answering
several requests at once each product wakes a pool of its own, so the pools
fight over the cores. A fixed count also fixes the order in which floats are
summed, so scores do not depend on the machine's core count.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def limit_blas_threads(threads: int) -> None:
    """Cap every BLAS library loaded in this process (numpy's OpenBLAS, MKL) at ``threads``, for the process's life."""
    from threadpoolctl import threadpool_limits  # inspects the loaded libraries: only when a bot is loaded

    threadpool_limits(limits=max(1, threads), user_api="blas")
    log.debug("BLAS limited to %d thread(s)", max(1, threads))
