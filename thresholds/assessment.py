"""The level-suggestion rule of the levels-of-need tool (seed 004 §6 and Appendix 1).

Pure functions: no database. "An accumulation of a number of these examples could increase a
child's vulnerability" (004 §6), so the tool never suggests a level *below* the highest
example ticked; it suggests exactly that level and leaves the rest to professional judgement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

LEVELS = (1, 2, 3, 4)
# Larger numbers cannot be primary keys; refusing them here keeps the database from erroring.
MAX_ID = 2**31

# 004 §1: "decisions made using professional judgement, supported by this guidance".
JUDGEMENT_REMINDER = (
    "This is a suggestion, not a decision. Professional judgement decides: every child and "
    "family is unique, and several lower-level needs together can make a child more "
    "vulnerable. If you believe a child is at risk of significant harm, refer to the front "
    "door without delay. If a child is in immediate danger, call 999."
)


class HasLevel(Protocol):
    level: int


T = TypeVar("T", bound=HasLevel)


class NothingTicked(ValueError):
    """The tool needs at least one indicator to suggest a level."""


def suggest_level(levels: Iterable[int]) -> int:
    """The highest level among the ticked indicators."""
    chosen = list(levels)
    if not chosen:
        raise NothingTicked("Select at least one indicator that describes the child")
    for level in chosen:
        if level not in LEVELS:
            raise ValueError(f"{level!r} is not a level of need (1 to 4)")
    return max(chosen)


def reasons_by_level(indicators: Iterable[T]) -> list[tuple[int, list[T]]]:
    """The ticked indicators grouped by level, highest level first (the reasons shown)."""
    groups: dict[int, list[T]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.level, []).append(indicator)
    return [(level, groups[level]) for level in sorted(groups, reverse=True)]


def leads_to_request_for_support(level: int) -> bool:
    """Level 4 is statutory or specialist intervention: a Request for Support (004 App. 2)."""
    return level == 4


def parse_ids(values: Sequence[object]) -> tuple[list[int], list[str]]:
    """Indicator ids from form or JSON values, and the values that are not ids."""
    ids: list[int] = []
    bad: list[str] = []
    for value in values:
        if isinstance(value, bool):
            bad.append(str(value))
        elif isinstance(value, int) and 0 < value < MAX_ID:
            ids.append(value)
        elif (
            isinstance(value, str)
            and value.strip().isascii()
            and value.strip().isdigit()
            and 0 < int(value) < MAX_ID
        ):
            ids.append(int(value))
        else:
            bad.append(str(value)[:40])
    return list(dict.fromkeys(ids)), bad
