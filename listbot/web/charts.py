"""Small server-rendered SVG charts (no JavaScript): posts per day by action, answers by FAQ.

Each chart is an <svg role="img"> with a <title> and a table of the same numbers next to it for screen
readers and for reading exact values.
"""

from __future__ import annotations

from datetime import date
from html import escape

COLOURS = {"answer": "#2e7d32", "review": "#b26a00", "ignore": "#9e9e9e"}


def daily(days: list[tuple[date, dict[str, int]]], width: int = 720, height: int = 160) -> str:
    """Stacked bars: one per day, answer / review / ignore."""
    peak = max((sum(c.values()) for _, c in days), default=0) or 1
    bar = width / max(len(days), 1)
    parts = [
        f'<svg role="img" aria-labelledby="daily-title" viewBox="0 0 {width} {height + 20}" class="chart"'
        ' preserveAspectRatio="xMinYMid meet">',
        '<title id="daily-title">Posts per day for 30 days, by what the bot did</title>',
    ]
    for index, (day, counts) in enumerate(days):
        y = float(height)
        for action in ("answer", "review", "ignore"):
            n = counts.get(action, 0)
            if not n:
                continue
            h = n / peak * (height - 10)
            y -= h
            parts.append(
                f'<rect x="{index * bar + 1:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}"'
                f' fill="{COLOURS[action]}"><title>{day:%b %d}: {n} {action}</title></rect>'
            )
        if index % 7 == 0:
            parts.append(
                f'<text x="{index * bar + 1:.1f}" y="{height + 14}" font-size="11" fill="#444">{day:%b %d}</text>'
            )
    parts.append(f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" stroke="#666"/>')
    parts.append("</svg>")
    return "".join(parts)


def bars(values: dict[str, int], label: str, width: int = 520) -> str:
    """Horizontal bars, one per key, longest first."""
    items = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    peak = max((v for _, v in items), default=0) or 1
    row = 22
    height = row * max(len(items), 1)
    parts = [
        f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" class="chart"'
        ' preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(label)}</title>",
    ]
    for index, (name, value) in enumerate(items):
        w = value / peak * (width - 260)
        y = index * row
        parts.append(f'<text x="0" y="{y + 15}" font-size="12" fill="#222">{escape(name)}</text>')
        parts.append(f'<rect x="220" y="{y + 4}" width="{w:.1f}" height="14" fill="#2e7d32"/>')
        parts.append(f'<text x="{226 + w:.1f}" y="{y + 15}" font-size="12" fill="#222">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
