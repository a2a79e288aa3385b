"""Raw bytes -> Post. Pure: no IO, no clock, and it never raises.

Like h11's parser invariant: any input either parses or degrades to a Post whose ``defects`` say what was
worked around. ``read_post`` parses with the stdlib (``policy.default``), takes the headers and body text
through ``listbot.core.mime``, finds the real author behind list rewriting (Mailman "X via List", LISTSERV
``-dmarc-request``), and keeps the author's new words (``listbot.core.quotes``).
"""

from __future__ import annotations

import email
import hashlib
import re
from datetime import UTC, datetime
from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message
from email.utils import parsedate_to_datetime
from functools import lru_cache

from listbot.core.mime import addresses, bare_ids, body_texts, first_header, header_values
from listbot.core.quotes import new_text_of
from listbot.core.subjects import topic_of
from listbot.model import Post

MAX_TEXT_CHARS = 50_000  # bounded work (the longest text of every corpus: 5,497 characters)


REMEMBER_CHARS = 300  # a longer header value is parsed each time, so the cache stays small
NEVER_REPEATED = frozenset(("message-id", "date", "references", "in-reply-to", "received", "dkim-signature"))


class _RememberedHeaders(HeaderRegistry):
    """``policy.default``'s header parsing, remembering what it parsed: the same (name, value) gives the same
    header object (they are immutable), within a message and across messages (Content-Type, To, List-Id
    repeat on a list). The registry also builds a new class for every header it parses; one per name here.
    Parsing dominated reading a post, and every ``get_content_type()`` parses Content-Type again."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}
        # 256 parsed headers hold ~5 MiB (each keeps its parse tree, ~12 KB with its tokens); the hot ones
        # (Content-Type, To, List-Id, MIME-Version) hit as often as with 4,096, which held ~45 MiB in a soak
        self.parse = lru_cache(maxsize=256)(self._parse)

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def _parse(self, name: str, value: str) -> BaseHeader:
        return self[name](name, value)

    def __call__(self, name: str, value: str) -> BaseHeader:
        if len(value) > REMEMBER_CHARS or name.lower() in NEVER_REPEATED:
            return self[name](name, value)  # would only fill the cache (a hostile header: without bound)
        return self.parse(name, value)


# policy.default, with header parsing remembered (same behaviour: the same classes parse the same values)
POLICY = policy.default.clone(header_factory=_RememberedHeaders())
_HASHED_BYTES = 64 * 1024

# Headers the guard and pipeline look at, names lower-cased, every occurrence kept.
KEPT_HEADERS = (
    "auto-submitted",
    "x-auto-response-suppress",
    "x-autoreply",
    "x-autorespond",
    "precedence",
    "x-loop",
    "return-path",
    "list-id",
    "list-post",
    "x-original-from",
    "x-failed-recipients",
    "sender",
    "reply-to",
    "to",
    "cc",
    "authentication-results",
)


# ---------------------------------------------------------------- the author behind list rewriting

_VIA = re.compile(r"^(.*?)\s+via\s+\S.*$", re.IGNORECASE)


def _real_author(
    msg: Message, from_name: str, from_addr: str, list_id: str | None, defects: list[str]
) -> tuple[str, str]:
    local, _, domain = from_addr.partition("@")
    list_addresses = {from_addr}
    for _name, addr in addresses(msg, "list-post", defects):
        list_addresses.add(addr)
    for value in header_values(msg, "list-post", defects):
        list_addresses.update(a.lower() for a in re.findall(r"mailto:([^>?\s]+)", value))
    if list_id and "." in list_id:
        name, _, host = list_id.partition(".")
        list_addresses.add(f"{name}@{host}")
    mailman = _VIA.match(from_name)
    listserv = local.endswith("-dmarc-request")
    if listserv:
        list_addresses.add(f"{local.removesuffix('-dmarc-request')}@{domain}")
    if not (mailman or listserv):
        return from_addr, from_name
    name = mailman.group(1).strip().strip('"') if mailman else from_name

    def usable(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(n, a) for n, a in entries if a not in list_addresses and "-dmarc-request@" not in a]

    candidates = usable(addresses(msg, "reply-to", defects))
    candidates += usable(addresses(msg, "x-original-from", defects))
    if mailman and not candidates:
        cc = usable(addresses(msg, "cc", defects))
        named = [(n, a) for n, a in cc if name and n.strip().lower() == name.lower()]
        candidates = named or (cc if len(cc) == 1 else [])
    if not candidates:
        defects.append(f"author hidden by list rewriting ({from_addr}); kept the From address")
        return from_addr, name
    real_name, real_addr = candidates[0]
    return real_addr, name or real_name


# ---------------------------------------------------------------- the whole post


def _message_id(value: str | None, raw: bytes, defects: list[str]) -> str:
    ids = bare_ids(value)
    if ids:
        return ids[0]
    bare = (value or "").strip().strip("<>").strip()
    if bare and not re.search(r"\s", bare):
        defects.append("Message-ID without <>")
        return bare
    defects.append("no Message-ID; used a hash of the message")
    return "sha256:" + hashlib.sha256(raw[:_HASHED_BYTES]).hexdigest()


def _date(value: str | None, defects: list[str]) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append(f"unreadable Date: {value[:60]!r}")
        return None
    if when is None:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _read(raw: bytes, max_bytes: int, defects: list[str]) -> Post:
    size = len(raw)
    if size > max_bytes:
        raw = raw[:max_bytes]
        defects.append(f"only the first {max_bytes} bytes of a {size}-byte message were read")
    msg = email.message_from_bytes(raw, policy=POLICY)
    for defect in getattr(msg, "defects", [])[:5]:
        defects.append(f"parser: {type(defect).__name__}")

    list_id_value = first_header(msg, "list-id", defects)
    list_id = None
    if list_id_value:
        inside = re.search(r"<([^<>]+)>", list_id_value)
        list_id = (inside.group(1) if inside else list_id_value).strip().lower() or None

    froms = addresses(msg, "from", defects)
    from_name, from_addr = froms[0] if froms else ("", "")
    if not froms:
        defects.append("no usable From address")
    author, author_name = _real_author(msg, from_name, from_addr, list_id, defects) if from_addr else ("", "")
    author_name = _VIA.sub(r"\1", author_name).strip().strip('"')

    subject = first_header(msg, "subject", defects) or ""
    return_path = first_header(msg, "return-path", defects)
    envelope_sender = None
    if return_path is not None:
        inside = re.search(r"<([^<>]*)>", return_path)
        envelope_sender = (inside.group(1) if inside else return_path).strip().lower()

    headers = tuple((name, value) for name in KEPT_HEADERS for value in header_values(msg, name, defects))
    try:
        content_type = msg.get_content_type()
    except Exception:
        content_type = "text/plain"

    body_text, fresh = body_texts(msg, defects)
    if len(body_text) > MAX_TEXT_CHARS or len(fresh) > MAX_TEXT_CHARS:
        defects.append(f"only the first {MAX_TEXT_CHARS} characters of text were read")
        body_text, fresh = body_text[:MAX_TEXT_CHARS], fresh[:MAX_TEXT_CHARS]
    references = bare_ids(" ".join(header_values(msg, "references", defects)))
    in_reply_to = bare_ids(first_header(msg, "in-reply-to", defects))
    return Post(
        message_id=_message_id(first_header(msg, "message-id", defects), raw, defects),
        author=author.lower(),
        author_name=author_name,
        from_addr=from_addr,
        subject=subject,
        topic=topic_of(subject),
        date=_date(first_header(msg, "date", defects), defects),
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=references,
        list_id=list_id,
        new_text=new_text_of(fresh),
        body_text=body_text,
        headers=headers,
        content_type=content_type,
        size=size,
        envelope_sender=envelope_sender,
        defects=tuple(dict.fromkeys(defects)),
    )


def read_post(raw: bytes, max_bytes: int = 10_000_000) -> Post:
    """Parse raw message bytes into a Post. Never raises; what it had to work around is in ``defects``."""
    defects: list[str] = []
    try:
        return _read(bytes(raw), max_bytes, defects)
    except Exception as exc:  # the invariant: degrade, never crash
        data = bytes(raw) if isinstance(raw, (bytes, bytearray, memoryview)) else b""
        defects.append(f"unreadable message ({type(exc).__name__}: {exc}); kept a minimal post")
        return Post(
            message_id="sha256:" + hashlib.sha256(data[:_HASHED_BYTES]).hexdigest(),
            size=len(data),
            defects=tuple(defects),
        )
