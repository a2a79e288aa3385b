"""Raw bytes -> Post. Pure: no IO, no clock, and it never raises.

Like h11's parser invariant: any input either parses or degrades to a Post whose ``defects`` say
what was worked around. The pieces, in the order ``read_post`` uses them:

- headers: decoded defensively (``policy.default`` first, the raw value as fallback), 8-bit bytes
  decoded as UTF-8, else cp1252;
- the real author behind list rewriting (Mailman "X via List", LISTSERV ``-dmarc-request``);
- the body: ``get_body()``, else a walk over the parts, else a guessed boundary; charsets repaired;
  HTML converted with inscriptis after dropping quoted elements (for ``new_text`` only);
- ``new_text``: the author's own words. mail-parser-reply's header patterns are one signal; the
  project's rules (``_cut_index``) do the rest. Its signature stripping is *not* used: it drops
  everything after a "Thanks," line even mid-message.
"""

from __future__ import annotations

import codecs
import email
import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime

from listbot.model import Post

MAX_TEXT_CHARS = 200_000
_MAX_HTML_CHARS = 1_000_000
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
)


# ---------------------------------------------------------------- small decoding helpers


def _fix(text: str) -> str:
    """Undo surrogate escapes (raw 8-bit header bytes): UTF-8 if it is UTF-8, else cp1252."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _unfold(text: str) -> str:
    return re.sub(r"\s*\r?\n[ \t]+", " ", text).strip()


def _header_values(msg: Message, name: str, defects: list[str]) -> list[str]:
    """Every value of a header, decoded; falls back to the raw value when the policy chokes."""
    try:
        return [_fix(_unfold(str(v))) for v in msg.get_all(name, [])]
    except Exception as exc:  # policy.default header parsing has crashed on hostile input before
        defects.append(f"header {name}: {type(exc).__name__}; used the raw value")
    values = []
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            raw = _fix(_unfold(str(value)))
            try:
                raw = str(email.header.make_header(email.header.decode_header(raw)))
            except Exception:
                pass
            values.append(raw)
    return values


def _first(msg: Message, name: str, defects: list[str]) -> str | None:
    values = _header_values(msg, name, defects)
    return values[0] if values else None


def _addresses(msg: Message, name: str, defects: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-cased address) for every address in every occurrence of a header."""
    found: list[tuple[str, str]] = []
    try:
        for header in msg.get_all(name, []):
            for address in getattr(header, "addresses", ()):
                addr = _fix(address.addr_spec or "")
                if addr and addr != "<>":
                    found.append((_fix(address.display_name or ""), addr.lower()))
        if found:
            return found
    except Exception as exc:
        defects.append(f"header {name}: {type(exc).__name__}; parsed the raw value")
    values = _header_values(msg, name, defects)
    for display, addr in getaddresses(values):
        if "@" in addr:
            found.append((display, addr.lower()))
    return found


def _bare_ids(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    ids = re.findall(r"<\s*([^<>\s]+)\s*>", value)
    if not ids:  # some clients drop the brackets
        ids = [token for token in value.split() if "@" in token]
    return tuple(dict.fromkeys(i.strip() for i in ids if i.strip()))


# ---------------------------------------------------------------- subject and topic

_LIST_TAG = re.compile(r"\[[\w.\-]+(?:\s+\d+)?\]\s*")
_REPLY_PREFIX = re.compile(
    r"^\s*(?:re|fwd?|fw|aw|wg|sv|tr|antw|vs|rif|ref|r|res|enc)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*", re.IGNORECASE
)


def topic_of(subject: str) -> str:
    """The subject without list tags ("[BALINT-L]", anywhere) and repeated Re:/Fwd:/AW:/... prefixes."""
    topic = _LIST_TAG.sub("", subject)
    while True:
        shorter = _REPLY_PREFIX.sub("", topic, count=1)
        if shorter == topic:
            break
        topic = shorter
    return " ".join(topic.split())


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
    return _decode(data, label, defects)


# Elements that hold quoted mail in HTML: dropped before converting, for new_text only.
_HTML_QUOTES = (
    "//blockquote",
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]",
    "//div[contains(@class, 'yahoo_quoted')]",
    "//div[contains(@class, 'moz-cite-prefix')]",
)


def _html_to_text(html: str, drop_quotes: bool, defects: list[str]) -> str:
    from inscriptis.html_engine import Inscriptis
    from lxml.html import document_fromstring  # inscriptis's own parser

    if len(html) > _MAX_HTML_CHARS:
        html = html[:_MAX_HTML_CHARS]
        if "html cut" not in " ".join(defects):
            defects.append(f"html cut to {_MAX_HTML_CHARS} characters")
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    if not html.strip():
        return ""
    try:
        tree = document_fromstring(html)
    except Exception:
        try:
            tree = document_fromstring("<pre>" + html + "</pre>")
        except Exception as exc:
            defects.append(f"html unreadable ({type(exc).__name__}); used it as text")
            return re.sub(r"<[^>]+>", " ", html)
    if drop_quotes:
        for path in _HTML_QUOTES:
            for element in tree.xpath(path):
                if element.getparent() is not None:
                    element.drop_tree()  # keeps the element's tail text
        # Outlook: the reply header block and everything after it is the quoted mail.
        for element in tree.xpath("//*[@id='divRplyFwdMsg' or @id='x_divRplyFwdMsg']"):
            parent = element.getparent()
            if parent is None:
                continue
            for sibling in list(element.itersiblings()):
                sibling.drop_tree()
            element.drop_tree()
    try:
        return Inscriptis(tree).get_text()
    except Exception as exc:
        defects.append(f"html conversion failed ({type(exc).__name__}); used it as text")
        return re.sub(r"<[^>]+>", " ", html)


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


def _body(msg: EmailMessage, defects: list[str]) -> tuple[str, str]:
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
            full.append(_html_to_text(text, False, defects))
            fresh.append(_html_to_text(text, True, defects))
        else:
            full.append(text)
            fresh.append(text)
    return "\n\n".join(full), "\n\n".join(fresh)


# ---------------------------------------------------------------- new text: the project's rules

_SEPARATOR = re.compile(
    r"^[-_=*\s]{2,}\s*(original message|forwarded message|original-nachricht|urspr[üu]ngliche nachricht|"
    r"weitergeleitete nachricht|message d'origine|message transf[ée]r[ée]|mensaje original|mensaje reenviado|"
    r"oorspronkelijk bericht|doorgestuurd bericht|ursprungligt meddelande|vidarebefordrat meddelande|"
    r"messaggio originale|messaggio inoltrato)\s*[-_=*\s]{2,}$|"
    r"^(begin forwarded message|anfang der weitergeleiteten nachricht|"
    r"d[ée]but du message r[ée]exp[ée]di[ée])\s*:",
    re.IGNORECASE,
)
_FROM_LINE = re.compile(r"^[*\s]*(from|von|de|van|fr[åa]n|da|od|fra)\s*[*]?\s*:", re.IGNORECASE)
_HEAD_LINE = re.compile(
    r"^[*\s]*(sent|date|to|subject|cc|gesendet|datum|an|betreff|envoy[ée]|[àa]|objet|enviado|fecha|para|"
    r"asunto|verzonden|aan|onderwerp|skickat|till|[äa]mne|inviato|oggetto|data)\s*[*]?\s*:",
    re.IGNORECASE,
)
_WROTE_VERB = (
    r"(wrote|writes|schrieb|schreibt|a [ée]crit|escribi[óo]|escribe|skrev|skriver|schreef|schrijft|"
    r"ha scritto|scrive|escreveu|escreve|napisa[łl]\(?a?\)?)"
)
_WROTE = re.compile(
    r"^(on|am|le|el|den|op|il|em|w dniu|dnia)\s.{0,300}\b" + _WROTE_VERB + r"\b.{0,200}:$", re.IGNORECASE
)
_WROTE_BARE = re.compile(r"^.{1,200}\b" + _WROTE_VERB + r"\s*:$", re.IGNORECASE)
_FOOTER = re.compile(
    r"^(to unsubscribe from the \S+ list|#{20,}$|\S+ mailing list\s*$|\S+ mailing list -- |"
    r"you received this message because you are subscribed to|to unsubscribe from this group)",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^(confidentiality notice|confidential(ity)? (note|statement|notice)|privileged (and|&) confidential|"
    r"disclaimer\s*:|important notice\s*:|this (e-?mail|message|communication|transmission)\b.{0,80}"
    r"(intended (solely |only )?for|confidential|privileged))",
    re.IGNORECASE,
)
_BANNER = re.compile(
    r"^(\[?external\]?( email| sender)?\s*[:!]?\s*$|caution\s*:\s*this (e-?mail|message) "
    r"(originated|came) from outside)",
    re.IGNORECASE,
)
_DEVICE = re.compile(
    r"^(sent from my \w+|sent from (yahoo )?mail for \w+|sent from outlook|get outlook for \w+|"
    r"sent from (my )?(iphone|ipad|android|samsung|galaxy|blackberry|mobile)|sent via \w+|"
    r"von meinem \w+ gesendet|gesendet von meinem|envoy[ée] de mon \w+|enviado desde mi \w+|"
    r"verzonden (vanaf|met) mijn \w+|skickat fr[åa]n min \w+|inviato da)",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"^(best|best wishes|best regards|all the best|thanks|thank you|thanks so much|thanks again|many thanks|"
    r"thanks in advance|warm regards|warmest regards|warm wishes|warmly|kind regards|regards|with regards|"
    r"sincerely|yours sincerely|yours truly|yours|cheers|respectfully|cordially|gratefully|with gratitude|"
    r"take care|mit freundlichen gr[üu](ß|ss)en|viele gr[üu](ß|ss)e|liebe gr[üu](ß|ss)e|gr[üu](ß|ss)e|"
    r"cordialement|bien [àa] vous|saludos|atentamente|un saludo|met vriendelijke groet(en)?|groeten|"
    r"(v[äa]nliga )?h[äa]lsningar|mvh)\b(?P<tail>.*)$",
    re.IGNORECASE,
)
# What may follow a sign-off on its line: punctuation and a name ("Best, Dr. Jane Doe, MD").
_NAME_TAIL = re.compile(r"[\s,.!:;\-–—]*(?:[A-Z][\w.'’\-]*,?(?:\s+|$)){0,6}\s*")


def _is_header_block(lines: list[str], i: int) -> bool:
    """Outlook-style 'From: ... / Sent: ... / To: ...' (any listed language) starting at line i."""
    if not _FROM_LINE.match(lines[i].strip()):
        return False
    following = [line.strip() for line in lines[i + 1 : i + 7] if line.strip()][:4]
    return any(_HEAD_LINE.match(line) for line in following)


def _next_filled(lines: list[str], i: int) -> str:
    """The first non-blank line after line i, stripped ('' at the end). No slicing: texts can be long."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return lines[j].strip()
    return ""


def _wrote_at(lines: list[str], i: int) -> int:
    """How many lines an attribution ('On ... wrote:') starting at i spans: 0, 1, 2 or 3."""
    line = lines[i].strip().lstrip("> ").strip()
    if not line or len(line) > 400:
        return 0
    after = _next_filled(lines, i)
    for span in (1, 2, 3):
        joined = " ".join(x.strip().lstrip("> ").strip() for x in lines[i : i + span])
        if span > 1 and (i + span > len(lines) or not lines[i + span - 1].strip()):
            break
        if _WROTE.match(joined) and (re.search(r"\d|@", joined) or after.startswith(">")):
            return span
        if _WROTE_BARE.match(joined) and ("@" in joined or after.startswith(">")):
            return span
    return 0


def _cut_index(lines: list[str]) -> tuple[int, str]:
    """The first line where the author's new text ends, and which rule said so."""
    content_before = False  # a disclaimer cuts only below some text (banners sit on top)
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if _SEPARATOR.match(line):
            return i, "separator"
        if _is_header_block(lines, i):
            return i, "header block"
        if raw.rstrip("\n") in ("-- ", "--", "-- \r"):
            return i, "signature"
        if _FOOTER.match(line):
            return i, "footer"
        if re.fullmatch(r"_{20,}", line):
            after = _next_filled(lines, i).lower()
            if not after or _FOOTER.match(after) or _FROM_LINE.match(after) or "mailing list" in after:
                return i, "footer"
        if _wrote_at(lines, i):
            return i, "attribution"
        joined = " ".join(x.strip() for x in lines[i : i + 2])
        if content_before and _DISCLAIMER.match(joined):
            return i, "disclaimer"
        content_before = content_before or not _BANNER.match(line)
    return len(lines), ""


_LIBRARY_LANGUAGES = ("en", "de", "fr", "es", "nl", "sv", "it", "da")
_library_regex: re.Pattern[str] | None = None


def _library_cut(lines: list[str]) -> int | None:
    """mail-parser-reply's reply-header patterns as a second opinion: the line where one starts.

    Only its header detection is used (never its signature stripping), and only when the block it found
    names a sender or says 'wrote' in some language: its bare 'Date:/To:' pairs also occur in calls.
    """
    global _library_regex
    if _library_regex is None:
        from mailparser_reply.parser import EmailMessage

        _library_regex = EmailMessage(text="", languages=list(_LIBRARY_LANGUAGES)).HEADER_REGEX
    text = "\n".join(line.strip() for line in lines)[:100_000]
    for match in _library_regex.finditer(text):
        block = match.group(0)
        sender = re.search(r"(?im)^[>*\s]*(from|von|de|van|fr[åa]n|fra|da)\s*:|original", block)
        wrote = re.search(_WROTE_VERB, block, re.IGNORECASE) and re.search(r"\d|@", block)
        if not (sender or wrote):  # a bare 'Date:/To:' pair, or 'On Monday the committee wrote:'
            continue
        start = match.start() + (len(block) - len(block.lstrip("\n")))
        index = text.count("\n", 0, start)
        return index
    return None


def _strip_signoff(lines: list[str]) -> list[str]:
    """Drop a trailing 'Best,\\nJane Doe\\nTitle\\nPhone' block: short lines after a sign-off, no question."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for position, i in enumerate(filled):
        if position < len(filled) - 9:  # a sign-off has at most 8 lines after it
            continue
        line = lines[i].strip()
        signoff = _SIGNOFF.match(line)
        if "?" in line or not signoff or position == 0 or not _NAME_TAIL.fullmatch(signoff["tail"]):
            continue
        rest = [lines[j].strip() for j in filled[position + 1 :]]
        if len(rest) <= 8 and all(len(x) <= 80 and "?" not in x for x in rest):
            return lines[:i]
    return lines


def new_text_of(text: str) -> str:
    """The author's own new words in a text body: no quotes, attributions, signatures, footers."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for _ in range(50):  # one round per interleaved 'On ... wrote:' block; bounded for hostile input
        cut, rule = _cut_index(lines)
        library = _library_cut(lines[:cut])
        if library is not None and library < cut:
            cut, rule = library, "library"
        kept.extend(lines[:cut])
        if rule != "attribution":
            break
        # Interleaved answers: after 'On ... wrote:' followed by a quote, keep the unquoted lines.
        rest = lines[cut + _wrote_at(lines, cut) :]
        first = _next_filled(rest, -1)
        if not first.startswith(">"):
            break
        lines = rest
        if not lines:
            break
    out: list[str] = []
    for line in kept:
        stripped = line.strip()
        if stripped.startswith(">") or _DEVICE.match(stripped) or _BANNER.match(stripped):
            continue
        out.append(line.rstrip())
    out = _strip_signoff(out)
    while out and re.fullmatch(r"[-_=*#~\s]*", out[-1]):
        out.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


# ---------------------------------------------------------------- the author behind list rewriting

_VIA = re.compile(r"^(.*?)\s+via\s+\S.*$", re.IGNORECASE)


def _real_author(
    msg: Message, from_name: str, from_addr: str, list_id: str | None, defects: list[str]
) -> tuple[str, str]:
    local, _, domain = from_addr.partition("@")
    list_addresses = {from_addr}
    for _name, addr in _addresses(msg, "list-post", defects):
        list_addresses.add(addr)
    for value in _header_values(msg, "list-post", defects):
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

    candidates = usable(_addresses(msg, "reply-to", defects))
    candidates += usable(_addresses(msg, "x-original-from", defects))
    if mailman and not candidates:
        cc = usable(_addresses(msg, "cc", defects))
        named = [(n, a) for n, a in cc if name and n.strip().lower() == name.lower()]
        candidates = named or (cc if len(cc) == 1 else [])
    if not candidates:
        defects.append(f"author hidden by list rewriting ({from_addr}); kept the From address")
        return from_addr, name
    real_name, real_addr = candidates[0]
    return real_addr, name or real_name


# ---------------------------------------------------------------- the whole post


def _message_id(value: str | None, raw: bytes, defects: list[str]) -> str:
    ids = _bare_ids(value)
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
        defects.append(f"message of {size} bytes; read the first {max_bytes}")
    msg = email.message_from_bytes(raw, policy=policy.default)
    for defect in getattr(msg, "defects", [])[:5]:
        defects.append(f"parser: {type(defect).__name__}")

    list_id_value = _first(msg, "list-id", defects)
    list_id = None
    if list_id_value:
        inside = re.search(r"<([^<>]+)>", list_id_value)
        list_id = (inside.group(1) if inside else list_id_value).strip().lower() or None

    froms = _addresses(msg, "from", defects)
    from_name, from_addr = froms[0] if froms else ("", "")
    if not froms:
        defects.append("no usable From address")
    author, author_name = _real_author(msg, from_name, from_addr, list_id, defects) if from_addr else ("", "")
    author_name = _VIA.sub(r"\1", author_name).strip().strip('"')

    subject = _first(msg, "subject", defects) or ""
    return_path = _first(msg, "return-path", defects)
    envelope_sender = None
    if return_path is not None:
        inside = re.search(r"<([^<>]*)>", return_path)
        envelope_sender = (inside.group(1) if inside else return_path).strip().lower()

    headers = tuple((name, value) for name in KEPT_HEADERS for value in _header_values(msg, name, defects))
    try:
        content_type = msg.get_content_type()
    except Exception:
        content_type = "text/plain"

    body_text, fresh = _body(msg, defects)
    if len(body_text) > MAX_TEXT_CHARS or len(fresh) > MAX_TEXT_CHARS:
        defects.append(f"text cut to {MAX_TEXT_CHARS} characters")
        body_text, fresh = body_text[:MAX_TEXT_CHARS], fresh[:MAX_TEXT_CHARS]
    references = _bare_ids(" ".join(_header_values(msg, "references", defects)))
    in_reply_to = _bare_ids(_first(msg, "in-reply-to", defects))
    return Post(
        message_id=_message_id(_first(msg, "message-id", defects), raw, defects),
        author=author.lower(),
        author_name=author_name,
        from_addr=from_addr,
        subject=subject,
        topic=topic_of(subject),
        date=_date(_first(msg, "date", defects), defects),
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
            author="",
            author_name="",
            from_addr="",
            subject="",
            topic="",
            date=None,
            in_reply_to=None,
            references=(),
            list_id=None,
            new_text="",
            body_text="",
            headers=(),
            size=len(data),
            defects=tuple(defects),
        )
