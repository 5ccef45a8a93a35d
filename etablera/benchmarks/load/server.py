"""The web server of `make load`: gunicorn with production settings on a free port of 127.0.0.1 — its
environment (`server_environment`), waiting until it answers, and stopping it gracefully.
"""

from __future__ import annotations

import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

# The production configuration, as docs/operations.md has it (the repository's deploy/).
GUNICORN_CONFIG = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(base: dict[str, str], port: int) -> dict[str, str]:
    """Production settings (deploy/production.env.example) for a plain-HTTP run on loopback: DEBUG off, a fresh
    secret key, only 127.0.0.1 as host. Without TLS, the HTTPS redirect and secure-only cookies must be off —
    a client does not send a Secure cookie over http://, so no one could stay signed in."""
    env = {k: v for k, v in base.items() if not k.startswith(("ETABLERA_DEBUG", "SECRET_KEY"))}
    env.update(
        DJANGO_SETTINGS_MODULE="etablera.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SESSION_COOKIE_AGE="3600",
        LOG_LEVEL="WARNING",
    )
    return env


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {process.returncode}); see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — our own loopback URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's master (a graceful stop of its workers), SIGKILL if it has not gone in 30 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
