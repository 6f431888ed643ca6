"""The level-suggestion rule (thresholds/assessment.py): the highest level ticked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from thresholds.assessment import (
    NothingTicked,
    leads_to_request_for_support,
    parse_ids,
    reasons_by_level,
    suggest_level,
)


@pytest.mark.parametrize(
    ("ticked", "suggested"),
    [
        ([1], 1),
        ([1, 1, 1], 1),
        ([2], 2),
        ([1, 2], 2),
        ([3, 1, 2], 3),
        ([1, 1, 1, 1, 1, 1, 2], 2),  # many lower needs do not add up to a higher level
        ([4], 4),
        ([1, 4], 4),
        ([2, 3, 4, 3], 4),
    ],
)
def test_suggested_level_is_the_highest_level_ticked(ticked, suggested):
    assert suggest_level(ticked) == suggested


def test_nothing_ticked_suggests_nothing():
    with pytest.raises(NothingTicked):
        suggest_level([])


@pytest.mark.parametrize("level", [0, 5, -1])
def test_a_level_outside_one_to_four_is_refused(level):
    with pytest.raises(ValueError, match="not a level of need"):
        suggest_level([1, level])


def test_reasons_are_grouped_by_level_highest_first():
    a, b, c = (SimpleNamespace(level=n, text=t) for n, t in [(2, "a"), (4, "b"), (2, "c")])
    assert reasons_by_level([a, b, c]) == [(4, [b]), (2, [a, c])]


@pytest.mark.parametrize(("level", "expected"), [(1, False), (2, False), (3, False), (4, True)])
def test_only_level_four_leads_to_a_request_for_support(level, expected):
    assert leads_to_request_for_support(level) is expected


@pytest.mark.parametrize(
    ("values", "ids", "bad"),
    [
        ([1, "2", " 3 "], [1, 2, 3], []),
        ([5, 5, "5"], [5], []),
        ([True, "x", -1, 0, 2.5, None], [], ["True", "x", "-1", "0", "2.5", "None"]),
        (["²", "١"], [], ["²", "١"]),  # digits that int() would read or refuse
        ([2**31, "99999999999999999999"], [], ["2147483648", "99999999999999999999"]),
    ],
)
def test_indicator_ids_are_read_strictly(values, ids, bad):
    assert parse_ids(values) == (ids, bad)
