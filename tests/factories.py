"""Values and messages for tests, with defaults so that a test names only what it is about.

make_post(**changes)        a Post (listbot.model) as the reader would build it
message(body, **headers)    raw bytes of a message (header names from keywords: Reply_To -> Reply-To)
list_post(body, ...)        raw bytes of a copy of a Balint-L post, as the list distributes it
call_row(id, deadline, ...) a register row (listbot.model.CallRow)
shipped_config(**settings)  the shipped configuration, with settings replaced
config_dir(folder, ...)     a self-contained copy of the shipped configuration in a folder
"""

from __future__ import annotations

import email.utils
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from listbot.config import Config, load
from listbot.model import CallRow, Post

REPO = Path(__file__).resolve().parent.parent
LIST = "balint-l@lists.americanbalintsociety.org"
LIST_ID = "balint-l.lists.americanbalintsociety.org"
BOT = "balint-bot@americanbalintsociety.org"

POST = Post(
    message_id="q1@example.org",
    author="ann@example.org",
    author_name="Ann Lee",
    from_addr="ann@example.org",
    subject="A question",
    topic="A question",
    list_id=LIST_ID,
)


def make_post(**changes: Any) -> Post:
    """A post; ``new_text`` alone also sets ``body_text``, ``subject`` alone also sets ``topic``."""
    if "new_text" in changes and "body_text" not in changes:
        changes["body_text"] = changes["new_text"]
    if "subject" in changes and "topic" not in changes:
        changes["topic"] = changes["subject"]
    return replace(POST, **changes)


def message(body: str | bytes, **headers: str | None) -> bytes:
    """A message with sensible defaults; a header given as None or "-" is left out."""
    fields: dict[str, str | None] = {
        "From": "Jane Doe <jane@clinic.example.org>",
        "To": f"Balint-L <{LIST}>",
        "Subject": "A question",
        "Message-ID": "<q1@clinic.example.org>",
        "Date": "Mon, 1 Mar 2027 09:30:00 -0500",
        "Content-Type": "text/plain; charset=utf-8",
    }
    for key, value in headers.items():
        fields[key.replace("_", "-")] = value
    head = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v is not None and v != "-")
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    return head.encode("utf-8") + b"\r\n" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def list_post(
    body: str,
    *,
    mid: str = "q1@example.org",
    sender: str = "Ann Lee <ann@example.org>",
    subject: str = "[BALINT-L] A question",
    date: datetime = datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
    to: str = LIST,
    list_copy: bool = True,
    extra: str = "",
    in_reply_to: str | None = None,
) -> bytes:
    """A post to Balint-L as the bot receives its copy (``list_copy=False``: mail sent to the bot itself)."""
    head = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Message-ID: <{mid}>",
        f"Date: {email.utils.format_datetime(date)}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    if list_copy:
        head += [f"List-Id: Balint-L <{LIST_ID}>", "Precedence: list"]
    if in_reply_to:
        head += [f"In-Reply-To: <{in_reply_to}>", f"References: <{in_reply_to}>"]
    if extra:
        head += extra.strip().splitlines()
    return ("\r\n".join(head) + "\r\n\r\n" + body + "\r\n").encode()


def call_row(
    call_id: str,
    deadline: date | str | None,
    first_seen: datetime | str = "2026-10-01T12:00:00+00:00",
    **changes: Any,
) -> CallRow:
    """An open, detected call, titled after its id, first seen on 1 October 2026."""
    seen = datetime.fromisoformat(first_seen) if isinstance(first_seen, str) else first_seen
    day = date.fromisoformat(deadline) if isinstance(deadline, str) else deadline
    for key in ("previous_deadline",):
        if isinstance(changes.get(key), str):
            changes[key] = date.fromisoformat(changes[key])
    row = CallRow(
        id=call_id,
        title=call_id.replace("-", " ").title(),
        deadline=day,
        first_seen=seen,
        updated_at=seen,
    )
    return replace(row, **changes)


def shipped_config(**settings: Any) -> Config:
    """config/listbot.yaml as shipped, with top-level settings replaced (e.g. mode="live")."""
    cfg = load(REPO / "config" / "listbot.yaml")
    return cfg.replace(**settings)


def config_dir(folder: Path, *edits: tuple[str, str], calls: str = "calls: []\n") -> Path:
    """A copy of the shipped listbot.yaml and faq.yaml in ``folder``, its state there too, the shipped
    templates; ``edits`` are (old, new) text replacements in listbot.yaml. Returns listbot.yaml's path."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (REPO / "config" / "listbot.yaml").read_text(encoding="utf-8")
    text = text.replace("state: ../state/listbot.sqlite3", f"state: {folder / 'state.sqlite3'}")
    text = text.replace("templates: ../templates", f"templates: {REPO / 'templates'}")
    for old, new in edits:
        assert old in text, f"{old!r} is not in the shipped listbot.yaml"
        text = text.replace(old, new)
    (folder / "listbot.yaml").write_text(text, encoding="utf-8")
    (folder / "faq.yaml").write_text(
        (REPO / "config" / "faq.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "calls.yaml").write_text(calls, encoding="utf-8")
    return folder / "listbot.yaml"
