"""/contacts/: public, grouped by kind, open or closed now, tel: links, search."""

from __future__ import annotations

import re

import pytest
import time_machine

from referral_portal.context_processors import AUTHORITY_COOKIE

MONDAY_10 = "2026-11-23T10:00:00+00:00"


def card(html: str, kind: str) -> str:
    match = re.search(rf'id="service-{kind}".*?</dl>', html, re.S)
    assert match, f"no {kind} card"
    return match.group(0)


def test_a_visitor_sees_every_birmingham_service_grouped_by_kind(client, seeded):
    with time_machine.travel(MONDAY_10, tick=False):
        response = client.get("/contacts/", {"authority": "birmingham"})
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 class="govuk-heading-m govuk-!-margin-top-6">(.*?)</h2>', html)
    assert headings == [
        "Front door (children&#x27;s social care)",
        "Out-of-hours emergency team",
        "Adult social care",
        "Adult social care out of hours",
        "Local Authority Designated Officer (LADO)",
        "Early help",
        "Disclosure Team",
        "Prevent and Channel",
        "Police and ambulance emergency",
    ]
    assert '<a class="govuk-link" href="tel:01213031888">0121 303 1888</a>' in card(
        html, "front_door"
    )
    assert "Open now" in card(html, "front_door")
    assert "Friday: 08:45 to 16:15" in card(html, "front_door")
    assert "Closed now" in card(html, "out_of_hours")
    assert 'href="tel:01216754806"' in card(html, "out_of_hours")
    assert "mailto:Ladoteam@birminghamchildrenstrust.co.uk" in card(html, "lado")
    assert "Birmingham City Council corporate safeguarding policy, section 12" in card(html, "lado")


def test_at_the_weekend_the_page_says_ring_out_of_hours(client, seeded):
    with time_machine.travel("2026-11-28T10:00:00+00:00", tick=False):
        html = client.get("/contacts/", {"authority": "worcestershire"}).content.decode()
    assert "Closed now" in card(html, "front_door")
    assert "Open now" in card(html, "out_of_hours")
    assert (
        'Family Front Door is closed: call the out-of-hours team on <a class="govuk-link" '
        'href="tel:01905768020">01905 768020</a>.' in html
    )


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("lado", ["service-lado"], ["service-front_door", "service-early_help"]),
        ("out of hours", ["service-out_of_hours", "service-adult_out_of_hours"], ["service-lado"]),
        ("Disclosure", ["service-disclosure_team"], ["service-lado"]),
        ("CASS", ["service-front_door"], ["service-lado"]),
        ("early help", ["service-early_help"], ["service-front_door"]),
        # The notes too (review m16): what the service is for, in its source's words.
        ("allegation", ["service-lado"], ["service-front_door"]),
        ("AMHP", ["service-adult_out_of_hours"], ["service-lado"]),
    ],
)
def test_search_by_name_or_kind(client, seeded, query, shown, hidden):
    html = client.get("/contacts/", {"authority": "birmingham", "q": query}).content.decode()
    for marker in shown:
        assert f'id="{marker}"' in html
    for marker in hidden:
        assert f'id="{marker}"' not in html


def test_a_search_that_finds_nothing_says_so(client, seeded):
    html = client.get("/contacts/", {"authority": "birmingham", "q": "zebra"}).content.decode()
    assert "No kinds of service match “zebra”" in html
    assert "Show all services" in html


def test_the_chosen_area_comes_from_the_cookie(client, seeded):
    client.cookies[AUTHORITY_COOKIE] = "worcestershire"
    html = client.get("/contacts/").content.decode()
    assert "01905 822666" in html
    assert "0121 303 1888" not in html


def test_without_an_area_the_visitor_is_asked_to_choose_one(client, seeded):
    response = client.get("/contacts/")
    assert response.status_code == 302
    assert response["Location"] == "/authority/?next=%2Fcontacts%2F"


@pytest.mark.parametrize("authority", ["atlantis", "a" * 300, "ÉÁ"])
def test_an_unknown_area_is_not_found(client, seeded, authority):
    assert client.get("/contacts/", {"authority": authority}).status_code == 404


@pytest.mark.parametrize("q", ["<script>", "a" * 5000, "%00", "' OR 1=1"])
def test_odd_searches_never_fail(client, seeded, q):
    response = client.get("/contacts/", {"authority": "birmingham", "q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]
