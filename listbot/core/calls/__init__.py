"""Calls for submissions: is a post a call, and what does it ask for by when. Pure: no IO, no clock.

``extract(post) -> CallInfo`` reads the author's own words plus any *forwarded* message
(``content``), scores each date as the deadline (``deadlines``), decides whether the post is a call
(``detect``) and reads its title, kind, organisation, link and eligibility (``fields``).
"""

from __future__ import annotations

import re

from listbot.core.calls.content import content_of
from listbot.core.calls.deadlines import choose_deadline, score_dates
from listbot.core.calls.detect import DETECT_THRESHOLD, EXTENSION, detection_score
from listbot.core.calls.fields import URL, eligibility_of, kind_of, link_of, organisation_of, title_of
from listbot.core.dates import find_dates, time_and_zone
from listbot.model import CallInfo, Deadline, Post

__all__ = ["as_json", "content_of", "extract"]


def _mask(text: str) -> str:
    """URLs and addresses blanked out (same length): their digits and words are not dates or cues."""
    text = URL.sub(lambda m: " " * len(m.group(0)), text)
    return re.sub(r"\S+@\S+\.\w+", lambda m: " " * len(m.group(0)), text)


def extract(post: Post) -> CallInfo:
    """Read one post: is it a call for submissions, and its title, kind, deadline, link."""
    text = content_of(post)
    masked = _mask(text)
    posted = post.date.date() if post.date else None
    extended = bool(EXTENSION.search(masked))
    cands = score_dates(masked, find_dates(masked), posted)
    chosen, notes = choose_deadline(cands, extended)
    score, reasons = detection_score(post, masked, chosen)
    is_call = score >= DETECT_THRESHOLD
    if not is_call:
        return CallInfo(is_call=False, confidence=0.0, reasons=tuple([f"call score {score:.1f}", *reasons]))
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
    title = title_of(post, text)
    link = link_of(text)
    if link:
        confidence += 0.1
    if title:
        confidence += 0.05
    confidence = max(0.0, min(1.0, confidence))
    return CallInfo(
        is_call=True,
        title=title,
        kind=kind_of(title, text),
        organisation=organisation_of(text),
        deadline=deadline,
        extended=extended,
        link=link,
        eligibility=eligibility_of(text),
        confidence=round(confidence, 2),
        reasons=tuple([f"call score {score:.1f}", *reasons]),
    )


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
        "kind": info.kind,
        "organisation": info.organisation,
        "extended": info.extended,
        "eligibility": info.eligibility,
        "confidence": info.confidence,
        "reasons": list(info.reasons),
    }
