"""Digest and reminder subscribers, as moderators manage them (command line, console)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from listbot.config import Config, parse_address
from listbot.errors import ListbotError
from listbot.store import Store

Kind = Literal["digest", "reminders"]


@dataclass(frozen=True)
class Subscriber:
    address: str
    fixed: bool = False  # named in digest.recipients in listbot.yaml (not removable here)


def listing(config: Config, store: Store, kind: Kind) -> list[Subscriber]:
    """The subscribers of a kind, then (for the digest) the fixed recipients of listbot.yaml."""
    extra = config.settings.digest.recipients if kind == "digest" else ()
    return [Subscriber(a) for a in store.subscribers(kind)] + [Subscriber(a, fixed=True) for a in extra]


def _address(text: str) -> str:
    try:
        return parse_address(text)
    except ValueError as exc:
        raise ListbotError(str(exc)) from None


def add(
    store: Store, kind: Kind, address: str, now: datetime, actor: str = "command line"
) -> tuple[str, bool]:
    """Subscribe an address (no confirmation: a moderator asked), audited as ``actor``.
    (address, whether it changed anything)."""
    address = _address(address)
    changed = store.subscribe(address, kind, now)
    if changed:
        store.audit(actor, "subscribers.add", f"{kind}:{address}", now)
    return address, changed


def remove(
    store: Store, kind: Kind, address: str, now: datetime, actor: str = "command line"
) -> tuple[str, bool]:
    address = _address(address)
    changed = store.unsubscribe(address, kind)
    if changed:
        store.audit(actor, "subscribers.remove", f"{kind}:{address}", now)
    return address, changed
