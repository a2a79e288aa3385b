"""The author's new words: what remains of a text body without quotes, attributions, signatures, footers.

mail-parser-reply's reply-header patterns are one signal (``_library_cut``); the project's rules (``_cut_index``)
do the rest: Outlook header blocks in several languages, "-----Original Message-----", wrapped "On ... wrote:"
lines and their non-English forms, list footers, disclaimers, device lines and a trailing sign-off block. The
library's signature stripping is *not* used: it drops everything after a "Thanks," line even mid-message.
Pure: no IO.
"""

from __future__ import annotations

import re

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
        if raw in ("-- ", "--"):  # (new_text_of splits on every line end)
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
# What every one of the library's reply-header patterns needs somewhere (a superset, checked first): a
# "wrote"-like verb in one of its languages, "original message", or a line starting with a header name (any
# of its languages) and a colon. Without one, its regex cannot match and is not run.
_LIBRARY_MAY_MATCH = re.compile(
    r"wrote|schrieb|crit|escribi|schreef|skrev|scritto|original message|oprindelig"
    r"|^[>* ]*(?:from|sent|to|subject|date|cc|organization|von|gesendet|an|betreff|datum|organisation|de"
    r"|envoy[ée]|[àa]|objet|enviado|para|asunto|fecha|organizaci[óo]n|van|verzonden|aan|onderwerp|fr[åa]n"
    r"|skickat|till|[äa]mne|kopia|da|inviato|oggetto|data|fra|sendt|til|emne|dato|kopi|vedh[æa]ftet)?\s*:",
    re.IGNORECASE | re.MULTILINE,
)
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
    if not _LIBRARY_MAY_MATCH.search(text):
        return None  # none of the library's patterns can match: skip its (slow) regex
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
