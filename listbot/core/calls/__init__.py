"""Calls for submissions: is a post a call, and what does it ask for by when. Pure: no IO, no clock.

``extract(post) -> CallInfo`` reads the author's own words plus any *forwarded* message
(``content``), scores each date as the deadline (``deadlines``), reads what the post asks of its reader and
what kind of post it is (``asks``), decides whether the post is a call (``detect``) and reads its title,
kind, organisation, link, eligibility and the address the work goes to (``fields``). A call that says it has no deadline ("on a rolling
basis") is ``open_ended``. A newsletter, digest or roundup that is no call as a whole is read item by item:
one item that asks for work makes it a call, read from that item (``content.items_of``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from listbot.core.calls import model
from listbot.core.calls.asks import (
    THINGS_RE,
    Ask,
    Form,
    asks_of,
    form_of,
    in_an_election,
    interest_follows,
    not_a_call,
    sentence_at,
    subject_asks,
)
from listbot.core.calls.content import MAX_CHARS, after_sign_off, bounded, content_of, items_of, quoted_part
from listbot.core.calls.deadlines import (
    NO_DEADLINE,
    OPEN_ENDED,
    Candidate,
    choose_deadline,
    moved_by,
    moved_from,
    score_dates,
)
from listbot.core.calls.detect import (
    DETECT_THRESHOLD,
    detection_score,
    extension_spans,
    unwrapped,
)
from listbot.core.calls.fields import (
    URL,
    eligibility_of,
    kind_of,
    link_of,
    organisation_of,
    submit_to_of,
    title_of,
)
from listbot.core.dates import find_dates, local_date, time_and_zone
from listbot.core.subjects import is_forward, is_reply
from listbot.model import CallInfo, Deadline, Post

__all__ = ["as_json", "content_of", "extract"]


def _mask(text: str) -> str:
    """URLs, addresses and HTML tags blanked out (same length): their digits and words are not dates or cues,
    and "Deadline: <strong>Friday, January 29</strong>" reads as "Deadline: Friday, January 29"."""
    text = URL.sub(lambda m: " " * len(m.group(0)), text)
    text = _ADDRESS.sub(lambda m: " " * len(m.group(0)), text)
    return _TAG.sub(lambda m: " " * len(m.group(0)), text)


# an address starts a word and is no longer than addresses are (RFC 5321: 64 characters before the @, 255
# after): unbounded, "\S+@\S+" is tried from every character of a long word, and costs seconds on one
_ADDRESS = re.compile(r"(?<!\S)\S{1,64}@\S{1,255}\.\w+>?")  # with its closing bracket: no quote mark
# a tag of HTML pasted as plain text: a known tag name, bounded attributes
_TAG = re.compile(
    r"</?(?:p|br|b|i|u|em|strong|span|div|font|a|ul|ol|li|h[1-6]|table|tr|td|th|tbody|thead)\b[^<>\n]{0,200}/?>",
    re.IGNORECASE,
)


def _near_the_ask(text: str, asks: tuple[Ask, ...], cands: list[Candidate]) -> None:
    """A date in the sentence that asks for the work is the date to send it by: "If you've got a paragraph on
    X, toss it my way before Friday." (each date counted once). When the ask's own words hold a date, only
    they do: "SBM's submission closes October 7, so please write to me by 10/2 with a few sentences"."""
    for ask in asks:
        if ask.kind != "work" and not (ask.kind == "job" and THINGS_RE.search(ask.phrase)):
            continue  # (a CV asked for with the work is part of the application to present or write)
        start, end = sentence_at(text, *ask.at)
        if any(ask.at[0] <= c.found.start < ask.at[1] for c in cands):
            start, end = ask.at
        for c in cands:
            if start <= c.found.start < end and c.score > -3.0 and _IN_THE_ASK not in c.reasons:
                c.score += 1.5
                c.reasons.append(_IN_THE_ASK)


_IN_THE_ASK = "in the sentence asking for the work"


def extract(post: Post, timezone: str, second_opinion: bool = True) -> CallInfo:
    """Read one post: is it a call for submissions, and its title, kind, deadline, link.

    `timezone`: the list's (``list.timezone``); dates written relative to the post ("two weeks from today",
    "this Friday") count from the post's Date there. Only the first ``MAX_CHARS`` characters of the post's
    text are read, whatever its size or shape, and the reasons say when there was more.

    The rules' reading is then weighed by the call model (``model``), which has the last word on whether the
    post is a call: it reads the rules' decision and reasons together with the post's words. Where the two
    disagree, the post is ``held``: the register keeps it for a moderator instead of listing it, whichever
    way they disagree, so nothing is dropped and nothing unsure reaches the digest (``second_opinion``
    False: the rules alone, as the model is fitted on them).
    """
    if not (second_opinion and model.shipped_weights()):
        return _read(post, timezone)
    info = _read(post, timezone, judge=_the_model_reads_a_call)
    if info.reasons[0].startswith(_ITEM):
        return info  # the model read the item it was taken from
    text = (post.new_text or "")[:MAX_CHARS]  # what the rules read, and no more, whatever the post's size
    weighed = model.features(post.subject or "", text, info.reasons, info.is_call)
    p = model.probability(weighed)
    agrees = model.reads_call(p, info.is_call, info.reasons) == info.is_call
    if agrees and not info.is_call:
        return info
    if agrees:
        return replace(info, reasons=(*info.reasons, f"the call model agrees ({p:.2f})"))
    words = _listed(model.telling(weighed, toward=not info.is_call, text=f"{post.subject or ''}\n{text}"))
    if info.is_call:
        held = (
            f"it asks for submissions, but read as a whole it does not look like a call (call model {p:.2f}"
            + (f"; {words} weigh against a call)" if words else ")")
        )
    else:
        info = _read(post, timezone, as_call=True)
        held = (
            "read as a whole it looks like a call, but no sentence clearly asks for submissions (call model "
            f"{p:.2f}" + (f"; {words} weigh for a call)" if words else ")")
        )
    reasons = (*info.reasons, f"{held}: held for a moderator, not listed")
    return replace(info, is_call=not info.is_call, held=held, reasons=reasons)


def _listed(words: list[str]) -> str:
    """'a', 'b' and 'c'."""
    quoted = [f"'{w}'" for w in words]
    return " and ".join(quoted) if len(quoted) < 3 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _the_model_reads_a_call(item: Post, info: CallInfo) -> float | None:
    """The call model's probability that an item the rules read as a call is one, or None when it is not."""
    p = model.probability(model.features("", item.new_text, info.reasons, True))
    return p if model.reads_call(p, True, info.reasons) else None


Judge = Callable[[Post, CallInfo], "float | None"]


def _read(
    post: Post, timezone: str, as_call: bool = False, item: bool = False, judge: Judge | None = None
) -> CallInfo:
    """The rules' reading of one post (``extract`` without the call model). ``as_call``: read the title,
    deadline and the rest even when the rules see no call (``is_call`` stays the rules' word). A post that
    is a list of news and no call as a whole is read item by item (``_an_item_is_a_call``): an ``item`` is a
    call only when it asks for work or names a call, and when ``judge`` (the call model) agrees."""
    post, caps = bounded(post)
    text = content_of(post)
    main_end = len(text)
    aside = after_sign_off(post)
    if aside:
        text = "\n\n".join([text, *aside])
    masked = _mask(text)
    posted = local_date(post.date, timezone)
    extensions = extension_spans(masked)
    extended = bool(extensions)
    cands = score_dates(masked, find_dates(masked), posted)
    if any(c.score >= 2.0 and c.found.start < main_end for c in cands):
        # a postscript or signature is an aside: it names the deadline only when the post names none
        cands = [c for c in cands if c.found.start < main_end]
    own_subject = (post.topic or post.subject) if not is_reply(post) or is_forward(post.subject) else ""
    subject_end = max(0, masked.find("\n")) if own_subject else 0  # the text starts with the subject line
    asks = interest_follows(
        subject_asks(own_subject) + in_an_election(post.topic or post.subject, masked, asks_of(masked))
    )
    _near_the_ask(masked, asks, cands)
    chosen, notes = choose_deadline(cands, extended)
    if extended:
        chosen, moved = moved_by(unwrapped(masked), cands, chosen)
        notes = moved or notes
    if extended and chosen is None and is_reply(post) and not is_forward(post.subject):
        # a reply that extends the call it quotes by a span: the quoted call's deadline, moved on
        quoted = _mask(quoted_part(post))
        old, _ = choose_deadline(score_dates(quoted, find_dates(quoted), posted), False)
        if old is not None:
            chosen, moved = moved_from(masked, old)
            notes = moved or notes
    no_deadline = NO_DEADLINE.search(masked)
    if no_deadline and chosen is not None:
        if no_deadline.start() >= subject_end and any(
            c.day == chosen.day and c.found.start < subject_end for c in cands
        ):
            # the subject says what the post is about: "pieces due two weeks from today" wins over a
            # body's "the column remains open with no deadline"
            notes = [
                *notes,
                f"the subject names {chosen.day.isoformat()}: {no_deadline.group(0)!r} is another's",
            ]
            no_deadline = None
        else:
            notes = [*notes, f"says {no_deadline.group(0)!r}: not {chosen.day.isoformat()}"]
            chosen = None
    open_ended = bool(no_deadline) or (chosen is None and bool(OPEN_ENDED.search(masked)))
    score, reasons, named_call = detection_score(post, masked, chosen, asks, open_ended)
    form = form_of(own_subject, post.new_text or "", masked, "" if own_subject else post.topic)
    deadline_at = None
    if chosen is not None:  # the sentences that name the deadline's day
        deadline_at = [sentence_at(masked, c.found.start, c.found.end) for c in cands if c.day == chosen.day]
    why_not = not_a_call(form, asks, extensions, deadline_at, subject_end, named_call)
    if item and why_not is None and not (named_call or any(a.kind == "work" for a in asks)):
        why_not = "an item of a list of news that asks for no work and names no call"
    is_call = score >= DETECT_THRESHOLD and why_not is None
    told = [f"not a call: {why_not}"] if why_not else []
    if not is_call and not as_call:
        whole = tuple([f"call score {score:.1f}", *told, *reasons, *caps])
        if not item and not _read_whole(post, form, whole):
            one = _an_item_is_a_call(post, text, timezone, judge)
            if one is not None:
                return one
        return CallInfo(is_call=False, confidence=0.0, reasons=whole)
    if is_call and not item and chosen is not None:
        chosen, notes = _the_asking_items_date(post, text, timezone, cands, chosen, notes)
    deadline: Deadline | None = None
    confidence = min(0.6, 0.3 + score / 20)
    if chosen is not None:
        at, zone = None, None
        # the subject may say "due 15 January" and the body "15 January 2027, 23:59 CET": same day, more said
        same_day = sorted(
            (c for c in cands if c.day == chosen.day and c.score > -3.0),
            key=lambda c: (c is not chosen, c.found.start),
        )
        for cand in same_day:
            t, z = time_and_zone(masked, cand.found.start, cand.found.end)
            if (t, z) != (None, None) and (at is None or (zone is None and z is not None)):
                at, zone = t, z
                if z is not None or t is not None and cand is chosen:
                    break
        deadline = Deadline(day=chosen.day, at=at, timezone=zone)
        reasons.append(
            f"deadline {chosen.day.isoformat()} from {chosen.found.text!r} ({chosen.score:.1f}: "
            f"{', '.join(chosen.reasons) or 'no cue'})"
        )
        confidence += 0.25 if chosen.score >= 4.0 else 0.1
        if notes:
            confidence -= 0.15
            reasons.extend(notes)
    else:
        reasons.extend(notes)
        if open_ended:
            reasons.append("no deadline: the call says so (rolling)")
            confidence += 0.2  # as sure as a deadline read with a clear cue
    title = title_of(post, text)
    link = link_of(text)
    if link:
        confidence += 0.1
    if title:
        confidence += 0.05
    confidence = max(0.0, min(1.0, confidence))
    return CallInfo(
        is_call=is_call,
        title=title,
        kind=kind_of(title, text),
        organisation=organisation_of(text),
        deadline=deadline,
        extended=extended,
        open_ended=open_ended and deadline is None,
        link=link,
        eligibility=eligibility_of(text),
        submit_to=submit_to_of(text, "" if is_forward(post.subject) else post.author),
        confidence=round(confidence, 2),
        reasons=tuple([f"call score {score:.1f}", *([] if is_call else told), *reasons, *caps]),
    )


def _read_whole(post: Post, form: Form, reasons: tuple[str, ...]) -> bool:
    """Is the post what it is as a whole, whatever its items say: a record (minutes, a report, a roundup of
    other people's calls), a job posting, a call announced as closed, a reply (read as a reply), the bot's
    own digest or a list's ("-20 ...")."""
    return bool(
        form.record
        or form.job
        or form.job_named
        or form.closed
        or (is_reply(post) and not is_forward(post.subject))
        or any(reason.startswith("-20 ") for reason in reasons)
    )


def _an_item_is_a_call(post: Post, text: str, timezone: str, judge: Judge | None) -> CallInfo | None:
    """A newsletter, digest or roundup whose one item is a call is a call, read from that item: as a whole
    its other items (dues, a memorial, a job, winners announced) outweigh or overrule the one that asks for
    work. The first item that is a call by itself (and that ``judge`` agrees is one) is the post's reading;
    None when no item is."""
    items = items_of(text)
    for number, item, alone, info in _calls_among(post, items, timezone):
        p = judge(alone, info) if judge else 1.0
        if p is None:
            continue
        heading = " ".join(item.split())[:60]
        agrees = (f"the call model agrees on the item ({p:.2f})",) if judge else ()
        title = _item_title(item, title_of(post, text))
        return replace(
            info,
            title=title,
            kind=kind_of(title, item),
            reasons=(
                f"{_ITEM} {number} of {len(items)} is a call read alone ({heading!r})",
                *info.reasons,
                *agrees,
            ),
        )
    return None


_ITEM = "item"


def _calls_among(post: Post, items: list[str], timezone: str) -> Iterator[tuple[int, str, Post, CallInfo]]:
    """The items that are calls read alone, in order: (number, item, the item as a post, its reading). An
    item is read as a post of its own, from the same author on the same day, with no subject."""
    for number, item in enumerate(items, start=1):
        alone = replace(
            post, subject="", topic="", new_text=item, body_text=item, in_reply_to=None, references=()
        )
        info = _read(alone, timezone, item=True)
        if info.is_call:
            yield number, item, alone, info


def _the_asking_items_date(
    post: Post, text: str, timezone: str, cands: list[Candidate], chosen: Candidate, notes: list[str]
) -> tuple[Candidate, list[str]]:
    """Of a list of news that is a call as a whole, the deadline is the date of the item that asks for the
    work: a credentialing log due April 1 in item 4 is not the poster call's 3/31 in item 2."""
    for number, item, _, info in _calls_among(post, items_of(text), timezone):
        if not any(a.kind == "work" for a in asks_of(_mask(item))):
            continue  # an item that names another call ("5. The poster deadline (January 12) is not affected")
        if info.deadline is None or info.deadline.day == chosen.day:
            return chosen, notes
        same = [c for c in cands if c.day == info.deadline.day]
        if not same:
            return chosen, notes
        return max(same, key=lambda c: c.score), [
            *notes,
            f"item {number} asks for the work: its {info.deadline.day.isoformat()}, not {chosen.day.isoformat()}",
        ]
    return chosen, notes


def _item_title(item: str, whole: str | None) -> str:
    """What a call read from one item is called: the item's heading ("5) WRITE FOR THE BALINT CIRCLE"), or
    else its first sentence, then the title of the post it is in ("... (ABS Members' Bulletin - June)")."""
    first = item.strip().split("\n", 1)[0]
    first = re.sub(r"^\s*(?:\(?\d{1,2}[.)]|#\d{1,2}|[=*#~_-]{2,})\s*|\s*[=*#~_-]{2,}\s*$", "", first).strip()
    if not (first and len(first) <= 70 and "\n" in item.strip()):
        sentence = re.split(r"(?<=[.!?])\s", " ".join(item.split()), maxsplit=1)[0]
        first = sentence if len(sentence) <= 100 else sentence[:97].rsplit(" ", 1)[0] + " ..."
    return f"{first} ({whole})"[:160] if whole else first[:160]


def as_json(info: CallInfo, file: str) -> dict[str, object]:
    """The `listbot calls extract --json` object (DESIGN.md), then extra keys."""
    d = info.deadline
    return {
        "file": file,
        "is_call": info.is_call,
        "title": info.title,
        "deadline": d.day.isoformat() if d else None,
        "deadline_time": d.at.strftime("%H:%M") if d and d.at else None,
        "timezone": d.timezone if d else None,
        "link": info.link,
        "open_ended": info.open_ended,
        "kind": info.kind,
        "organisation": info.organisation,
        "extended": info.extended,
        "eligibility": info.eligibility,
        "submit_to": info.submit_to,
        "confidence": info.confidence,
        "held": info.held,
        "reasons": list(info.reasons),
    }
