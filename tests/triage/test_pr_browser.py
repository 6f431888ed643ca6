"""In Chromium with axe: the parental responsibility pages (issue 17 point 1)."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible, sign_in
from tests.triage.factories import claimed_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_confirms_pr_per_child_and_adds_a_grandmother(page, live_server, people):
    from requests.models import Person

    contact = claimed_contact(by=people.alice, officer=people.olga, children=2)
    first, second = contact.children.all()
    Person.objects.create(
        contact=contact,
        full_name="Sam Example",
        relationship="Father",
        parental_responsibility="yes",
    )
    sign_in(page, live_server, people.olga)
    page.goto(f"/triage/contacts/{contact.pk}/")
    page.click("text=Check parental responsibility, or add a person")
    assert page.inner_text("h1") == "Parental responsibility"
    assert "decides who is sent an outcome letter" in page.inner_text("main")
    assert_accessible(page)
    page.click("text=Check parental responsibility")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.check(f"input[name=child_{first.pk}][value=yes]")
    page.check(f"input[name=child_{second.pk}][value=no]")
    page.fill("#id_how_checked", "Birth certificates seen")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Parental responsibility of Sam Example saved")
    assert "Does not have PR (confirmed by the front door)" in page.inner_text("main")
    page.click("text=Add a person the referrer did not name")
    assert_accessible(page)
    page.fill("#id_full_name", "Gran Example")
    page.fill("#id_relationship", "Grandmother")
    page.fill("#id_address", "1 Fictional Close\nExampletown")
    page.click("button:has-text('Add the person')")
    page.wait_for_selector("h1:has-text('Parental responsibility of Gran Example')")
    assert "Not named by the referrer" in page.inner_text("main")
    assert_accessible(page)
    page.screenshot(path="/tmp/i17-pr-person.png", full_page=True)
