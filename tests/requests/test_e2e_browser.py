"""The whole Request for Support with the keyboard only, axe on every page, then the status
page and the acknowledgement in a real SMTP server."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_process():
    from referral_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _no_two_factor_prompt(settings, tmp_path):
    settings.TWO_FACTOR_ENFORCED = False
    settings.MEDIA_ROOT = tmp_path / "media"


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector``: reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab on {page.url}")


def check_page(page, seen: set[str]) -> None:
    """axe on every distinct page and every page showing errors (the task list is seen often)."""
    key = re.sub(r"\d+", "N", page.url.split("?")[0])
    if page.locator(".govuk-error-summary").count():
        key += "#errors"
    if key not in seen:
        seen.add(key)
        assert_accessible(page)


def activate(page, selector: str, seen: set[str] | None = None) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if seen is None:
        assert_accessible(page)
    else:
        check_page(page, seen)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def radio(page, first_id: str, steps: int = 0) -> None:
    """Tab into a radio group and choose the option ``steps`` below the first."""
    tab_to(page, f"#{first_id}")
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def submit(page, seen: set[str] | None = None) -> None:
    activate(page, "main button[type=submit]", seen)


def test_the_whole_form_with_the_keyboard_then_status_and_email(
    page, live_server, people, smtp_server, in_process
):
    seen: set[str] = set()
    sign_in(page, live_server, people.alice)
    page.goto("/")
    activate(page, seen=seen, selector="a[href='/requests-for-support/start/']")
    assert page.inner_text("h1") == "Is a child in immediate danger?"
    submit(page, seen)  # nothing chosen: the error is announced and accessible
    assert "Select yes if a child is in immediate danger" in page.inner_text(".govuk-error-summary")
    radio(page, "id_immediate_danger_0", steps=1)  # "No"
    submit(page, seen)
    pk = re.search(r"/requests-for-support/(\d+)/", page.url).group(1)
    task_list = f"/requests-for-support/{pk}/"
    assert "Not yet started" in page.inner_text("main")

    activate(page, seen=seen, selector=f"a[href='{task_list}referrer/']")
    type_into(page, "#id_referrer_role", "Class teacher")
    type_into(page, "#id_referrer_phone", "0121 496 0000")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}children/']")
    activate(page, seen=seen, selector=f"a[href='{task_list}children/add/']")
    type_into(page, "#id_first_name", "Ada")
    type_into(page, "#id_last_name", "Testchild")
    submit(page, seen)  # errors first: every field keeps what was typed
    assert "Enter the child's date of birth" not in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_first_name") == "Ada"
    radio(page, "id_unborn_0", steps=1)
    type_into(page, "#id_date_of_birth_0", "4")
    type_into(page, "#id_date_of_birth_1", "5")
    type_into(page, "#id_date_of_birth_2", "2016")
    radio(page, "id_sex_0")
    type_into(page, "#id_address", "1 Example Road")
    submit(page, seen)
    assert "Ada Testchild" in page.inner_text("main")
    activate(page, seen=seen, selector=f"main a.govuk-button[href='{task_list}']")

    activate(page, seen=seen, selector=f"a[href='{task_list}people/']")
    activate(page, seen=seen, selector=f"a[href='{task_list}people/add/']")
    type_into(page, "#id_full_name", "Grace Testparent")
    type_into(page, "#id_relationship", "Mother")
    # One child: one question, "Do they have parental responsibility for Ada Testchild?"
    question = page.locator("fieldset:has(input[name^='parental_responsibility_'])")
    assert question.count() == 1
    assert "for Ada Testchild?" in question.inner_text()
    radio(page, question.locator("input").first.get_attribute("id"))
    radio(page, "id_lives_with_child_0")
    type_into(page, "#id_interpreter_language", "Polish")
    tab_to(page, "#id_needs_large_print")
    page.keyboard.press("Space")
    submit(page, seen)
    activate(page, seen=seen, selector=f"main a.govuk-button[href='{task_list}']")

    activate(page, seen=seen, selector=f"a[href='{task_list}concerns/']")
    tab_to(page, "#id_categories_3")  # neglect
    page.keyboard.press("Space")
    radio(page, "id_discussed_with_lead_0")  # yes
    radio(page, "id_early_help_in_place_0", steps=1)  # no
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}worries/']")
    type_into(page, "#id_past_harm", "Arrives hungry most days.")
    type_into(page, "#id_future_danger", "Her health will suffer.")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}working-well/']")
    type_into(page, "#id_existing_strengths", "A loving grandmother.")
    type_into(page, "#id_existing_safety", "Breakfast club twice a week.")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}next-steps/']")
    type_into(page, "#id_needs_to_happen", "An assessment of the family's needs.")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}safety-scale/']")
    radio(page, "id_safety_scale_0", steps=4)
    type_into(page, "#id_safety_scale_reason", "Some safety from the grandmother.")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}childs-voice/']")
    type_into(page, "#id_child_words", "I am hungry at school.")
    type_into(page, "#id_child_heard_how", "Told her class teacher.")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}level-of-need/']")
    radio(page, "id_level_of_need_0", steps=3)
    type_into(page, "#id_level_reason", "Persistent neglect.")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}consent/']")
    radio(page, "id_consent_0")
    radio(page, "id_child_consent_0")
    submit(page, seen)

    activate(page, seen=seen, selector=f"a[href='{task_list}attachments/']")
    activate(page, seen=seen, selector=f"main a.govuk-button[href='{task_list}']")

    assert "You have completed 11 of 11 sections" in page.inner_text("main")
    activate(page, seen=seen, selector=f"a[href='{task_list}check/']")
    assert "Grace Testparent" in page.inner_text("main")
    tab_to(page, "#id_declaration")
    page.keyboard.press("Space")
    submit(page, seen)
    assert page.inner_text("h1") == "Request for Support sent"
    reference = page.inner_text(".govuk-panel__body strong")
    assert re.fullmatch(r"HOM-\d{4}-000001", reference)

    activate(page, seen=seen, selector=f"a[href='{task_list}status/']")
    assert page.inner_text("h1") == reference
    assert page.inner_text("#status-stage") == "Received"
    assert "Due by" in page.inner_text("main")

    messages = smtp_server.wait_for(1)
    assert len(messages) == 1
    text = messages[0].get_body(preferencelist=("plain",)).get_content()
    assert reference in messages[0]["Subject"] and reference in text
    assert f"/requests-for-support/{pk}/status/" in text
    assert "Ada" not in text and "Testchild" not in text
    assert messages[0]["To"] == people.alice.email


def test_hide_this_page_with_escape_and_a_draft_is_kept(page, live_server, people):
    sign_in(page, live_server, people.alice)
    page.goto("/requests-for-support/start/")
    radio(page, "id_immediate_danger_0", steps=1)
    submit(page)
    assert page.is_visible("#quick-hide")
    with page.expect_navigation():
        page.keyboard.press("Escape")
    assert page.url.endswith("/requests-for-support/weather/")
    assert page.inner_text("h1") == "Weather" and "Request" not in page.content()
    assert_accessible(page)
    page.goto("/requests-for-support/drafts/")
    assert "No child added yet" in page.inner_text("main")
    assert_accessible(page)


def test_the_immediate_danger_page_is_accessible(page, live_server, people):
    sign_in(page, live_server, people.alice)
    page.goto("/requests-for-support/start/")
    radio(page, "id_immediate_danger_0")
    submit(page)
    assert page.inner_text("h1") == "Call 999 now"
    assert "You can still complete this Request for Support afterwards" in page.inner_text("main")


def test_consent_refused_and_the_early_help_route_are_accessible_and_keep_going(
    page, live_server, people, tmp_path
):
    """A Birmingham level 2 request: the Early Help route is shown before sending and the
    request goes on; the consent page's refusal questions answered with the keyboard."""
    from referral_portal.accounts.models import Role
    from referral_portal.procedures.services import procedures_load_from_sources
    from requests.models import Contact
    from tests.factories import AgencyFactory, AuthorityFactory, UserFactory
    from tests.requests.factories import CompleteDraftFactory

    birmingham = AuthorityFactory(slug="birmingham", name="Birmingham Children's Trust", code="BHM")
    # Birmingham's own procedures (its Early Help route among them), whatever earlier tests left.
    procedures_load_from_sources(authority=birmingham)
    school = AgencyFactory(authority=birmingham, name="Elmwood Primary")
    brenda = UserFactory(email="brenda@elmwood.example.org", role=Role.PRACTITIONER, agency=school)
    draft = CompleteDraftFactory(created_by=brenda, level_of_need=2, consent="", child_consent="")
    sign_in(page, live_server, brenda)
    base = f"/requests-for-support/{draft.pk}/"
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)  # to look at them
    page.goto(base + "consent/")
    assert_accessible(page)
    radio(page, "id_consent_0", steps=1)  # refused: its questions are revealed
    assert page.is_visible("#id_consent_refused_details")
    type_into(page, "#id_consent_refused_details", "Mother did not want social care involved.")
    radio(page, "id_child_consent_0", steps=2)  # no capacity
    page.screenshot(path=str(shots / "consent-refused.png"), full_page=True)
    submit(page)
    summary = page.inner_text(".govuk-error-summary")
    assert "Select whether you sought advice from a manager" in summary
    assert "Select yes if there is a child protection concern" in summary
    assert page.input_value("#id_consent_refused_details").startswith("Mother did not")
    assert_accessible(page)
    radio(page, "id_consent_advice_0", steps=1)  # undue delay
    radio(page, "id_consent_child_protection_0")  # yes
    submit(page)
    assert page.url.endswith(base)

    page.goto(base + "level-of-need/")
    submit(page)  # level 2 kept: the Early Help route comes next
    assert page.url.endswith(base + "early-help/")
    assert "Early Help Support Team" in page.inner_text("main")
    assert_accessible(page)
    page.screenshot(path=str(shots / "early-help.png"), full_page=True)
    tab_to(page, "#id_early_help_confirmed")
    page.keyboard.press("Space")
    submit(page)
    activate(page, f"a[href='{base}check/']")
    assert "You confirmed: I have identified" in page.inner_text("main")
    page.screenshot(path=str(shots / "check.png"), full_page=True)
    tab_to(page, "#id_declaration")
    page.keyboard.press("Space")
    submit(page)
    assert page.inner_text("h1") == "Request for Support sent"
    assert Contact.objects.get(pk=draft.pk).reference.startswith("BHM-")
