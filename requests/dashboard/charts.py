"""The 90-day trend as SVG geometry worked out on the server (no script, no style attribute)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from requests.dashboard.selectors import TrendDay

WIDTH = 900
HEIGHT = 240
LEFT = 44
BOTTOM = 24
TOP = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    plot_bottom: float
    bars: list[Bar]
    gridlines: list[Gridline]
    first_label: str
    last_label: str


def trend_chart(days: Sequence[TrendDay]) -> Chart:
    plot_height = HEIGHT - BOTTOM - TOP
    plot_bottom = float(HEIGHT - BOTTOM)
    slot = (WIDTH - LEFT) / max(len(days), 1)
    bars = []
    for index, day in enumerate(days):
        value = day.percent_within_24h
        height = 0.0 if value is None else plot_height * value / 100
        label = day.day.strftime("%-d %b %Y") + (
            ": no contacts" if value is None else f": {value:g}% of {day.counted}"
        )
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.1, 2),
                y=round(plot_bottom - height, 2),
                width=round(slot * 0.8, 2),
                height=round(height, 2),
                label=label,
            )
        )
    gridlines = [
        Gridline(y=round(plot_bottom - plot_height * pct / 100, 2), label=f"{pct}%")
        for pct in (0, 50, 100)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        plot_bottom=plot_bottom,
        bars=bars,
        gridlines=gridlines,
        first_label=days[0].day.strftime("%-d %b") if days else "",
        last_label=days[-1].day.strftime("%-d %b") if days else "",
    )
