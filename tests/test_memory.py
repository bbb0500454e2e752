"""The server's malloc settings take effect where the C library is glibc (Debian, the CI machine)."""

import platform

import pytest

from chatbot.web.memory import return_freed_memory_promptly


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_accepts_every_setting():
    assert return_freed_memory_promptly() is True
