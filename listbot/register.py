"""The register of calls for submissions: one row per call in the store.

A call is announced, reminded, reposted and extended in several posts; ``observe`` merges them into one
row when they share the thread, the link, or a similar title *with the same year* (without the year
check, the 2025 and 2027 essay contests became one call). An extension keeps the previous deadline and
bumps the row's sequence (the .ics SEQUENCE); an "extension" that moves the deadline earlier, and any
uncertain extraction, go to the moderators instead of into the digest. A call closes the day after its
deadline. Moderators add, correct and hide calls in ``config/calls.yaml`` (``listbot calls add|remove``
edit that file textually so its comments survive); those rows are ``manual`` and win over detection.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import ValidationError

from listbot.config import CallSettings, CallsFile, Config, ManualCall, problems_from
from listbot.errors import ConfigError, ListbotError, Problem
from listbot.model import CallInfo, Post
from listbot.store import Store

OPEN = "open"
REVIEW = "review"
CLOSED = "closed"
REMOVED = "removed"
UNDATED_EXPIRY_DAYS = 120  # an undated call not mentioned again for this long leaves the digest

_STOP = frozenset(
    "a an the and or of for to in on at by with from call calls submissions submission proposals proposal "
    "abstracts abstract reminder deadline extended now open invited invitation fwd re fw annual our your "
    "is are be".split()
)


@dataclass(frozen=True)
class Observation:
    """What observing one post did to the register (a value the pipeline logs)."""

    action: str  # "new" | "merged" | "extended" | "review" | "ignored"
    call_id: str | None
    reasons: tuple[str, ...] = ()


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


def call_year(title: str | None, deadline: str | date | None) -> int | None:
    """The year a call is about: the one its title names, else its deadline's year."""
    years = title_years(title)
    if len(years) == 1:
        return next(iter(years))
    if deadline:
        return int(str(deadline)[:4])
    return None


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


def same_call(row: dict[str, Any], post: Post, info: CallInfo) -> str | None:
    """Why the row is the call this post talks about, or None.

    Same thread; or same (non-homepage) link with a related title or an extension; or similar titles --
    the last two only when the years agree (the 2025 and 2027 essay contests are different calls).
    """
    if row["thread_id"] and row["thread_id"] in (post.thread_id, post.message_id):
        return "same thread"
    deadline = info.deadline.day if info.deadline else None
    year_new = call_year(info.title, deadline)
    year_old = call_year(row["title"], row["deadline"])
    years_agree = year_new is None or year_old is None or year_new == year_old
    if not years_agree and info.extended and deadline is not None and row["deadline"]:
        # "extended to January 31, 2027" of a call that closed December 31, 2026: the same call, if the
        # titles themselves do not name different years
        old_day = date.fromisoformat(str(row["deadline"]))
        title_conflict = (
            title_years(info.title)
            and title_years(row["title"])
            and (title_years(info.title) != title_years(row["title"]))
        )
        years_agree = not title_conflict and 0 < (deadline - old_day).days <= 120
    if not years_agree:
        return None
    similarity = similar_titles(info.title, row["title"])
    link = normal_link(info.link)
    if link and link == normal_link(row["link"]) and not _is_homepage(info.link):
        if (
            similarity >= 0.2
            or info.extended
            or (deadline is not None and str(row["deadline"]) == deadline.isoformat())
        ):
            return "same link"
    if similarity >= 0.6:
        return "similar title, same year"
    return None


def _deadline_text(info: CallInfo) -> tuple[str | None, str | None, str | None]:
    d = info.deadline
    if d is None:
        return None, None, None
    return d.day.isoformat(), d.at.strftime("%H:%M") if d.at else None, d.timezone


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# -- the register --------------------------------------------------------------------------------


def _new_id(store: Store, title: str | None, deadline: str | None) -> str:
    base = slug(title or "call")
    year = call_year(title, deadline)
    if year and str(year) not in base:
        base = f"{base}-{year}"
    candidate, n = base, 2
    while store.call_get(candidate) is not None:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def find_existing(
    store: Store, post: Post, info: CallInfo, now: datetime
) -> tuple[dict[str, Any], str] | None:
    """The register row this post belongs to: open or in review, or closed within the last 60 days."""
    horizon = (now - timedelta(days=60)).date().isoformat()
    for row in store.calls_all():
        if row["status"] == CLOSED and (row["deadline"] or "") < horizon:
            continue
        why = same_call(row, post, info)
        if why:
            return row, why
    return None


def observe(store: Store, post: Post, info: CallInfo, now: datetime, settings: CallSettings) -> Observation:
    """Record what one post says about a call: a new row, a merge, an extension, or a review."""
    if not info.is_call:
        return Observation("ignored", None, ("not a call",))
    deadline, at, zone = _deadline_text(info)
    stamp = _iso(now)
    unsure = info.confidence < settings.review_below
    found = find_existing(store, post, info, now)
    if found is None:
        call_id = _new_id(store, info.title, deadline)
        status = REVIEW if unsure else OPEN
        store.call_put(
            call_id,
            {
                "title": info.title or "(untitled call)",
                "kind": info.kind or "other",
                "organisation": info.organisation,
                "deadline": deadline,
                "deadline_time": at,
                "timezone": zone,
                "link": info.link,
                "eligibility": info.eligibility,
                "thread_id": post.thread_id,
                "message_id": post.message_id,
                "first_seen": stamp,
                "updated_at": stamp,
                "sequence": 0,
                "status": status,
                "extended": int(info.extended),
                "manual": 0,
                "confidence": info.confidence,
            },
        )
        reasons = [f"confidence {info.confidence:.2f} below {settings.review_below}"] if unsure else []
        return Observation("review" if unsure else "new", call_id, tuple(reasons))

    row, why = found
    call_id = str(row["id"])
    reasons = [why]
    if row["status"] == REMOVED:
        return Observation("ignored", call_id, (why, "a moderator removed this call"))
    changes: dict[str, object] = {"updated_at": stamp}
    for column, value in (
        ("link", info.link),
        ("organisation", info.organisation),
        ("eligibility", info.eligibility),
    ):
        if value and not row[column]:
            changes[column] = value
    if row["manual"]:
        store.call_put(call_id, {"updated_at": stamp})
        return Observation("merged", call_id, (*reasons, "a moderator's entry: detection does not change it"))
    action = "merged"
    old = row["deadline"]
    if deadline and deadline != old:
        if unsure:
            store.call_put(call_id, changes)
            return Observation(
                "review", call_id, (*reasons, f"uncertain new deadline {deadline} (was {old})")
            )
        if old and deadline < old:
            store.call_put(call_id, changes)
            return Observation(
                "review", call_id, (*reasons, f"deadline moved earlier: {old} -> {deadline}; ask a moderator")
            )
        changes.update(
            deadline=deadline,
            deadline_time=at,
            timezone=zone,
            previous_deadline=old,
            sequence=int(row["sequence"]) + 1,
        )
        if old:
            changes["extended"] = 1
            action = "extended"
            reasons.append(f"deadline {old} -> {deadline}")
        if row["status"] in (CLOSED, REVIEW) and not unsure:
            changes["status"] = OPEN
    elif deadline and deadline == old and at and at != row["deadline_time"]:
        changes.update(deadline_time=at, timezone=zone or row["timezone"], sequence=int(row["sequence"]) + 1)
    elif row["status"] == REVIEW and not unsure and deadline:
        changes["status"] = OPEN
        reasons.append("a clearer post confirmed it")
    store.call_put(call_id, changes)
    return Observation(action, call_id, tuple(reasons))


def close_past(store: Store, today: date) -> list[str]:
    """Close calls whose deadline has passed (they close the day after it); expire stale undated calls."""
    closed = []
    for row in store.calls_all((OPEN, REVIEW)):
        deadline = row["deadline"]
        if deadline and str(deadline) < today.isoformat():
            store.call_put(str(row["id"]), {"status": CLOSED})
            closed.append(str(row["id"]))
        elif not deadline and not row["manual"]:
            updated = datetime.fromisoformat(str(row["updated_at"])).date()
            if (today - updated).days > UNDATED_EXPIRY_DAYS:
                store.call_put(str(row["id"]), {"status": CLOSED})
                closed.append(str(row["id"]))
    return closed


def apply_manual(store: Store, calls: CallsFile, now: datetime) -> None:
    """Make the register agree with calls.yaml: manual rows win; ``remove: true`` hides a call."""
    stamp = _iso(now)
    for entry in calls.calls:
        row = store.call_get(entry.id)
        if entry.remove:
            if row is not None and row["status"] != REMOVED:
                store.call_put(entry.id, {"status": REMOVED, "updated_at": stamp})
            continue
        deadline = entry.deadline.isoformat() if entry.deadline else None
        at = entry.deadline_time.strftime("%H:%M") if entry.deadline_time else None
        values: dict[str, object] = {
            "title": entry.title,
            "kind": entry.kind,
            "organisation": entry.organisation,
            "deadline": deadline,
            "deadline_time": at,
            "timezone": entry.timezone,
            "link": entry.link,
            "eligibility": entry.eligibility,
            "manual": 1,
            "confidence": 1.0,
        }
        if row is None:
            values.update(first_seen=stamp, updated_at=stamp, sequence=0, status=OPEN, extended=0)
            store.call_put(entry.id, values)
            continue
        current = {k: row[k] for k in values}
        if current == values and row["status"] in (OPEN, CLOSED):
            continue
        values["updated_at"] = stamp
        if (row["deadline"], row["deadline_time"], row["timezone"]) != (deadline, at, entry.timezone):
            values["sequence"] = int(row["sequence"]) + 1
            if row["deadline"] and deadline and deadline > str(row["deadline"]):
                values["previous_deadline"] = row["deadline"]
                values["extended"] = 1
        if row["status"] in (REVIEW, REMOVED) or (deadline and row["status"] == CLOSED):
            values["status"] = OPEN
        store.call_put(entry.id, values)


def open_calls(store: Store) -> list[dict[str, Any]]:
    return store.calls_all((OPEN,))


# -- calls.yaml, edited textually so a moderator's comments survive -----------------------------------


def _yaml_scalar(value: object) -> str:
    if isinstance(value, (date, time)):
        return f'"{value.isoformat()[:5]}"' if isinstance(value, time) else value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def entry_block(entry: ManualCall, indent: str = "  ") -> str:
    lines = [f"{indent}- id: {entry.id}"]
    for key in (
        "title",
        "kind",
        "organisation",
        "deadline",
        "deadline_time",
        "timezone",
        "link",
        "eligibility",
    ):
        value = getattr(entry, key)
        if value is not None:
            lines.append(f"{indent}  {key}: {_yaml_scalar(value)}")
    if entry.remove:
        lines.append(f"{indent}  remove: true")
    return "\n".join(lines) + "\n"


def _find_block(lines: list[str], call_id: str) -> tuple[int, int] | None:
    pattern = re.compile(r"^(\s*)-\s+id:\s*['\"]?" + re.escape(call_id) + r"['\"]?\s*(?:#.*)?$")
    for i, line in enumerate(lines):
        m = pattern.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        end = i + 1
        while end < len(lines):
            nxt = lines[end]
            stripped = nxt.strip()
            if stripped and not stripped.startswith("#"):
                lead = len(nxt) - len(nxt.lstrip())
                if lead <= indent:
                    break
            elif stripped.startswith("#") and (len(nxt) - len(nxt.lstrip())) <= indent:
                break
            end += 1
        return i, end
    return None


def edit_calls_text(text: str, entry: ManualCall | None, remove_id: str | None = None) -> str:
    """calls.yaml with one entry added/replaced (entry) or deleted (remove_id); everything else kept."""
    lines = text.splitlines(keepends=True)
    target = entry.id if entry else remove_id
    assert target
    block = _find_block(lines, target)
    if block is not None:
        start, end = block
        leading = re.match(r"^(\s*)", lines[start])
        assert leading is not None  # \s* matches the empty string, so every line matches
        indent = leading.group(1)
        lines[start:end] = [entry_block(entry, indent)] if entry else []
        result = "".join(lines)
        if entry is None and not re.search(r"^\s*-\s+id:", result, re.MULTILINE):
            result = re.sub(r"^calls:[ \t]*$", "calls: []", result, count=1, flags=re.MULTILINE)
        return result
    if entry is None:
        return text
    for i, line in enumerate(lines):
        if re.match(r"^calls:\s*\[\s*\]\s*(?:#.*)?$", line):
            lines[i : i + 1] = ["calls:\n", entry_block(entry)]
            return "".join(lines)
        if re.match(r"^calls:\s*(?:#.*)?$", line):
            # after the last item of the list (the first line at column 0 that is not a comment ends it)
            end = i + 1
            last_item_end = i + 1
            while end < len(lines):
                stripped = lines[end].strip()
                if stripped and not lines[end].startswith((" ", "\t", "-", "#")):
                    break
                if stripped and not stripped.startswith("#"):
                    last_item_end = end + 1
                end += 1
            indent = "  "
            for probe in lines[i + 1 : last_item_end]:
                m = re.match(r"^(\s*)-\s", probe)
                if m:
                    indent = m.group(1)
                    break
            lines[last_item_end:last_item_end] = [entry_block(entry, indent)]
            return "".join(lines)
    sep = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{sep}calls:\n{entry_block(entry)}"


def _check_calls_text(path: Path, text: str) -> CallsFile:
    try:
        data = yaml.safe_load(text) or {}
        return CallsFile.model_validate(data)
    except Exception as exc:  # any failure means we must not write the file
        problem = Problem(str(path), "calls", f"the edit would not validate ({exc}); file left as is")
        raise ConfigError([problem]) from None


def write_calls_file(path: Path, text: str) -> CallsFile:
    calls = _check_calls_text(path, text)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return calls


# -- the command line: listbot calls extract|list|add|remove ------------------------------------------


def cli_calls(args: Any) -> int:
    command = args.calls_command
    if command == "extract":
        return _cli_extract(args)
    from listbot.config import load

    config = load(args.config)
    now = datetime.now(UTC)
    with Store(config.state_path) as store:
        apply_manual(store, config.calls, now)
        close_past(store, now.astimezone(ZoneInfo(config.settings.list.timezone)).date())
        if command == "list":
            return _cli_list(store, args)
        if command == "add":
            return _cli_add(config, store, args, now)
        if command == "remove":
            return _cli_remove(config, store, args, now)
    raise ListbotError(f"unknown calls action {command!r}")


def _cli_extract(args: Any) -> int:
    from listbot.calls import as_json, extract
    from listbot.commands import EmlFiles

    files = EmlFiles(args.files)
    for name, post in files:
        info = extract(post)
        if args.json:
            print(json.dumps(as_json(info, name), ensure_ascii=False))
        elif not info.is_call:
            print(f"{name}: not a call")
        else:
            d = info.deadline
            when = "no deadline found"
            if d is not None:
                when = (
                    d.day.isoformat()
                    + (f" {d.at:%H:%M}" if d.at else "")
                    + (f" {d.timezone}" if d.timezone else "")
                )
            print(
                f"{name}: {info.title!r} [{info.kind}] deadline {when}; link {info.link or '-'};"
                f" confidence {info.confidence:.2f}"
            )
    return 1 if files.failed else 0


def _cli_list(store: Store, args: Any) -> int:
    rows = store.calls_all() if args.all else store.calls_all((OPEN, REVIEW))
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
        return 0
    if not rows:
        print("no calls in the register")
        return 0
    for row in rows:
        when = row["deadline"] or "date not announced"
        if row["deadline_time"]:
            when += f" {row['deadline_time']}"
        if row["timezone"]:
            when += f" {row['timezone']}"
        flags = (
            [str(row["status"])]
            + (["manual"] if row["manual"] else [])
            + (["extended"] if row["extended"] else [])
        )
        print(f"{row['id']}\t{when}\t{row['title']}\t[{', '.join(flags)}]")
    return 0


def _cli_add(config: Config, store: Store, args: Any, now: datetime) -> int:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", args.id):
        raise ConfigError(
            [Problem("--id", "id", "use lower-case letters, digits and - (e.g. abs-2027-meeting)")]
        )
    try:
        entry = ManualCall.model_validate(
            {
                "id": args.id,
                "title": args.title,
                "deadline": args.deadline,
                "deadline_time": args.deadline_time,
                "timezone": args.timezone,
                "link": args.link,
                "kind": args.kind,
            }
        )
    except ValidationError as exc:
        options = {"deadline_time": "--time"}
        raise ConfigError(
            [
                Problem("listbot calls add", options.get(p.key, "--" + p.key.replace("_", "-")), p.message)
                for p in problems_from("listbot calls add", ManualCall, {}, exc)
            ]
        ) from None
    path = config.calls_path
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    calls = write_calls_file(path, edit_calls_text(text, entry))
    apply_manual(store, calls, now)
    print(f"added {entry.id} to {path}")
    return 0


def _cli_remove(config: Config, store: Store, args: Any, now: datetime) -> int:
    path = config.calls_path
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    row = store.call_get(args.id)
    manual_ids = {c.id for c in config.calls.calls if not c.remove}
    if args.id in manual_ids:
        text = edit_calls_text(text, None, remove_id=args.id)
        calls = write_calls_file(path, text)
        if row is not None:
            store.call_put(args.id, {"status": REMOVED, "manual": 0, "updated_at": _iso(now)})
        apply_manual(store, calls, now)
        print(f"removed {args.id} from {path} and the register")
        return 0
    if row is None:
        raise ListbotError(f"no call with id {args.id!r}; see listbot calls list --all")
    entry = ManualCall(id=args.id, title=str(row["title"]), remove=True)
    calls = write_calls_file(path, edit_calls_text(text, entry))
    apply_manual(store, calls, now)
    print(f"removed {args.id} from the register (kept as remove: true in {path})")
    return 0
