"""One-use tokens (sign-in links, confirmations) and console sessions, both kept only as hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from listbot.store.base import Connection, iso, parse_dt


@dataclass(frozen=True)
class TokenRow:
    hash: str
    purpose: str
    address: str
    subject: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class SessionRow:
    hash: str
    moderator: str
    csrf: str
    created_at: datetime
    seen_at: datetime
    ended_at: datetime | None


class AccessStore(Connection):
    def token_add(
        self, token_hash: str, purpose: str, address: str, now: datetime, expires: datetime, subject: str = ""
    ) -> None:
        self.db.execute(
            "INSERT INTO tokens (hash, purpose, address, subject, created_at, expires_at) VALUES (?,?,?,?,?,?)",
            (token_hash, purpose, address, subject, iso(now), iso(expires)),
        )

    def token_get(self, token_hash: str) -> TokenRow | None:
        row = self.db.execute("SELECT * FROM tokens WHERE hash = ?", (token_hash,)).fetchone()
        if row is None:
            return None
        return TokenRow(
            hash=row["hash"],
            purpose=row["purpose"],
            address=row["address"],
            subject=row["subject"],
            created_at=parse_dt(row["created_at"]) or datetime.min,
            expires_at=parse_dt(row["expires_at"]) or datetime.min,
            used_at=parse_dt(row["used_at"]),
        )

    def token_use(self, token_hash: str, purpose: str, now: datetime) -> TokenRow | None:
        """Spend a token: the row if it was valid (right purpose, unused, not expired), else None."""
        cursor = self.db.execute(
            "UPDATE tokens SET used_at = ? WHERE hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
            (iso(now), token_hash, purpose, iso(now)),
        )
        return self.token_get(token_hash) if cursor.rowcount == 1 else None

    def tokens_live(self, purpose: str, address: str, now: datetime) -> int:
        """Unused, unexpired tokens of a purpose for an address."""
        return int(
            self.db.execute(
                "SELECT count(*) FROM tokens WHERE purpose = ? AND address = ? AND used_at IS NULL AND expires_at > ?",
                (purpose, address, iso(now)),
            ).fetchone()[0]
        )

    # -- sessions ----------------------------------------------------------------------------------

    def session_add(self, session_hash: str, moderator: str, csrf: str, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO sessions (hash, moderator, csrf, created_at, seen_at) VALUES (?,?,?,?,?)",
            (session_hash, moderator, csrf, iso(now), iso(now)),
        )

    def session_get(self, session_hash: str) -> SessionRow | None:
        row = self.db.execute("SELECT * FROM sessions WHERE hash = ?", (session_hash,)).fetchone()
        if row is None:
            return None
        return SessionRow(
            hash=row["hash"],
            moderator=row["moderator"],
            csrf=row["csrf"],
            created_at=parse_dt(row["created_at"]) or datetime.min,
            seen_at=parse_dt(row["seen_at"]) or datetime.min,
            ended_at=parse_dt(row["ended_at"]),
        )

    def session_seen(self, session_hash: str, now: datetime) -> None:
        self.db.execute("UPDATE sessions SET seen_at = ? WHERE hash = ?", (iso(now), session_hash))

    def session_end(self, session_hash: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE sessions SET ended_at = ? WHERE hash = ? AND ended_at IS NULL", (iso(now), session_hash)
        )
