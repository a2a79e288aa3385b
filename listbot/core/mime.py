"""MIME: headers and body text out of a parsed message, defensively. Pure: no IO, and nothing here raises.

- header values: ``policy.default`` first, the raw value as fallback; 8-bit bytes read as UTF-8, else cp1252;
- the body: ``get_body()``, else a walk over the parts, else a guessed boundary; charsets repaired (unknown
  labels, cp1252 in latin-1, undeclared UTF-8: the cases findings.md lists);
- HTML through inscriptis, after dropping quoted elements when the new text is wanted.

Every repair is noted in ``defects``, which ends up on the Post.
"""

from __future__ import annotations

import codecs
import email
import email.header
import re
from collections.abc import Iterable
from email import policy
from email.message import EmailMessage, Message
from email.utils import getaddresses

MAX_HTML_CHARS = 150_000  # bounded work: the longest HTML part of every corpus is far shorter

# ---------------------------------------------------------------- headers


def fix_text(text: str) -> str:
    """Undo surrogate escapes (raw 8-bit header bytes): UTF-8 if it is UTF-8, else cp1252."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def unfold(text: str) -> str:
    return re.sub(r"\s*\r?\n[ \t]+", " ", text).strip()


def header_values(msg: Message, name: str, defects: list[str]) -> list[str]:
    """Every value of a header, decoded; falls back to the raw value when the policy chokes."""
    try:
        return [fix_text(unfold(str(v))) for v in msg.get_all(name, [])]
    except Exception as exc:  # policy.default header parsing has crashed on hostile input before
        defects.append(f"header {name}: {type(exc).__name__}; used the raw value")
    values = []
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            raw = fix_text(unfold(str(value)))
            try:
                raw = str(email.header.make_header(email.header.decode_header(raw)))
            except Exception:
                pass
            values.append(raw)
    return values


def first_header(msg: Message, name: str, defects: list[str]) -> str | None:
    values = header_values(msg, name, defects)
    return values[0] if values else None


def addresses(msg: Message, name: str, defects: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-cased address) for every address in every occurrence of a header."""
    found: list[tuple[str, str]] = []
    try:
        for header in msg.get_all(name, []):
            for address in getattr(header, "addresses", ()):
                addr = fix_text(address.addr_spec or "")
                if addr and addr != "<>":
                    found.append((fix_text(address.display_name or ""), addr.lower()))
        if found:
            return found
    except Exception as exc:
        defects.append(f"header {name}: {type(exc).__name__}; parsed the raw value")
    values = header_values(msg, name, defects)
    for display, addr in getaddresses(values):
        if "@" in addr:
            found.append((display, addr.lower()))
    return found


def bare_ids(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    ids = re.findall(r"<\s*([^<>\s]+)\s*>", value)
    if not ids:  # some clients drop the brackets
        ids = [token for token in value.split() if "@" in token]
    return tuple(dict.fromkeys(i.strip() for i in ids if i.strip()))


# ---------------------------------------------------------------- body text

_LATIN1 = codecs.lookup("latin-1").name, codecs.lookup("iso-8859-15").name
_LATINISH = {codecs.lookup("ascii").name, codecs.lookup("cp1252").name, *_LATIN1}


def _decode(data: bytes, label: str | None, defects: list[str]) -> str:
    """Bytes -> str with the repairs findings.md lists: unknown labels, cp1252 in latin-1, bare UTF-8."""
    label = (label or "").strip().strip('"').lower() or None
    codec = None
    if label:
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            defects.append(f"unknown charset {label!r}; tried utf-8, then cp1252")
            label = None
    if codec is not None and codec not in _LATINISH:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            if codec != "utf-8":
                defects.append(f"invalid {label} bytes replaced")
                return data.decode(codec, "replace")
            defects.append("invalid UTF-8; decoded as cp1252")
            return data.decode("cp1252", "replace")
    if not re.search(rb"[\x80-\xff]", data):
        return data.decode("ascii")
    try:
        text = data.decode("utf-8")
        defects.append(f"text labelled {label} is UTF-8" if label else "undeclared 8-bit text; read as UTF-8")
        return text
    except UnicodeDecodeError:
        pass
    if codec in _LATIN1 and not re.search(rb"[\x80-\x9f]", data):
        return data.decode(codec)
    if codec == "cp1252":
        return data.decode("cp1252", "replace")
    defects.append(
        f"text labelled {label} has 8-bit/cp1252 bytes; read as cp1252"
        if label
        else "undeclared 8-bit text; read as cp1252"
    )
    return data.decode("cp1252", "replace")


def _part_text(part: Message, defects: list[str]) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:
        defects.append(f"undecodable part: {type(exc).__name__}")
        data = None
    if data is None:
        payload = part.get_payload()
        if not isinstance(payload, str):
            return ""
        data = payload.encode("utf-8", "surrogateescape")
    if not isinstance(data, bytes):
        return ""
    try:
        label = part.get_content_charset()
    except Exception:
        label = None
    # Mail arrives with CRLF line ends (IMAP, LMTP, SMTP); a file may have LF: the text read is the same
    # either way, so that patterns anchored at a line's end ("---------- Forwarded message ---------$")
    # read a post as it came from the server as they read it from a file.
    return _decode(data, label, defects).replace("\r\n", "\n").replace("\r", "\n")


# Elements that hold quoted mail in HTML: dropped before converting, for new_text only.
_HTML_QUOTES = (
    "//blockquote",
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]",
    "//div[contains(@class, 'yahoo_quoted')]",
    "//div[contains(@class, 'moz-cite-prefix')]",
)


def _html_texts(html: str, defects: list[str]) -> tuple[str, str]:
    """(the whole text, the text without quoted elements) of an HTML part. Parsed once; converted a second
    time only when it holds quoted mail. At most ``MAX_HTML_CHARS`` characters are read (bounded work)."""
    from inscriptis.html_engine import Inscriptis
    from lxml.html import document_fromstring  # inscriptis's own parser

    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
        note = f"only the first {MAX_HTML_CHARS} characters of HTML were read"
        if note not in defects:
            defects.append(note)
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    if not html.strip():
        return "", ""
    try:
        tree = document_fromstring(html)
    except Exception:
        try:
            tree = document_fromstring("<pre>" + html + "</pre>")
        except Exception as exc:
            defects.append(f"html unreadable ({type(exc).__name__}); used it as text")
            text = re.sub(r"<[^>]+>", " ", html)
            return text, text

    def convert() -> str:
        try:
            return str(Inscriptis(tree).get_text())
        except Exception as exc:
            defects.append(f"html conversion failed ({type(exc).__name__}); used it as text")
            return re.sub(r"<[^>]+>", " ", html)

    full = convert()
    dropped = False
    for path in _HTML_QUOTES:
        for element in tree.xpath(path):
            if element.getparent() is not None:
                element.drop_tree()  # keeps the element's tail text
                dropped = True
    # Outlook: the reply header block and everything after it is the quoted mail.
    for element in tree.xpath("//*[@id='divRplyFwdMsg' or @id='x_divRplyFwdMsg']"):
        parent = element.getparent()
        if parent is None:
            continue
        for sibling in list(element.itersiblings()):
            sibling.drop_tree()
        element.drop_tree()
        dropped = True
    return full, convert() if dropped else full


def _walk(msg: Message) -> Iterable[Message]:
    try:
        yield from msg.walk()
    except Exception:
        yield msg


def _rebuild_without_boundary(msg: Message, defects: list[str]) -> EmailMessage | None:
    """A multipart with no boundary parameter: guess it from the first '--token' line and re-parse."""
    payload = msg.get_payload()
    if not isinstance(payload, str):
        return None
    match = re.search(r"^--(\S{1,70}?)(?:--)?[ \t\r]*$", payload, re.MULTILINE)
    if not match:
        return None
    boundary = match.group(1)
    head = f'Content-Type: {msg.get_content_type()}; boundary="{boundary}"\r\n\r\n'.encode()
    defects.append(f"multipart without boundary; guessed {boundary!r}")
    return email.message_from_bytes(head + payload.encode("utf-8", "surrogateescape"), policy=policy.default)


def body_texts(msg: EmailMessage, defects: list[str]) -> tuple[str, str]:
    """(body_text with quotes, text to look for new words in). Both '' when there is no text."""
    if msg.get_content_maintype() == "multipart" and not msg.is_multipart():
        rebuilt = _rebuild_without_boundary(msg, defects)
        if rebuilt is not None and rebuilt.is_multipart():
            msg = rebuilt
        else:
            defects.append("multipart without boundary; read the payload as text")
            text = _part_text(msg, defects)
            return text, text
    chosen: list[Message] = []
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
    except Exception as exc:
        defects.append(f"get_body failed: {type(exc).__name__}")
        body = None
    if body is not None and body.get_content_type() == "text/plain" and not _part_text(body, []).strip():
        # an empty plain alternative beside a real HTML one
        try:
            html_body = msg.get_body(preferencelist=("html",))
        except Exception:
            html_body = None
        body = html_body or body
    if body is not None:
        chosen = [body]
    else:
        parts = [p for p in _walk(msg) if not p.is_multipart()]
        plain = [p for p in parts if p.get_content_type() == "text/plain"]
        html = [p for p in parts if p.get_content_type() == "text/html"]
        chosen = plain or html[:1]
        if chosen:
            defects.append(f"no body part; used {len(chosen)} text part(s) found by walking the message")
        elif msg.get_content_maintype() == "text":
            chosen = [msg]
        else:
            defects.append("no text part")
            return "", ""
    full: list[str] = []
    fresh: list[str] = []
    for part in chosen:
        text = _part_text(part, defects)
        if part.get_content_type() == "text/html":
            whole, new = _html_texts(text, defects)
            full.append(whole)
            fresh.append(new)
        else:
            full.append(text)
            fresh.append(text)
    return "\n\n".join(full), "\n\n".join(fresh)
