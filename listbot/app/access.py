"""Who may do what: moderators' sign-in links and sessions, signed links in mail, rate limits.

- Sign-in without passwords (as Healthchecks does it): a moderator asks for a link; a random token (128+
  bits, from ``secrets``) is mailed through the outbox and kept only as its hash, valid 15 minutes, usable
  once. Whether or not the address may sign in, the asker is told the same thing, and requests are
  rate-limited per address and per client. Opening the link shows a button; only its POST signs in.
- Sessions: a random id in an HttpOnly cookie, its hash in the store with a CSRF token and the time it was
  last used; 12 hours idle end it; sign-out ends it at once.
- Signed links in mail (a member's "did this help?", one-click unsubscribe): an HMAC over what the link is
  for, with the console's secret key, so that nothing has to be stored to check them and nothing else can
  be derived from them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from listbot import render
from listbot.config import Config
from listbot.errors import ListbotError
from listbot.store import Store

SIGNIN_MINUTES = 15
SESSION_IDLE = timedelta(hours=12)
SIGNIN_PER_ADDRESS_PER_HOUR = 5
SIGNIN_PER_CLIENT_PER_HOUR = 20


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A one-use token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


# -- the signing key ------------------------------------------------------------------------------------


def console_secret(config: Config) -> bytes:
    """The console's signing key, created (mode 0600) on first use when the file is absent."""
    path = config.secret_path
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = secrets.token_hex(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_private(path, text + "\n")
        except OSError as exc:
            path.unlink(missing_ok=True)  # never leave half a key behind
            raise ListbotError(
                f"cannot create the console's secret {path} ({exc.strerror}); check the disk and its rights"
            ) from None
    except OSError as exc:
        raise ListbotError(
            f"cannot read the console's secret {path} ({exc.strerror}); check its rights"
        ) from None
    if len(text) < 32:
        raise ListbotError(f"the console's secret {path} is too short; delete it and a new one is made")
    return text.encode("ascii")


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)


def sign(secret: bytes, purpose: str, value: str) -> str:
    """A token that carries ``value`` and proves it was made with ``secret`` for ``purpose``."""
    mac = hmac.new(secret, f"{purpose}\0{value}".encode(), hashlib.sha256).digest()[:16]
    payload = base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")
    return f"{payload}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def verify(secret: bytes, purpose: str, token: str) -> str | None:
    """The value a signed token carries, or None when it was not made with this secret for this purpose."""
    payload, _, mac = token.partition(".")
    try:
        value = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    expected = sign(secret, purpose, value).partition(".")[2]
    return value if hmac.compare_digest(expected, mac) else None


def feedback_links(config: Config, answer_key: str) -> dict[str, str] | None:
    """The two links every answer ends with ("this answered my question", "it did not"), signed for this
    answer; None when the console (which serves them) is off."""
    console = config.settings.console
    if not console.enabled:
        return None
    token = sign(console_secret(config), "feedback", answer_key)
    return {vote: f"{console.base_url}/feedback/{token}/{vote}" for vote in ("yes", "no")}


def unsubscribe_link(config: Config, address: str, kind: str) -> str | None:
    """The one-click unsubscribe URL for one recipient of the digest or the reminders (RFC 8058), signed
    for that address and kind: it works forever and reveals nothing else. None unless the console serves
    it over https."""
    console = config.settings.console
    if not (console.enabled and console.secure):
        return None
    token = sign(console_secret(config), "unsubscribe", f"{kind}:{address}")
    return f"{console.base_url}/unsubscribe/{token}"


def unsubscribe_target(config: Config, token: str) -> tuple[str, str] | None:
    """(kind, address) of a one-click unsubscribe token made with this console's key, else None."""
    value = verify(console_secret(config), "unsubscribe", token)
    if value is None or ":" not in value:
        return None
    kind, _, address = value.partition(":")
    return (kind, address) if kind in ("digest", "reminders") and "@" in address else None


APPROVAL_DAYS = 7
CONFIRMATION_DAYS = 7


def approval_code(store: Store, review_id: int, now: datetime) -> str:
    """A one-use code bound to one held answer, for the review mail (kept only as its hash)."""
    code = new_token()
    store.token_add(token_hash(code), "approve", "", now, now + timedelta(days=APPROVAL_DAYS), str(review_id))
    return code


# -- rate limits ----------------------------------------------------------------------------------------


def allow(store: Store, key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """Count an attempt under ``key``; False when ``limit`` attempts were made within ``window`` already."""
    if store.events_since(key, now - window) >= limit:
        return False
    store.event(key, now)
    return True


# -- sign-in ------------------------------------------------------------------------------------------


def is_moderator(config: Config, address: str) -> bool:
    return address.strip().lower() in config.moderators


def signin_link(config: Config, store: Store, address: str, now: datetime) -> str:
    """A fresh sign-in link for a moderator (``listbot console link``); ListbotError for anyone else."""
    address = address.strip().lower()
    if not is_moderator(config, address):
        raise ListbotError(
            f"{address} is not a moderator; add it to bot.moderators or console.moderators in listbot.yaml"
        )
    token = new_token()
    with store.transaction():
        store.token_add(token_hash(token), "signin", address, now, now + timedelta(minutes=SIGNIN_MINUTES))
        store.audit(address, "signin.link", f"moderator:{address}", now, after={"by": "command line"})
    return f"{config.settings.console.base_url}/login/{token}"


def request_signin(config: Config, store: Store, address: str, client: str, now: datetime) -> bool:
    """Mail a sign-in link when the address is a moderator's and the limits allow. The caller tells the
    asker the same thing either way; True only says a mail was queued (for tests and the log)."""
    address = address.strip().lower()
    with store.transaction():
        if not allow(store, f"signin-client:{client}", SIGNIN_PER_CLIENT_PER_HOUR, timedelta(hours=1), now):
            return False
        if not is_moderator(config, address):
            return False
        if not allow(
            store, f"signin-address:{address}", SIGNIN_PER_ADDRESS_PER_HOUR, timedelta(hours=1), now
        ):
            return False
        token = new_token()
        store.token_add(token_hash(token), "signin", address, now, now + timedelta(minutes=SIGNIN_MINUTES))
        link = f"{config.settings.console.base_url}/login/{token}"
        key = f"signin:{token_hash(token)[:24]}"
        body = (
            f"To sign in to the {config.settings.bot.name} console, open this link within {SIGNIN_MINUTES}"
            f" minutes:\n\n  {link}\n\nIt works once. If you did not ask for it, ignore this message.\n"
        )
        msg = render.compose_notice(
            config,
            key,
            (address,),
            "Your sign-in link to the listbot console",
            body,
            now,
            auto="auto-generated",
        )
        bot = config.settings.bot
        store.enqueue(key, "notice", bot.envelope_sender, (address,), msg.as_bytes(), now)
        store.audit(address, "signin.mail", f"moderator:{address}", now)
    return True


def signin_pending(store: Store, token: str, now: datetime) -> str | None:
    """The moderator a sign-in link is for, while it is valid and unused (the GET page; changes nothing)."""
    row = store.token_get(token_hash(token))
    if row is None or row.purpose != "signin" or row.used_at is not None or row.expires_at <= now:
        return None
    return row.address


@dataclass(frozen=True)
class Session:
    moderator: str
    csrf: str
    cookie: str = ""  # the raw id, only when the session was just made


def sign_in(config: Config, store: Store, token: str, now: datetime) -> Session | None:
    """Spend a sign-in link and start a session; None when the link is invalid, used or expired."""
    with store.transaction():
        row = store.token_use(token_hash(token), "signin", now)
        if row is None or not is_moderator(config, row.address):
            return None
        cookie, csrf = new_token(), new_token()
        store.session_add(token_hash(cookie), row.address, csrf, now)
        store.audit(row.address, "signin", f"moderator:{row.address}", now)
    return Session(row.address, csrf, cookie)


def session(config: Config, store: Store, cookie: str | None, now: datetime) -> Session | None:
    """The signed-in moderator of a session cookie, or None (unknown, ended, idle too long, or no longer a
    moderator). Using a session keeps it alive."""
    if not cookie:
        return None
    row = store.session_get(token_hash(cookie))
    if row is None or row.ended_at is not None or now - row.seen_at > SESSION_IDLE:
        return None
    if not is_moderator(config, row.moderator):
        return None
    if now - row.seen_at > timedelta(minutes=1):
        store.session_seen(row.hash, now)
    return Session(row.moderator, row.csrf)


def sign_out(store: Store, cookie: str | None, now: datetime) -> None:
    if cookie:
        row = store.session_get(token_hash(cookie))
        store.session_end(token_hash(cookie), now)
        if row is not None:
            store.audit(row.moderator, "signout", f"moderator:{row.moderator}", now)
