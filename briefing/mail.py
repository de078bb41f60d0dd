"""The briefing's configuration (recipients, mail server) and the messages it sends."""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from briefing.data import Scope

SECURITY = ("none", "starttls", "ssl")


class ConfigError(ValueError):
    """A briefing configuration that cannot be used: names the file and the key."""


class SendError(RuntimeError):
    """Sending failed: says to which server, why, and which messages went before it did."""


@dataclass(frozen=True)
class Smtp:
    host: str = "localhost"
    port: int = 25
    security: str = "none"
    username: str = ""
    password_env: str = "EMULATION_SMTP_PASSWORD"
    sender: str = "briefings@localhost"
    timeout_seconds: float = 30.0


@dataclass(frozen=True)
class Recipient:
    email: str
    scope: Scope


@dataclass(frozen=True)
class BriefingConfig:
    smtp: Smtp = Smtp()
    recipients: tuple[Recipient, ...] = ()
    app_url: str = "http://localhost:8501"
    out_dir: Path = Path(".data/briefings")
    source: str = "defaults"

    @property
    def scopes(self) -> list[Scope]:
        """Each scope some recipient receives, once, in the file's order."""
        return list(dict.fromkeys(r.scope for r in self.recipients))


def _get(table: dict, key: str, kind: type | tuple, where: str, default):
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ConfigError(f"{where} {key}: {value!r} is not a {getattr(kind, '__name__', kind)}")
    return value


def load(path: Path) -> BriefingConfig:
    path = Path(path)
    if not path.exists():
        raise ConfigError(
            f"{path}: the briefing configuration does not exist "
            "(copy config/briefing.example.toml and fill it in)"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a TOML file: {exc}") from exc
    unknown = data.keys() - {"smtp", "recipients", "app_url", "out_dir"}
    if unknown:
        raise ConfigError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    raw = data.get("smtp", {})
    where = f"{path}: [smtp]"
    extra = raw.keys() - {
        "host",
        "port",
        "security",
        "username",
        "password_env",
        "from",
        "timeout_seconds",
    }
    if extra:
        raise ConfigError(f"{where} has no key {sorted(extra)[0]!r}")
    smtp = Smtp(
        host=_get(raw, "host", str, where, Smtp.host),
        port=_get(raw, "port", int, where, Smtp.port),
        security=_get(raw, "security", str, where, Smtp.security),
        username=_get(raw, "username", str, where, Smtp.username),
        password_env=_get(raw, "password_env", str, where, Smtp.password_env),
        sender=_get(raw, "from", str, where, Smtp.sender),
        timeout_seconds=float(_get(raw, "timeout_seconds", (int, float), where, 30.0)),
    )
    if smtp.security not in SECURITY:
        raise ConfigError(
            f"{where} security: {smtp.security!r} is not one of {', '.join(SECURITY)}"
        )
    recipients = []
    for i, r in enumerate(data.get("recipients", []), start=1):
        at = f"{path}: recipient {i}"
        if not isinstance(r, dict):
            raise ConfigError(f"{at} is not a table ([[recipients]])")
        extra = r.keys() - {"email", "bureau"}
        if extra:
            raise ConfigError(f"{at} has no key {sorted(extra)[0]!r}")
        email = _get(r, "email", str, at, "")
        if "@" not in email:
            raise ConfigError(f"{at} email: {email!r} is not an address")
        bureau = _get(r, "bureau", str, at, None)
        recipients.append(Recipient(email, Scope(bureau or None)))
    if not recipients:
        raise ConfigError(f"{path}: no [[recipients]]: nobody to send the briefing to")
    return BriefingConfig(
        smtp=smtp,
        recipients=tuple(recipients),
        app_url=_get(data, "app_url", str, str(path), BriefingConfig.app_url),
        out_dir=Path(_get(data, "out_dir", str, str(path), str(BriefingConfig.out_dir))),
        source=str(path),
    )


@dataclass
class Rendered:
    """One scope's briefing, complete: what is attached and shown."""

    scope: Scope
    subject: str
    text: str
    html_cid: str  # the HTML with its images as cid: references
    images: dict[str, bytes]
    pdf: bytes
    pdf_name: str
    files: list[Path] = field(default_factory=list)


def message(r: Rendered, sender: str, to: str) -> EmailMessage:
    """A message in both languages: plain text, the briefing as HTML with its charts, and
    the PDF attached."""
    msg = EmailMessage()
    msg["Subject"] = r.subject
    msg["From"] = sender
    msg["To"] = to
    msg["Message-ID"] = make_msgid(domain="localhost")
    msg.set_content(r.text)
    msg.add_alternative(r.html_cid, subtype="html")
    related = msg.get_payload()[1]
    for name, png in r.images.items():
        related.add_related(
            png, maintype="image", subtype="png", cid=f"<{name}>", filename=f"{name}.png"
        )
    msg.add_attachment(r.pdf, maintype="application", subtype="pdf", filename=r.pdf_name)
    return msg


def _connect(s: Smtp) -> smtplib.SMTP:
    if s.security == "ssl":
        return smtplib.SMTP_SSL(
            s.host, s.port, timeout=s.timeout_seconds, context=ssl.create_default_context()
        )
    con = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
    if s.security == "starttls":
        con.starttls(context=ssl.create_default_context())
    return con


def send(messages: Sequence[EmailMessage], s: Smtp) -> list[str]:
    """Send every message over one connection; the addresses sent to. A failure raises
    SendError saying what failed and which were sent before it."""
    server = f"{s.host}:{s.port}"
    try:
        con = _connect(s)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(
            f"could not connect to the mail server {server}: {exc}; nothing was sent"
        ) from exc
    sent: list[str] = []
    try:
        if s.username:
            password = os.environ.get(s.password_env)
            if password is None:
                raise SendError(
                    f"the mail server {server} needs a password for {s.username}: set "
                    f"{s.password_env}; nothing was sent"
                )
            con.login(s.username, password)
        for m in messages:
            con.send_message(m)
            sent.append(str(m["To"]))
    except (OSError, smtplib.SMTPException) as exc:
        already = ", ".join(sent) or "none"
        raise SendError(
            f"sending through {server} failed: {exc}; sent before the failure: {already}"
        ) from exc
    finally:
        # closing a connection that already failed may fail again; that is not news
        with contextlib.suppress(OSError, smtplib.SMTPException):
            con.quit()
    return sent
