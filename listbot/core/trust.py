"""What mail to the bot proves about its sender. Pure: a Post and the configuration's answers in, a value out.

A From header proves nothing. What can prove something is the ``Authentication-Results`` header that the
list's own mail server adds (RFC 8601): it names itself by an authserv-id, and it removes any header that
claims that id when mail arrives. So only the topmost Authentication-Results header is believed, and only
when it carries the configured authserv-id (``security.authserv_id``); every other one is ignored. DMARC
pass proves the From's domain; so does a DKIM pass for the From's domain (aligned). A DKIM pass for some
other domain proves nothing about the From (Sympa #1483), and SPF alone proves only the envelope.
"""

from __future__ import annotations

from dataclasses import dataclass

import authres

from listbot.model import Post


@dataclass(frozen=True)
class Authentication:
    """The verdict of the one trusted Authentication-Results header (or why there is none)."""

    trusted: bool  # a header from our authserv-id was found on top
    dmarc: str | None = None  # pass | fail | none | ...
    spf: str | None = None
    dkim_aligned: bool = False  # a DKIM pass for the From's domain
    why: str = ""

    @property
    def proves_from(self) -> bool:
        return self.trusted and (self.dmarc == "pass" or self.dkim_aligned)

    @property
    def forged(self) -> bool:
        """SPF and DMARC both failing: the From is very likely forged."""
        return self.trusted and self.spf in ("fail", "softfail") and self.dmarc == "fail"


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".")


def _aligned(a: str, b: str) -> bool:
    """Relaxed alignment: one domain is the other or a subdomain of it."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def authentication(post: Post, authserv_id: str | None) -> Authentication:
    """Read the topmost Authentication-Results header, if it is our server's."""
    if not authserv_id:
        return Authentication(False, why="no authserv_id configured")
    values = post.header("authentication-results")
    if not values:
        return Authentication(False, why="no Authentication-Results header")
    try:
        header = authres.AuthenticationResultsHeader.parse_value(values[0])
    except Exception as exc:  # a malformed header is no evidence
        return Authentication(False, why=f"unreadable Authentication-Results ({type(exc).__name__})")
    if str(header.authserv_id).lower() != authserv_id.lower():
        return Authentication(
            False, why=f"the topmost Authentication-Results is from {header.authserv_id}, not {authserv_id}"
        )
    from_domain = _domain(post.from_addr or post.author)
    dmarc = spf = None
    dkim_aligned = False
    for result in header.results:
        method, verdict = str(result.method).lower(), str(result.result).lower()
        if method == "dmarc" and dmarc is None:
            dmarc = verdict
        elif method == "spf" and spf is None:
            spf = verdict
        elif method == "dkim" and verdict == "pass":
            for prop in result.properties:
                if (
                    prop.type == "header"
                    and prop.name in ("d", "i")
                    and _aligned(_domain(str(prop.value)), from_domain)
                ):
                    dkim_aligned = True
    return Authentication(
        True, dmarc, spf, dkim_aligned, why=f"dmarc={dmarc} spf={spf} dkim-aligned={dkim_aligned}"
    )
