"""The register of calls for submissions: the merge rules. Pure: rows, the post and ``now`` are arguments.

A call is announced, reminded, reposted and extended in several posts; ``observe`` merges them into one
row when they share the thread, the link, or a similar title *with the same year* (without the year
check, the 2025 and 2027 essay contests became one call). An extension keeps the previous deadline and
bumps the row's sequence (the .ics SEQUENCE); an "extension" that moves the deadline earlier, and any
uncertain extraction, go to the moderators instead of into the digest. A call closes the day after its
deadline. Moderators add, correct and hide calls in ``config/calls.yaml``; those rows are ``manual`` and win
over detection (``manual_rows``). A row remembers what it was read from (``Sources``: the posts, threads,
links and titles merged into it), so that a repost or reminder finds a corrected or removed call even when
the moderator renamed it: the correction holds, and a removed call never comes back.

Each function returns the rows to write; ``listbot.app.calls`` writes them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from listbot.config import CallSettings, CallsFile
from listbot.model import CallInfo, CallRow, CallStatus, Post

OPEN: CallStatus = "open"
REVIEW: CallStatus = "review"
CLOSED: CallStatus = "closed"
REMOVED: CallStatus = "removed"
UNDATED_EXPIRY_DAYS = 120  # an undated call not mentioned again for this long leaves the digest
ROLLING_EXPIRY_DAYS = 365  # ... and a call that said it has no deadline ("rolling basis"), after this long
CLOSED_HORIZON_DAYS = 60  # a post can still belong to a call that closed this recently

_STOP = frozenset(
    "a an the and or of for to in on at by with from call calls submissions submission proposals proposal "
    "abstracts abstract reminder deadline extended now open invited invitation fwd re fw annual our your "
    "is are be "
    # what reminders add to a call's title: "Reminder: X due Friday", "X -- one week left"
    "due today tomorrow tonight monday tuesday wednesday thursday friday saturday sunday week weeks day days "
    "left last chance final closing soon still time".split()
)


@dataclass(frozen=True)
class Sources:
    """What a register row was read from: the posts, threads, links and titles of every post merged into it.

    A moderator's correction changes the row (its title, its link, its deadline); reposts and reminders of
    the call still look like what was first read, so they are matched against these too.
    """

    messages: frozenset[str] = frozenset()
    threads: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    titles: tuple[str, ...] = ()

    @classmethod
    def of(cls, values: Mapping[str, Sequence[str]]) -> Sources:
        """From the store's form: kind (message, thread, link, title) -> values."""
        return cls(
            messages=frozenset(values.get("message", ())),
            threads=frozenset(values.get("thread", ())),
            links=frozenset(values.get("link", ())),
            titles=tuple(dict.fromkeys(values.get("title", ()))),
        )


def source_of(post: Post, info: CallInfo) -> dict[str, tuple[str, ...]]:
    """What one post gives the register row it made or joined, in the store's form."""
    out: dict[str, tuple[str, ...]] = {"message": (post.message_id,), "thread": (post.thread_id,)}
    if info.link and not _is_homepage(info.link):
        out["link"] = (info.link,)
    if info.title:
        out["title"] = (info.title,)
    return {kind: tuple(v for v in values if v) for kind, values in out.items()}


@dataclass(frozen=True)
class Observation:
    """What one post does to the register: a value the pipeline logs, and the row to write (if any)."""

    action: Literal["new", "merged", "extended", "review", "ignored"]
    call_id: str | None
    reasons: tuple[str, ...] = ()
    row: CallRow | None = None


# -- pure helpers ----------------------------------------------------------------------------------


def slug(text: str, limit: int = 60) -> str:
    """A stable, readable id: lower-case ASCII words joined by "-"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "call"


def title_tokens(title: str | None) -> set[str]:
    words = re.findall(r"[a-z0-9]+", (title or "").lower())
    return {w for w in words if w not in _STOP and not re.fullmatch(r"(?:19|20)\d\d", w) and len(w) > 1}


def title_years(title: str | None) -> set[int]:
    return {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", title or "")}


def call_year(title: str | None, deadline: date | None) -> int | None:
    """The year a call is about: the one its title names, else its deadline's year."""
    years = title_years(title)
    if len(years) == 1:
        return next(iter(years))
    return deadline.year if deadline else None


def similar_titles(a: str | None, b: str | None) -> float:
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def normal_link(link: str | None) -> str | None:
    if not link:
        return None
    link = re.sub(r"^https?://(?:www\.)?", "", link.strip().lower()).rstrip("/")
    link = re.sub(r"[?#].*$", "", link)
    return link or None


def _is_homepage(link: str | None) -> bool:
    """A bare domain says nothing about which call it is (every ABS call links the homepage)."""
    norm = normal_link(link)
    return norm is not None and "/" not in norm


def same_call(row: CallRow, post: Post, info: CallInfo, sources: Sources | None = None) -> str | None:
    """Why the row is the call this post talks about, or None.

    Same thread; or same (non-homepage) link with a related title or an extension; or similar titles --
    the last two only when the years agree (the 2025 and 2027 essay contests are different calls). With
    `sources`, the same rules hold for every thread, link and title the row was read from: a repost keeps
    finding the call after a moderator renamed it or gave it another link.
    """
    why = _same_call(row, post, info)
    if why is not None or sources is None:
        return why
    asked = {post.message_id, post.thread_id, post.in_reply_to or "", *post.references} - {""}
    if asked & (sources.messages | sources.threads):
        return "same thread as a post it was read from"
    for title in (row.title, *sources.titles):
        for link in (row.link, *sources.links):
            if (title, link) == (row.title, row.link):
                continue
            why = _same_call(replace(row, title=title, link=link, thread_id=None), post, info)
            if why is not None:
                return f"{why} (as read from {title!r})"
    return None


def _same_call(row: CallRow, post: Post, info: CallInfo) -> str | None:
    if row.thread_id and row.thread_id in (post.thread_id, post.message_id):
        return "same thread"
    deadline = info.deadline.day if info.deadline else None
    year_new = call_year(info.title, deadline)
    year_old = call_year(row.title, row.deadline)
    years_agree = year_new is None or year_old is None or year_new == year_old
    if not years_agree and info.extended and deadline is not None and row.deadline:
        # "extended to January 31, 2027" of a call that closed December 31, 2026: the same call, if the
        # titles themselves do not name different years
        title_conflict = (
            title_years(info.title)
            and title_years(row.title)
            and (title_years(info.title) != title_years(row.title))
        )
        years_agree = not title_conflict and 0 < (deadline - row.deadline).days <= 120
    if not years_agree:
        return None
    similarity = similar_titles(info.title, row.title)
    link = normal_link(info.link)
    if link and link == normal_link(row.link) and not _is_homepage(info.link):
        if similarity >= 0.2 or info.extended or (deadline is not None and row.deadline == deadline):
            return "same link"
    if similarity >= 0.6:
        return "similar title, same year"
    return None


def _minute(at: time | None) -> time | None:
    """Deadlines are kept to the minute."""
    return None if at is None else at.replace(second=0, microsecond=0)


def _second(moment: datetime) -> datetime:
    """Register timestamps are kept to the second."""
    return moment.replace(microsecond=0)


def new_id(taken: Iterable[str], title: str | None, deadline: date | None) -> str:
    """A slug of the title (with the call's year), made unique among the ids taken."""
    taken = set(taken)
    base = slug(title or "call")
    year = call_year(title, deadline)
    if year and str(year) not in base:
        base = f"{base}-{year}"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def find_existing(
    rows: Sequence[CallRow],
    post: Post,
    info: CallInfo,
    now: datetime,
    sources: Mapping[str, Sources] | None = None,
) -> tuple[CallRow, str] | None:
    """The register row this post belongs to: open or in review, closed within the last 60 days, or removed.

    A moderator's row (corrected, or removed) is preferred over a detected one the post also matches.
    """
    horizon = (now - timedelta(days=CLOSED_HORIZON_DAYS)).date()
    matched: list[tuple[CallRow, str]] = []
    for row in rows:
        if row.status == CLOSED and (row.deadline is None or row.deadline < horizon):
            continue
        why = same_call(row, post, info, None if sources is None else sources.get(row.id, Sources()))
        if why:
            matched.append((row, why))
    matched.sort(key=lambda m: not (m[0].manual or m[0].status == REMOVED))
    return matched[0] if matched else None


# -- the merge -----------------------------------------------------------------------------------------


def observe(
    rows: Sequence[CallRow],
    post: Post,
    info: CallInfo,
    now: datetime,
    settings: CallSettings,
    sources: Mapping[str, Sources] | None = None,
) -> Observation:
    """What one post says about a call: a new row, a merge, an extension, or a review.

    ``rows``: the whole register, in the store's order (by deadline, undated last); ``sources``: what each
    row was read from, by id. A row a moderator corrected keeps the correction, and one a moderator
    removed stays removed, whatever later posts of the call say. A post the call rules and the call model
    disagree on (``info.held``) is held for review whatever its confidence.
    """
    if not info.is_call and info.held is None:
        return Observation("ignored", None, ("not a call",))
    d = info.deadline
    deadline, at, zone = (d.day, _minute(d.at), d.timezone) if d else (None, None, None)
    stamp = _second(now)
    unsure = info.confidence < settings.review_below or info.held is not None
    found = find_existing(rows, post, info, now, sources)
    if found is None:
        call_id = new_id((r.id for r in rows), info.title, deadline)
        row = CallRow(
            id=call_id,
            title=info.title or "(untitled call)",
            kind=info.kind or "other",
            organisation=info.organisation,
            deadline=deadline,
            deadline_time=at,
            timezone=zone,
            link=info.link,
            eligibility=info.eligibility,
            submit_to=info.submit_to,
            thread_id=post.thread_id,
            message_id=post.message_id,
            first_seen=stamp,
            updated_at=stamp,
            sequence=0,
            status=REVIEW if unsure else OPEN,
            extended=info.extended,
            manual=False,
            confidence=info.confidence,
            open_ended=info.open_ended and deadline is None,
        )
        doubt: tuple[str, ...] = (
            (info.held,)
            if info.held
            else (
                f"the bot is not sure it is a call, or of its deadline (confidence {info.confidence:.2f}, "
                f"below {settings.review_below})",
            )
        )
        return Observation("review" if unsure else "new", call_id, doubt if unsure else (), row)

    row, why = found
    reasons = [why]
    if row.status == REMOVED:
        return Observation("ignored", row.id, (why, "a moderator removed this call"))
    if row.manual:
        return Observation(
            "merged",
            row.id,
            (*reasons, "a moderator's entry: detection does not change it"),
            replace(row, updated_at=stamp),
        )
    filled = replace(
        row,
        updated_at=stamp,
        link=row.link or info.link,
        organisation=row.organisation or info.organisation,
        eligibility=row.eligibility or info.eligibility,
        submit_to=row.submit_to or info.submit_to,
        open_ended=row.open_ended or (info.open_ended and row.deadline is None),
    )
    old = row.deadline
    if deadline and deadline != old:
        if unsure:
            return Observation(
                "review", row.id, (*reasons, f"uncertain new deadline {deadline} (was {old})"), filled
            )
        if old and deadline < old:
            return Observation(
                "review",
                row.id,
                (*reasons, f"deadline moved earlier: {old} -> {deadline}; ask a moderator"),
                filled,
            )
        changed = replace(
            filled,
            deadline=deadline,
            deadline_time=at,
            timezone=zone,
            previous_deadline=old,
            sequence=row.sequence + 1,
            open_ended=False,
        )
        action: Literal["merged", "extended"] = "merged"
        if old:
            changed = replace(changed, extended=True)
            action = "extended"
            reasons.append(f"deadline {old} -> {deadline}")
        if row.status in (CLOSED, REVIEW):
            changed = replace(changed, status=OPEN)
        return Observation(action, row.id, tuple(reasons), changed)
    if deadline and deadline == old and at and at != row.deadline_time:
        changed = replace(filled, deadline_time=at, timezone=zone or row.timezone, sequence=row.sequence + 1)
        return Observation("merged", row.id, tuple(reasons), changed)
    if row.status == REVIEW and not unsure and deadline:
        reasons.append("a clearer post confirmed it")
        return Observation("merged", row.id, tuple(reasons), replace(filled, status=OPEN))
    return Observation("merged", row.id, tuple(reasons), filled)


def to_close(rows: Iterable[CallRow], today: date) -> list[CallRow]:
    """Open calls past their deadline (they close the day after it), and stale undated detected calls."""
    closed = []
    for row in rows:
        if row.status not in (OPEN, REVIEW):
            continue
        if row.deadline and row.deadline < today:
            closed.append(replace(row, status=CLOSED))
        elif not row.deadline and not row.manual and row.updated_at is not None:
            if (today - row.updated_at.date()).days > (
                ROLLING_EXPIRY_DAYS if row.open_ended else UNDATED_EXPIRY_DAYS
            ):
                closed.append(replace(row, status=CLOSED))
    return closed


def manual_rows(current: dict[str, CallRow], calls: CallsFile, now: datetime) -> list[CallRow]:
    """The rows to write so that the register agrees with calls.yaml: manual rows win; ``remove: true``
    hides a call. ``current``: the register by id."""
    stamp = _second(now)
    out: list[CallRow] = []
    for entry in calls.calls:
        row = current.get(entry.id)
        if entry.remove:
            if row is not None and row.status != REMOVED:
                out.append(replace(row, status=REMOVED, updated_at=stamp))
            continue
        at = _minute(entry.deadline_time)
        fields = {
            "title": entry.title,
            "kind": entry.kind,
            "organisation": entry.organisation,
            "deadline": entry.deadline,
            "deadline_time": at,
            "timezone": entry.timezone,
            "link": entry.link,
            "eligibility": entry.eligibility,
            "submit_to": entry.submit_to,
            "extended": entry.extended,  # the moderator says whether the call extended its deadline
            "manual": True,
            "confidence": 1.0,
            "open_ended": row is not None and row.open_ended and entry.deadline is None,
        }
        if row is None:
            out.append(CallRow(id=entry.id, first_seen=stamp, updated_at=stamp, **fields))  # type: ignore[arg-type]
            continue
        unchanged = all(getattr(row, k) == v for k, v in fields.items())
        if unchanged and row.status in (OPEN, CLOSED):
            continue
        changed = replace(row, updated_at=stamp, **fields)  # type: ignore[arg-type]
        if (row.deadline, row.deadline_time, row.timezone) != (entry.deadline, at, entry.timezone):
            changed = replace(changed, sequence=row.sequence + 1)
            if entry.extended and row.deadline and entry.deadline and entry.deadline > row.deadline:
                changed = replace(changed, previous_deadline=row.deadline)
        if row.status in (REVIEW, REMOVED) or (entry.deadline and row.status == CLOSED):
            changed = replace(changed, status=OPEN)
        out.append(changed)
    return out
