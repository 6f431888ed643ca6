"""Who to call now, for both authorities as the seeds give them, through the public API.

Birmingham CASS (seed 000): Mon–Thu 08:45–17:15, Fri 08:45–16:15, out of hours 0121 675 4806.
Worcestershire Family Front Door (seed 004 Appendix 2): Mon–Thu 08:30–17:00,
Fri 08:30–16:30, out of hours 01905 768020. Opening minute inclusive, closing minute
exclusive; closed on England and Wales bank holidays; a time without offset is London time.
2026-11-23 is a Monday (GMT). British Summer Time runs 29 March to 25 October 2026.
"""

from __future__ import annotations

import pytest

CASS, BHM_OOH = "0121 303 1888", "0121 675 4806"
FFD, WOR_OOH = "01905 822666", "01905 768020"

# (case, at, front door open, number to ring, next change)
BIRMINGHAM = [
    ("monday inside hours", "2026-11-23T10:00", True, CASS, "2026-11-23T17:15:00+00:00"),
    ("monday evening", "2026-11-23T19:00", False, BHM_OOH, "2026-11-24T08:45:00+00:00"),
    ("opening minute is open", "2026-11-23T08:45", True, CASS, "2026-11-23T17:15:00+00:00"),
    ("second before opening", "2026-11-23T08:44:59", False, BHM_OOH, "2026-11-23T08:45:00+00:00"),
    ("closing minute is closed", "2026-11-23T17:15", False, BHM_OOH, "2026-11-24T08:45:00+00:00"),
    ("second before closing", "2026-11-23T17:14:59", True, CASS, "2026-11-23T17:15:00+00:00"),
    ("tuesday inside hours", "2026-11-24T12:00", True, CASS, "2026-11-24T17:15:00+00:00"),
    ("tuesday early morning", "2026-11-24T07:00", False, BHM_OOH, "2026-11-24T08:45:00+00:00"),
    ("wednesday inside hours", "2026-11-25T16:00", True, CASS, "2026-11-25T17:15:00+00:00"),
    ("wednesday night", "2026-11-25T22:30", False, BHM_OOH, "2026-11-26T08:45:00+00:00"),
    ("thursday inside hours", "2026-11-26T17:00", True, CASS, "2026-11-26T17:15:00+00:00"),
    ("thursday after close", "2026-11-26T17:30", False, BHM_OOH, "2026-11-27T08:45:00+00:00"),
    ("friday before its close", "2026-11-27T16:14", True, CASS, "2026-11-27T16:15:00+00:00"),
    ("friday closing minute", "2026-11-27T16:15", False, BHM_OOH, "2026-11-30T08:45:00+00:00"),
    ("friday 17:00 is closed", "2026-11-27T17:00", False, BHM_OOH, "2026-11-30T08:45:00+00:00"),
    ("saturday", "2026-11-28T11:00", False, BHM_OOH, "2026-11-30T08:45:00+00:00"),
    ("sunday", "2026-11-29T11:00", False, BHM_OOH, "2026-11-30T08:45:00+00:00"),
    ("christmas day", "2026-12-25T11:00", False, BHM_OOH, "2026-12-29T08:45:00+00:00"),
    ("substitute boxing day", "2026-12-28T11:00", False, BHM_OOH, "2026-12-29T08:45:00+00:00"),
    ("2027 second substitute", "2027-12-28T11:00", False, BHM_OOH, "2027-12-29T08:45:00+00:00"),
    ("clocks go forward day", "2026-03-29T12:00", False, BHM_OOH, "2026-03-30T08:45:00+01:00"),
    ("clocks go back day", "2026-10-25T12:00", False, BHM_OOH, "2026-10-26T08:45:00+00:00"),
    (
        "clocks go back, repeated hour",
        "2026-10-25T01:30",
        False,
        BHM_OOH,
        "2026-10-26T08:45:00+00:00",
    ),
    ("utc: 07:45Z is 08:45 BST", "2026-03-30T07:45:00Z", True, CASS, "2026-03-30T17:15:00+01:00"),
    (
        "utc: 07:44Z is before opening",
        "2026-03-30T07:44:00Z",
        False,
        BHM_OOH,
        "2026-03-30T08:45:00+01:00",
    ),
    (
        "utc: 16:15Z is 17:15 BST",
        "2026-07-15T16:15:00Z",
        False,
        BHM_OOH,
        "2026-07-16T08:45:00+01:00",
    ),
    (
        "utc in winter equals london",
        "2026-11-23T08:45:00+00:00",
        True,
        CASS,
        "2026-11-23T17:15:00+00:00",
    ),
    ("+01:00 opening minute", "2026-07-15T08:45:00+01:00", True, CASS, "2026-07-15T17:15:00+01:00"),
    (
        "+01:00 before opening",
        "2026-07-15T08:44:00+01:00",
        False,
        BHM_OOH,
        "2026-07-15T08:45:00+01:00",
    ),
    (
        "+01:00 in winter is 08:30 GMT",
        "2026-11-23T09:30:00+01:00",
        False,
        BHM_OOH,
        "2026-11-23T08:45:00+00:00",
    ),
]

WORCESTERSHIRE = [
    ("monday inside hours", "2026-11-23T10:00", True, FFD, "2026-11-23T17:00:00+00:00"),
    ("monday evening", "2026-11-23T19:00", False, WOR_OOH, "2026-11-24T08:30:00+00:00"),
    ("opening minute is open", "2026-11-23T08:30", True, FFD, "2026-11-23T17:00:00+00:00"),
    ("minute before opening", "2026-11-23T08:29", False, WOR_OOH, "2026-11-23T08:30:00+00:00"),
    ("closing minute is closed", "2026-11-23T17:00", False, WOR_OOH, "2026-11-24T08:30:00+00:00"),
    ("minute before closing", "2026-11-23T16:59", True, FFD, "2026-11-23T17:00:00+00:00"),
    ("tuesday inside hours", "2026-11-24T09:00", True, FFD, "2026-11-24T17:00:00+00:00"),
    ("tuesday night", "2026-11-24T23:59", False, WOR_OOH, "2026-11-25T08:30:00+00:00"),
    ("wednesday inside hours", "2026-11-25T14:00", True, FFD, "2026-11-25T17:00:00+00:00"),
    ("wednesday early", "2026-11-25T06:00", False, WOR_OOH, "2026-11-25T08:30:00+00:00"),
    ("thursday inside hours", "2026-11-26T16:45", True, FFD, "2026-11-26T17:00:00+00:00"),
    ("thursday after close", "2026-11-26T17:01", False, WOR_OOH, "2026-11-27T08:30:00+00:00"),
    ("friday before its close", "2026-11-27T16:29", True, FFD, "2026-11-27T16:30:00+00:00"),
    ("friday closing minute", "2026-11-27T16:30", False, WOR_OOH, "2026-11-30T08:30:00+00:00"),
    ("friday 16:45 is closed", "2026-11-27T16:45", False, WOR_OOH, "2026-11-30T08:30:00+00:00"),
    ("saturday", "2026-11-28T10:00", False, WOR_OOH, "2026-11-30T08:30:00+00:00"),
    ("sunday", "2026-11-29T10:00", False, WOR_OOH, "2026-11-30T08:30:00+00:00"),
    ("christmas day", "2026-12-25T10:00", False, WOR_OOH, "2026-12-29T08:30:00+00:00"),
    ("substitute boxing day", "2026-12-28T10:00", False, WOR_OOH, "2026-12-29T08:30:00+00:00"),
    (
        "good friday to after easter monday",
        "2026-04-03T10:00",
        False,
        WOR_OOH,
        "2026-04-07T08:30:00+01:00",
    ),
    ("clocks go forward day", "2026-03-29T10:00", False, WOR_OOH, "2026-03-30T08:30:00+01:00"),
    ("clocks go back day", "2026-10-25T10:00", False, WOR_OOH, "2026-10-26T08:30:00+00:00"),
    ("utc: 07:30Z is 08:30 BST", "2026-06-10T07:30:00Z", True, FFD, "2026-06-10T17:00:00+01:00"),
    (
        "utc: 16:00Z is 17:00 BST",
        "2026-06-10T16:00:00Z",
        False,
        WOR_OOH,
        "2026-06-11T08:30:00+01:00",
    ),
    (
        "+01:00 friday close",
        "2026-06-12T16:30:00+01:00",
        False,
        WOR_OOH,
        "2026-06-15T08:30:00+01:00",
    ),
    ("+01:00 inside hours", "2026-06-12T16:29:00+01:00", True, FFD, "2026-06-12T16:30:00+01:00"),
]

CASES = [("birmingham", *row) for row in BIRMINGHAM] + [
    ("worcestershire", *row) for row in WORCESTERSHIRE
]


@pytest.mark.parametrize(
    ("authority", "case", "at", "is_open", "phone", "next_change"),
    CASES,
    ids=[f"{c[0]}: {c[1]}" for c in CASES],
)
def test_who_to_call_now(client, seeded, authority, case, at, is_open, phone, next_change):
    response = client.get("/api/v1/contacts/now", {"authority": authority, "at": at})
    assert response.status_code == 200
    body = response.json()
    assert body["authority"] == authority
    assert body["front_door_open"] is is_open
    assert body["call"]["phone"] == phone
    assert body["call"]["kind"] == ("front_door" if is_open else "out_of_hours")
    assert body["emergency"] == "999"
    assert body["next_change"] == next_change


@pytest.mark.parametrize(
    ("at", "london"),
    [
        ("2026-03-30T07:45:00Z", "2026-03-30T08:45:00+01:00"),
        ("2026-07-15T08:45:00+01:00", "2026-07-15T08:45:00+01:00"),
        ("2026-11-23T10:00", "2026-11-23T10:00:00+00:00"),
        ("2026-06-10T10:00", "2026-06-10T10:00:00+01:00"),
    ],
)
def test_the_moment_is_answered_in_london_time(client, seeded, at, london):
    response = client.get("/api/v1/contacts/now", {"authority": "birmingham", "at": at})
    assert response.json()["at"] == london


@pytest.mark.parametrize(
    ("authority", "at", "sentence", "next_text"),
    [
        (
            "birmingham",
            "2026-12-25T11:00",
            # 000: "Emergency out-of-hours" (review m8); Worcestershire's line is not limited.
            "CASS is closed: in an emergency call the out-of-hours team on 0121 675 4806.",
            "CASS opens at 08:45 on Tuesday 29 December",
        ),
        (
            "birmingham",
            "2026-11-23T10:00",
            "CASS is open: call 0121 303 1888.",
            "CASS closes at 17:15 on Monday 23 November",
        ),
        (
            "worcestershire",
            "2026-11-28T10:00",
            "Family Front Door is closed: call the out-of-hours team on 01905 768020.",
            "Family Front Door opens at 08:30 on Monday 30 November",
        ),
    ],
)
def test_panel_says_the_same_as_the_api(client, seeded, authority, at, sentence, next_text):
    import datetime as dt

    from contacts.panel import call_now_panel
    from referral_portal.accounts.models import Authority

    moment = dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC)
    panel = call_now_panel(Authority.objects.get(slug=authority), at=moment)
    api = client.get("/api/v1/contacts/now", {"authority": authority, "at": at}).json()
    assert panel["sentence"] == sentence
    assert panel["next_change_text"] == next_text
    assert panel["phone"] == api["call"]["phone"]
    assert panel["front_door_open"] == api["front_door_open"]
    assert panel["next_change"].isoformat() == api["next_change"]
