"""Issue 20 through the pages and the API: consent as 004 §4 words it, needs that are not harm,
the Early Help route below the threshold for social care, and the child's communication needs."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from referral_portal.accounts.models import Authority, Role
from requests.models import Contact, ContactStatus
from tests.factories import AgencyFactory, AuthorityFactory, UserFactory, api_key_for
from tests.requests.helpers import CHILD, LEVEL, PERSON, fill_everything, pr_answers
from tests.requests.test_api import BODY, URL

pytestmark = pytest.mark.django_db

REFUSED = {
    "consent": "refused",
    "consent_refused_details": "Mother said she did not want social services involved.",
    "consent_child_protection": "yes",
    "child_consent": "no_capacity",
}
ADVICE_MESSAGE = (
    "Select whether you sought advice from a manager or the nominated safeguarding lead, "
    "or whether it would cause undue delay"
)
NOT_ESTABLISHED = {
    "consent": "not_sought",
    "consent_not_sought_reason": "not_established",
    "consent_not_sought_details": "",
    "child_consent": "no_capacity",
}
FAMILY_SUPPORT = {
    "categories": ["child_in_need"],
    "discussed_with_lead": "yes",
    "early_help_in_place": "not_known",
}
BIRMINGHAM_SAYS = (
    "This form is for professionals who have identified that children or families require "
    "either social work assessment or intensive family support."
)
BIRMINGHAM_CONFIRM = (
    "I have identified that the child or family require either social work assessment or "
    "intensive family support"
)


def _start(client: Client) -> Contact:
    assert client.post("/requests-for-support/start/", {"immediate_danger": "no"}).status_code
    return Contact.objects.latest("pk")


def _send(client: Client, contact: Contact) -> Contact:
    response = client.post(f"/requests-for-support/{contact.pk}/check/", {"declaration": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    contact.refresh_from_db()
    return contact


def _error_beside(page: str, field: str, message: str) -> bool:
    """The message is in the error summary and in the field's own error line."""
    summary = page.split('class="govuk-error-summary"', 1)[-1].split("</div>", 1)[0]
    beside = (
        f'id="id_{field}-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}'
    )
    return message in summary and beside in page


@pytest.fixture
def birmingham() -> Authority:
    """Birmingham (its source names an Early Help route), as the directory's migration loads it
    (made again here when a transactional test has emptied the tables)."""
    return AuthorityFactory(slug="birmingham", name="Birmingham Children's Trust", code="BHM")


@pytest.fixture
def brenda(birmingham: Authority):
    """A practitioner at a Birmingham school."""
    school = AgencyFactory(authority=birmingham, name="Elmwood Primary")
    return UserFactory(email="brenda@elmwood.example.org", role=Role.PRACTITIONER, agency=school)


@pytest.fixture
def brenda_client(brenda) -> Client:
    client = Client()
    client.force_login(brenda)
    return client


# --- needs as well as harm --------------------------------------------------------------------


def test_a_family_support_request_with_no_harm_category_is_sent_without_past_harm(alice_client):
    contact = _start(alice_client)
    fill_everything(alice_client, contact.pk)
    base = f"/requests-for-support/{contact.pk}/"
    assert alice_client.post(base + "concerns/", FAMILY_SUPPORT).status_code == 302
    worries = alice_client.get(base + "worries/").content.decode()
    assert 'name="past_harm"' not in worries and "past harm is not asked" in worries
    response = alice_client.post(base + "worries/", {"future_danger": "Carers will break down."})
    assert response.status_code == 302
    check = alice_client.get(base + "check/").content.decode()
    assert "Child in need or family support, with no harm suspected" in check
    assert _send(alice_client, contact).status == ContactStatus.RECEIVED


def test_past_harm_is_still_needed_for_a_category_of_harm(alice_client):
    contact = _start(alice_client)
    fill_everything(alice_client, contact.pk)
    base = f"/requests-for-support/{contact.pk}/"
    Contact.objects.filter(pk=contact.pk).update(past_harm="")
    tasks = alice_client.get(base).content.decode()
    assert "You have completed 10 of 11 sections" in tasks  # worries is not complete
    page = alice_client.post(base + "worries/", {"future_danger": "x"}).content.decode()
    assert _error_beside(page, "past_harm", "Enter what has happened to the child (past harm)")


def test_the_concerns_page_asks_about_the_safeguarding_lead_and_early_help(alice_client):
    contact = _start(alice_client)
    page = alice_client.post(
        f"/requests-for-support/{contact.pk}/concerns/", {"categories": ["child_in_need"]}
    ).content.decode()
    assert _error_beside(
        page,
        "discussed_with_lead",
        "Select yes if you have discussed this with your safeguarding lead or a line manager "
        "or supervisor",
    )
    assert _error_beside(
        page,
        "early_help_in_place",
        "Select whether there is an Early Help Assessment or a family plan",
    )
    # 004 §3, quoted with its title and section.
    assert "should always consider discussing this with their safeguarding lead" in page
    assert "Guidance to help support children, young people and families in Worcestershire" in page
    assert "section 3, Making a professional judgement about levels of need" in page


def test_the_api_accepts_a_family_support_request_with_no_past_harm(api):
    body = {**copy.deepcopy(BODY), **FAMILY_SUPPORT, "past_harm": ""}
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.categories == ["child_in_need"] and contact.early_help_in_place == "not_known"


def test_the_api_still_needs_past_harm_for_a_category_of_harm(api):
    response = api.post(URL, {**BODY, "past_harm": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["past_harm"] == ["Enter what has happened to the child (past harm)"]


# --- consent as 004 §4 words it ---------------------------------------------------------------


def test_the_consent_page_quotes_004_and_says_sharing_over_a_refusal_is_for_child_protection(
    alice_client,
):
    contact = _start(alice_client)
    page = alice_client.get(f"/requests-for-support/{contact.pk}/consent/").content.decode()
    assert "seek the consent of the parents and the child, if the child has capacity" in page
    assert "section 4, Information Sharing" in page
    # The old unconditional sentence is gone; the seed's sentence comes with its condition.
    assert "If consent is refused, the information must still be shared" not in page
    assert "as there is a child protection concern and parents may refuse consent" in page
    assert "a referral should be made to children&#x27;s social care via the Family Front" in page
    assert "Did the child consent?" in page


def test_a_refusal_without_the_advice_question_is_refused_beside_the_field(alice_client):
    contact = _start(alice_client)
    url = f"/requests-for-support/{contact.pk}/consent/"
    page = alice_client.post(url, REFUSED).content.decode()
    assert _error_beside(page, "consent_advice", ADVICE_MESSAGE)
    assert "Mother said she did not want social services involved." in page  # kept
    # Advice sought needs its outcome; undue delay needs nothing more.
    page = alice_client.post(url, {**REFUSED, "consent_advice": "sought"}).content.decode()
    assert _error_beside(page, "consent_advice_outcome", "Enter the outcome of the advice")
    response = alice_client.post(url, {**REFUSED, "consent_advice": "undue_delay"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.consent_advice == "undue_delay" and contact.consent_child_protection == "yes"


def test_a_refusal_needs_to_say_whether_it_is_a_child_protection_concern(alice_client):
    contact = _start(alice_client)
    data = {**REFUSED, "consent_advice": "sought", "consent_advice_outcome": "Refer anyway."}
    del data["consent_child_protection"]
    page = alice_client.post(f"/requests-for-support/{contact.pk}/consent/", data).content.decode()
    assert _error_beside(
        page, "consent_child_protection", "Select yes if there is a child protection concern"
    )


def test_the_check_page_says_what_004_says_for_a_refusal_that_is_not_child_protection(
    alice_client,
):
    contact = _start(alice_client)
    fill_everything(alice_client, contact.pk)
    base = f"/requests-for-support/{contact.pk}/"
    data = {**REFUSED, "consent_child_protection": "no", "consent_advice": "undue_delay"}
    assert alice_client.post(base + "consent/", data).status_code == 302
    check = alice_client.get(base + "check/").content.decode()
    assert "The information must still be shared despite consent being refused" not in check
    assert "the lead professional will need to make a judgement" in check
    assert "No, seeking advice would cause undue delay" in check
    # Not blocked: the referrer's judgement, recorded, goes to the front door.
    assert _send(alice_client, contact).status == ContactStatus.RECEIVED


def test_not_established_needs_an_explanation(alice_client):
    contact = _start(alice_client)
    url = f"/requests-for-support/{contact.pk}/consent/"
    page = alice_client.post(url, NOT_ESTABLISHED).content.decode()
    assert _error_beside(
        page, "consent_not_sought_details", "Explain why consent was not established"
    )
    data = {**NOT_ESTABLISHED, "consent_not_sought_details": "The family moved; no number."}
    assert alice_client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert contact.consent_not_sought_reason == "not_established"


def test_the_childs_consent_not_sought_needs_an_explanation(alice_client):
    contact = _start(alice_client)
    page = alice_client.post(
        f"/requests-for-support/{contact.pk}/consent/",
        {"consent": "given", "child_consent": "not_sought"},
    ).content.decode()
    assert _error_beside(
        page, "child_consent_details", "Explain why the child&#x27;s consent was not sought"
    )


def test_the_api_refuses_a_refusal_without_advice_and_not_established_without_explanation(api):
    body = {**copy.deepcopy(BODY), **REFUSED}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["consent_advice"] == [ADVICE_MESSAGE]
    response = api.post(URL, {**copy.deepcopy(BODY), **NOT_ESTABLISHED}, format="json")
    assert response.status_code == 400
    assert response.json()["consent_not_sought_details"] == [
        "Explain why consent was not established"
    ]
    body = {**copy.deepcopy(BODY), **REFUSED, "consent_advice": "undue_delay"}
    assert api.post(URL, body, format="json").status_code == 201


def test_the_openapi_schema_shows_the_new_fields(client):
    schema = client.get("/api/v1/schema/").content.decode()
    for name in (
        "consent_advice",
        "consent_child_protection",
        "child_consent",
        "not_established",
        "child_in_need",
        "discussed_with_lead",
        "early_help_in_place",
        "early_help_confirmed",
        "other_communication_needs",
    ):
        assert name in schema, name


# --- the referrer cannot be anonymous (004 §4) ----------------------------------------------


def test_the_referrer_page_words_anonymity_as_004_does(alice_client):
    contact = _start(alice_client)
    page = alice_client.get(f"/requests-for-support/{contact.pk}/referrer/").content.decode()
    assert (
        "A child protection referral from a professional cannot be treated as anonymous, so "
        "the parent will ultimately become aware of the identity of the referrer." in page
    )
    assert "section 4, Information Sharing" in page


# --- the Early Help route -----------------------------------------------------------------------


def test_a_level_2_request_shows_the_early_help_route_before_sending_and_can_be_sent(
    brenda_client,
):
    contact = _start(brenda_client)
    fill_everything(brenda_client, contact.pk)
    base = f"/requests-for-support/{contact.pk}/"
    response = brenda_client.post(base + "level-of-need/", {**LEVEL, "level_of_need": "2"})
    assert response.status_code == 302 and response["Location"] == base + "early-help/"
    page = brenda_client.get(base + "early-help/").content.decode()
    assert BIRMINGHAM_SAYS in page
    assert "Early Help Support Team can offer support" in page and "0121 303 1888" in page
    assert (
        "Source: Safeguarding Concerns: Children&#x27;s Advice &amp; Support Service (CASS), "
        "Need advice?" in page
    )
    assert BIRMINGHAM_CONFIRM in page
    # Not yet confirmed: the task list sends the referrer back to it, and sending waits.
    tasks = brenda_client.get(base).content.decode()
    assert f'href="{base}early-help/"' in tasks
    page = brenda_client.post(base + "check/", {"declaration": "on"}).content.decode()
    assert "Complete every section before you send: Level of need" in page
    # Unticked: the message is beside the box.
    page = brenda_client.post(base + "early-help/", {}).content.decode()
    assert _error_beside(
        page,
        "early_help_confirmed",
        "Confirm that the child or family require either social work assessment or intensive "
        "family support",
    )
    assert brenda_client.post(base + "early-help/", {"early_help_confirmed": "on"}).status_code
    check = brenda_client.get(base + "check/").content.decode()
    assert f"You confirmed: {BIRMINGHAM_CONFIRM}" in check
    sent = _send(brenda_client, contact)
    assert sent.status == ContactStatus.RECEIVED and sent.early_help_confirmed


def test_worcestershire_shows_its_early_help_route_below_level_4_only(client):
    worcestershire = AuthorityFactory(
        slug="worcestershire", name="Worcestershire Children First", code="WOR"
    )
    school = AgencyFactory(authority=worcestershire, name="Riverside First School")
    client.force_login(
        UserFactory(email="wanda@riverside.example.org", role=Role.PRACTITIONER, agency=school)
    )
    contact = _start(client)
    base = f"/requests-for-support/{contact.pk}/"
    assert client.post(base + "level-of-need/", LEVEL)["Location"] == base  # level 4
    response = client.post(base + "level-of-need/", {**LEVEL, "level_of_need": "3"})
    assert response["Location"] == base + "early-help/"
    page = client.get(base + "early-help/").content.decode()
    assert "&#x27;Early help&#x27; is used to describe services that are available" in page
    assert "section 7, Early Help in Worcestershire" in page
    assert "I consider that the child may be a Child in Need as defined in the Children Act" in page


def test_an_authority_with_no_source_for_early_help_gets_no_early_help_page(alice_client):
    # "Home" has no source document naming an Early Help route: the portal offers none.
    contact = _start(alice_client)
    base = f"/requests-for-support/{contact.pk}/"
    response = alice_client.post(base + "level-of-need/", {**LEVEL, "level_of_need": "2"})
    assert response["Location"] == base
    assert alice_client.get(base + "early-help/")["Location"] == base


@pytest.mark.parametrize(
    ("slug", "level", "shown"),
    [
        # Birmingham: the portal asks for no level (Right Help, Right Time is its own), and
        # its source says what the whole form is for: shown for every request.
        ("birmingham", None, True),
        ("birmingham", 2, True),
        ("worcestershire", None, False),  # no level chosen yet
        ("worcestershire", 1, True),
        ("worcestershire", 3, True),
        ("worcestershire", 4, False),
        ("home", 2, False),
    ],
)
def test_when_the_early_help_route_is_shown(slug, level, shown, people):
    from requests.support_rules import early_help_route

    authority = Authority.objects.get(slug=slug)
    assert (early_help_route(authority=authority, level=level) is not None) is shown


@pytest.mark.django_db
def test_no_early_help_procedure_row_no_early_help_route():
    """The route is the authority's procedure: its administrator turning the row off (no
    source) takes the Early Help page away."""
    from referral_portal.procedures.models import Procedure
    from requests.support_rules import early_help_route

    birmingham = Authority.objects.get(slug="birmingham")
    assert early_help_route(authority=birmingham, level=None) is not None
    Procedure.objects.filter(authority=birmingham, kind="early_help").update(offered=False)
    assert early_help_route(authority=birmingham, level=None) is None


def test_the_api_asks_for_the_early_help_confirmation_below_level_4(brenda):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(brenda)}")
    # Birmingham is asked for no level (Right Help, Right Time is not in the portal): its need
    # in words, and the confirmation its source asks of every request.
    body = {
        **copy.deepcopy(BODY),
        "referrer_email": brenda.email,
        "level_of_need": None,
        "level_reason": "Neglect over two years",
    }
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["early_help_confirmed"] == [
        "Confirm that the child or family require either social work assessment or intensive "
        "family support"
    ]
    response = client.post(URL, {**body, "early_help_confirmed": True}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reference"].startswith("BHM-")


# --- the child's communication needs ----------------------------------------------------------


def test_the_childs_communication_needs_are_the_adults_fields_and_reach_the_check_page(
    alice_client,
):
    contact = _start(alice_client)
    base = f"/requests-for-support/{contact.pk}/"
    child = {
        **CHILD,
        "interpreter_language": "Polish",
        "needs_bsl": "on",
        "needs_easy_read": "on",
        "other_communication_needs": "Uses a picture board.",
    }
    assert alice_client.post(base + "children/add/", child).status_code == 302
    saved = contact.children.get()
    assert saved.interpreter_language == "Polish" and saved.needs_bsl and saved.needs_easy_read
    assert not saved.needs_large_print
    check = alice_client.get(base + "check/").content.decode()
    assert "Interpreter: Polish" in check and "British Sign Language (BSL) interpreter" in check
    assert "Other: Uses a picture board." in check


# --- the officer and the manager see the answers ---------------------------------------------


def test_the_officer_and_the_manager_see_the_consent_needs_and_communication_answers(
    alice_client, people
):
    contact = _start(alice_client)
    base = f"/requests-for-support/{contact.pk}/"
    fill_everything(alice_client, contact.pk)
    child = {**CHILD, "first_name": "Bea", "needs_large_print": "on"}
    assert alice_client.post(base + "children/add/", child).status_code == 302
    # A child added after the person: their parental responsibility for Bea is asked too.
    person = contact.people.get()
    answers = {**PERSON, **pr_answers(contact.pk)}
    assert alice_client.post(base + f"people/{person.pk}/", answers).status_code == 302
    data = {
        **REFUSED,
        "consent_advice": "sought",
        "consent_advice_outcome": "The safeguarding lead said to refer.",
    }
    assert alice_client.post(base + "consent/", data).status_code == 302
    assert alice_client.post(base + "concerns/", FAMILY_SUPPORT).status_code == 302
    _send(alice_client, contact)
    for user, url in (
        (people.olga, reverse("triage:record", args=[contact.pk])),
        (people.mike, reverse("letters:recipients", args=[contact.pk])),
    ):
        viewer = Client()
        viewer.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        page = viewer.get(url).content.decode()
        assert "The parents refused consent" in page, url
        assert "Mother said she did not want social services involved." in page
        assert "The safeguarding lead said to refer." in page
        assert "Child protection concern" in page
        assert "The information must still be shared despite consent being refused" in page
        assert "The child does not have capacity to consent" in page
        assert "Child in need or family support" in page
        assert "Bea Testchild" in page and "Large, clear print" in page


# --- a draft saved before this change ----------------------------------------------------------


@pytest.fixture
def api(people, in_process):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(people.alice)}")
    return client


def test_outside_worcestershire_the_consent_rules_are_worded_as_this_portals_standard(
    alice_client, brenda_client
):
    for client in (alice_client, brenda_client):
        contact = _start(client)
        page = client.get(f"/requests-for-support/{contact.pk}/consent/").content.decode()
        assert "This portal's standard: these questions follow the Worcestershire" in page
    worcestershire = AuthorityFactory(
        slug="worcestershire", name="Worcestershire Children First", code="WOR"
    )
    school = AgencyFactory(authority=worcestershire, name="Riverside First School")
    wanda = Client()
    wanda.force_login(
        UserFactory(email="wanda@riverside.example.org", role=Role.PRACTITIONER, agency=school)
    )
    contact = _start(wanda)
    page = wanda.get(f"/requests-for-support/{contact.pk}/consent/").content.decode()
    assert "This portal's standard" not in page
    assert "seek the consent of the parents and the child" in page
