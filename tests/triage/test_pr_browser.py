"""In Chromium with axe: the parental responsibility pages (issue 17 point 1)."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible, sign_in
from tests.triage.factories import claimed_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_confirms_pr_per_child_and_adds_a_grandmother(page, live_server, people):
    from requests.models import DeclaredPR, Person

    contact = claimed_contact(by=people.alice, officer=people.olga, children=2)
    first, second = contact.children.all()
    sam = Person.objects.create(
        contact=contact,
        full_name="Sam Example",
        relationship="Father",
        parental_responsibility="yes",
    )
    for child in (first, second):  # the referrer said: PR for both
        DeclaredPR.objects.create(person=sam, child=child, parental_responsibility="yes")
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
    # The referrer's declaration beside the front door's confirmation, child by child.
    rows = page.locator("tr", has_text=f"{second.first_name} {second.last_name}")
    cells = rows.first.locator("td").all_inner_texts()
    assert cells == ["Has PR", "Does not have PR\nHow: Birth certificates seen"]
    page.screenshot(path="/tmp/i17-pr-overview.png", full_page=True)
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


def test_the_referrer_declares_pr_for_each_child(page, live_server, people):
    """The person page asks once per child, works without JavaScript's help and passes axe,
    its errors included."""
    from tests.requests.factories import DraftFactory

    draft = DraftFactory(created_by=people.alice)
    from requests.models import Child

    for name in ("Amy", "Ben"):
        Child.objects.create(contact=draft, first_name=name, last_name="Testwell")
    amy, ben = draft.children.order_by("pk")
    sign_in(page, live_server, people.alice)
    page.goto(f"/requests-for-support/{draft.pk}/people/add/")
    legends = page.locator("legend").all_inner_texts()
    assert "Do they have parental responsibility for Amy Testwell?" in legends
    assert "Do they have parental responsibility for Ben Testwell?" in legends
    page.fill("#id_full_name", "Dan Oldfield")
    page.fill("#id_relationship", "Amy's father")
    page.check(f"input[name=parental_responsibility_{amy.pk}][value=yes]")
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".govuk-error-summary")
    summary = page.inner_text(".govuk-error-summary")
    assert "Select whether the person has parental responsibility for Ben Testwell" in summary
    assert page.input_value("#id_full_name") == "Dan Oldfield"
    assert page.is_checked(f"input[name=parental_responsibility_{amy.pk}][value=yes]")
    assert_accessible(page)
    page.screenshot(path="/tmp/i17-person-form.png", full_page=True)
    page.check(f"input[name=parental_responsibility_{ben.pk}][value=no]")
    page.check("input[name=lives_with_child][value=no]")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Household and parental responsibility')")
    main = page.inner_text("main")
    assert "Parental responsibility for Amy Testwell: yes" in main
    assert "Parental responsibility for Ben Testwell: no" in main
    assert_accessible(page)
    page.screenshot(path="/tmp/i17-people.png", full_page=True)
