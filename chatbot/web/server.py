"""The HTTP server: uvicorn, with the connection guards and without its own proxy-header handling.

``server_config`` is what ``python app.py`` runs and what the tests and the
attack script start, so they measure the same server. uvicorn's
``proxy_headers`` is off: it would believe X-Forwarded-For from 127.0.0.1 (its
default) and read one header line only; ``chatbot.web.proxy`` decides instead.
The open-file limit is raised to what the system allows, and the connection
cap kept below it, so a flood of connections is refused cleanly instead of
exhausting file descriptors (and logging a traceback per failed ``accept``).
"""

from __future__ import annotations

import logging
import resource

import uvicorn
from starlette.types import ASGIApp

from chatbot.config import Settings
from chatbot.web.connections import ConnectionRules, guarded_protocol
from chatbot.web.proxy import TrustedProxies
from chatbot.web.tally import CountingFilter

log = logging.getLogger(__name__)
FD_RESERVE = 512  # files, the index, Redis, logs: never given to client connections

# Per-event records of libraries, turned into counts in the tally.
_NOISE = {
    "asyncio": {"socket.accept() out of system resource": "accept failed: out of file descriptors"},
    "uvicorn.error": {"Invalid HTTP request received.": "invalid HTTP requests"},
}


def raise_open_file_limit() -> int:
    """Raise this process's open-file limit to the hard limit; the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def connection_cap(wanted: int, open_files: int) -> int:
    """``wanted`` connections, or fewer when the open-file limit leaves less room."""
    return max(16, min(wanted, open_files - FD_RESERVE))


def quiet_noisy_loggers() -> None:
    """Per-connection warnings of asyncio and uvicorn become counts (idempotent)."""
    for name, messages in _NOISE.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, CountingFilter) for f in logger.filters):
            logger.addFilter(CountingFilter(messages))


def server_config(app: ASGIApp, settings: Settings, *, host: str | None = None, port: int | None = None,
                  log_level: str = "warning") -> uvicorn.Config:
    """uvicorn's configuration for ``app`` with the guards of ``settings``."""
    cap = connection_cap(settings.max_connections, raise_open_file_limit())
    if cap < settings.max_connections:
        log.warning("at most %d connections (the open-file limit leaves no room for CHATBOT_MAX_CONNECTIONS=%d)",
                    cap, settings.max_connections)
    rules = ConnectionRules(
        header_timeout=settings.header_timeout, max_connections=cap,
        max_per_client=settings.max_connections_per_client, proxies=TrustedProxies.from_settings(settings),
    )
    quiet_noisy_loggers()
    return uvicorn.Config(
        app, host=host or settings.host, port=port or settings.port, log_level=log_level,
        http=guarded_protocol(rules), proxy_headers=False, server_header=False,
        timeout_keep_alive=settings.keep_alive_timeout, backlog=4096, timeout_graceful_shutdown=5,
    )


def serve(app: ASGIApp, settings: Settings) -> None:
    """Serve ``app`` until interrupted."""
    uvicorn.Server(server_config(app, settings)).run()
