"""A local SMTP server (aiosmtpd) that keeps what it receives, and a briefing configuration
pointing at it."""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

COAL = "Central-South Coal Industry Administration Bureau"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def write_config(folder: Path, port: int, recipients: list[tuple[str, str | None]]) -> Path:
    lines = [
        'app_url = "http://dash.example:8501"',
        f'out_dir = "{folder / "out"}"',
        "[smtp]",
        'host = "127.0.0.1"',
        f"port = {port}",
        'from = "Briefings <briefings@example.org>"',
        "timeout_seconds = 10",
    ]
    for address, bureau in recipients:
        lines += ["[[recipients]]", f'email = "{address}"']
        if bureau:
            lines.append(f'bureau = "{bureau}"')
    path = folder / "briefing.toml"
    path.write_text("\n".join(lines) + "\n")
    return path
