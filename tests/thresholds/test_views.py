"""The guidance pages, the tool without JavaScript, its result, saving, and who sees what."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from referral_portal.audit.models import AuditAction, AuditEvent
from tests.thresholds.conftest import indicator
from tests.thresholds.factories import AssessmentFactory
from thresholds import views
from thresholds.models import Assessment, Indicator
from thresholds.selectors import assessment_for_user

pytestmark = pytest.mark.django_db


def tick(client, *indicators, **extra):
    data = {"indicators": [i.pk for i in indicators], "action": "assess", **extra}
    return client.post(reverse("thresholds:assess", args=["worcestershire"]), data)


def test_start_page_lists_the_authorities_and_says_which_have_no_guidance(
    client, worcestershire, birmingham
):
    response = client.get(reverse("thresholds:start"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("thresholds:guide", args=["worcestershire"]) in page
    assert "Birmingham Children&#x27;s Trust</h3>" in page
    assert "No levels-of-need guidance is loaded in this portal for this area" in page


def test_guide_shows_levels_tables_consent_and_equality(client, worcestershire):
    response = client.get(reverse("thresholds:guide", args=["worcestershire"]))
    assert response.status_code == 200
    page = response.content.decode()
    for number in (1, 2, 3, 4):
        assert f'id="level-{number}"' in page
    assert "Female Genital Mutilation (FGM)" in page
    assert "Family&#x27;s social integration and accessing community services" in page
    assert "cannot be treated as anonymous" in page
    assert "British Sign Language" in page


def test_guide_search_lists_matching_indicators_with_level_and_area(client, worcestershire):
    response = client.get(reverse("thresholds:guide", args=["worcestershire"]), {"q": "FGM"})
    page = response.content.decode()
    assert "1 example of need containing “FGM”" in page
    assert "Child&#x27;s developmental needs: Health" in page


@pytest.mark.parametrize("name", ["thresholds:guide", "thresholds:assess"])
def test_birmingham_pages_say_plainly_there_is_no_framework(client, birmingham, name):
    response = client.get(reverse(name, args=["birmingham"]))
    assert response.status_code == 200  # an answer, not "page not found" (D22)
    assert "Birmingham Children&#x27;s Trust has no levels-of-need guidance" in (
        response.content.decode()
    )


def test_unknown_authority_is_404(client, worcestershire):
    assert client.get(reverse("thresholds:guide", args=["atlantis"])).status_code == 404


def test_tool_lists_every_indicator_as_a_checkbox(client, worcestershire):
    page = client.get(reverse("thresholds:assess", args=["worcestershire"])).content.decode()
    assert page.count('name="indicators" type="checkbox"') == 169
    assert "<legend" in page


def test_ticking_nothing_shows_the_error_summary_and_inline_error(client, worcestershire):
    response = tick(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count("Select at least one example of need that describes the child") == 2
    assert not Assessment.objects.exists()


def test_search_without_javascript_keeps_what_was_ticked(client, worcestershire):
    fgm = indicator(worcestershire, "Female Genital Mutilation (FGM)")
    response = client.post(
        reverse("thresholds:assess", args=["worcestershire"]),
        {"indicators": [fgm.pk], "q": "hygiene", "action": "search"},
    )
    page = response.content.decode()
    assert "Showing 7 examples containing “hygiene”" in page
    assert page.count('type="checkbox"') == 7
    assert f'<input type="hidden" name="indicators" value="{fgm.pk}">' in page
    hygiene = indicator(worcestershire, "Poor personal hygiene")
    result = tick(client, fgm, hygiene)
    assessment = Assessment.objects.get()
    assert result.url == reverse("thresholds:result", args=["worcestershire", assessment.public_id])
    assert set(assessment.indicators.all()) == {fgm, hygiene}


def test_the_tool_and_the_api_give_the_same_answer(client, worcestershire):
    ours = Indicator.objects.filter(area__domain__framework=worcestershire)
    chosen = [*ours.filter(level=1)[:4], ours.filter(level=3).last()]
    tick(client, *chosen)
    page_level = Assessment.objects.get().level
    api = client.post(
        "/api/v1/thresholds/assess",
        {"authority": "worcestershire", "indicators": [i.pk for i in chosen]},
        content_type="application/json",
    ).json()
    assert api["level"] == page_level == 3


def test_result_page_gives_level_reasons_pathway_consent_and_the_reminder(client, worcestershire):
    response = tick(client, indicator(worcestershire, "Poor personal hygiene"))
    page = client.get(response.url).content.decode()
    assert "Suggested level of need: level 2 (additional support)" in page
    assert "Poor personal hygiene" in page
    assert "Additional support from a universal service" in page
    assert "seek their agreement before accessing or referring to another agency" in page
    assert "Professional judgement" in page
    assert "Start a Referral to Children" not in page


def test_level_four_result_links_to_a_request_for_support_with_the_assessment(
    client, worcestershire, people, monkeypatch
):
    client.force_login(people.alice)
    real_reverse = views.reverse

    def fake_reverse(name, *args, **kwargs):
        if name == "requests:start":
            return "/requests-for-support/start/"
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", fake_reverse)
    response = tick(client, indicator(worcestershire, "Missing from home or care"))
    page = client.get(response.url).content.decode()
    assessment = Assessment.objects.get()
    assert f'href="/requests-for-support/start/?assessment={assessment.pk}"' in page
    # Worcestershire's own name for it (Multi Agency Levels of Need, section 3, Appendix 2).
    assert "Start a Referral to Children&#x27;s Social Care</a>" in page
    assert "Request for Support" not in page
    assert "Family Front Door" in page


def test_level_four_without_the_request_form_says_the_assessment_is_saved(
    client, worcestershire, monkeypatch
):
    def no_requests(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(views, "reverse", no_requests)
    response = tick(client, indicator(worcestershire, "Missing from home or care"))
    page = client.get(response.url).content.decode()
    assessment = Assessment.objects.get()
    assert "Start a Referral to Children" not in page
    assert "when you make a Referral to Children&#x27;s Social Care" in page
    assert f"saved with reference <strong>{assessment.reference}</strong>" in page


def test_level_four_shows_the_front_door_number_from_the_directory(
    client, worcestershire, monkeypatch
):
    from thresholds import selectors

    class Service:
        name = "Family Front Door"
        phone = "01905 822666"
        phone_href = "tel:01905822666"

    monkeypatch.setattr("contacts.selectors.service_for", lambda **kw: Service(), raising=False)
    door = selectors.front_door_for(authority=worcestershire.authority)
    assert (door.name, door.phone) == ("Family Front Door", "01905 822666")
    response = tick(client, indicator(worcestershire, "Missing from home or care"))
    assert 'href="tel:01905822666">01905 822666</a>' in client.get(response.url).content.decode()


def test_without_the_directory_the_front_door_is_named_without_a_number(worcestershire):
    from contacts.models import Service, ServiceKind
    from thresholds import selectors

    Service.objects.filter(authority=worcestershire.authority, kind=ServiceKind.FRONT_DOOR).delete()
    door = selectors.front_door_for(authority=worcestershire.authority)
    assert (door.name, door.phone) == ("Family Front Door", "")


def test_anonymous_result_is_seen_only_in_the_browser_that_made_it(client, worcestershire):
    response = tick(client, indicator(worcestershire, "Poor personal hygiene"))
    assert client.get(response.url).status_code == 200
    stranger = Client()
    assert stranger.get(response.url).status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, object_type="thresholds.assessment"
    ).exists()


def test_a_practitioner_saves_an_assessment_and_sees_it_again(client, worcestershire, people):
    client.force_login(people.alice)
    response = tick(client, indicator(worcestershire, "Conception aged under 16"))
    assessment = Assessment.objects.get()
    assert assessment.user == people.alice
    assert "Save this assessment" in client.get(response.url).content.decode()
    saved = client.post(
        reverse("thresholds:save", args=["worcestershire", assessment.public_id]), follow=True
    )
    assert f"Assessment {assessment.reference} saved" in saved.content.decode()
    listing = client.get(reverse("thresholds:saved")).content.decode()
    assert assessment.reference in listing
    assert "Level 3" in listing
    assert client.get(response.url).status_code == 200


def test_an_assessment_made_before_signing_in_can_be_saved_after(client, worcestershire, people):
    response = tick(client, indicator(worcestershire, "Conception aged under 16"))
    assessment = Assessment.objects.get()
    client.force_login(people.alice)
    client.post(reverse("thresholds:save", args=["worcestershire", assessment.public_id]))
    assessment.refresh_from_db()
    assert (assessment.user, assessment.saved) == (people.alice, True)
    assert client.get(response.url).status_code == 200


def test_nobody_else_sees_or_saves_a_practitioners_assessment(client, worcestershire, people):
    client.force_login(people.alice)
    tick(client, indicator(worcestershire, "Conception aged under 16"))
    assessment = Assessment.objects.get()
    client.force_login(people.bob)
    url = reverse("thresholds:result", args=["worcestershire", assessment.public_id])
    assert client.get(url).status_code == 404
    save = reverse("thresholds:save", args=["worcestershire", assessment.public_id])
    assert client.post(save).status_code == 404
    assessment.refresh_from_db()
    assert assessment.user == people.alice
    assert assessment.reference not in client.get(reverse("thresholds:saved")).content.decode()


def test_saving_needs_a_sign_in(client, worcestershire):
    tick(client, indicator(worcestershire, "Conception aged under 16"))
    assessment = Assessment.objects.get()
    response = client.post(
        reverse("thresholds:save", args=["worcestershire", assessment.public_id])
    )
    assert response.status_code == 302
    assert "sign-in" in response.url
    assert client.get(reverse("thresholds:saved")).status_code == 302


def test_assessment_for_user_returns_only_the_users_own(worcestershire, people):
    mine = AssessmentFactory(framework=worcestershire, user=people.alice, level=4)
    mine.indicators.set([indicator(worcestershire, "Missing from home or care")])
    found = assessment_for_user(user=people.alice, pk=mine.pk)
    assert found == mine
    assert found.level == 4
    assert found.framework.version == "2017-09"
    ticked = list(found.indicators.all())
    assert [(i.text, i.level, i.area.name, i.area.domain.name) for i in ticked] == [
        (
            "Missing from home or care",
            4,
            "Parents' and carers' basic care, safety and protection",
            "Parenting capacity",
        )
    ]
    assert assessment_for_user(user=people.bob, pk=mine.pk) is None
    assert assessment_for_user(user=people.alice, pk="nonsense") is None


@pytest.mark.parametrize(
    "data",
    [
        {"indicators": ["abc", "-1", "99999999999999999999"], "action": "assess"},
        {"indicators": ["999999"], "action": "assess"},
        {"indicators": ["1"], "framework": "x" * 50, "action": "assess"},
        {"q": "x" * 5000, "action": "search"},
        {"q": "hy\x00giene", "action": "search"},
        {"action": "nonsense"},
    ],
)
def test_odd_form_input_never_breaks_the_tool(client, worcestershire, data):
    response = client.post(reverse("thresholds:assess", args=["worcestershire"]), data)
    assert response.status_code in (200, 302)


def test_level_four_hand_off_after_signing_in_carries_the_assessment(
    client, worcestershire, people, monkeypatch
):
    real_reverse = views.reverse
    monkeypatch.setattr(
        views,
        "reverse",
        lambda name, *a, **k: (
            "/requests-for-support/start/"
            if name == "requests:start"
            else real_reverse(name, *a, **k)
        ),
    )
    response = tick(client, indicator(worcestershire, "Missing from home or care"))
    assessment = Assessment.objects.get()
    handoff = reverse("thresholds:handoff", args=["worcestershire", assessment.public_id])
    assert f'href="{handoff}"' in client.get(response.url).content.decode()
    assert "sign-in" in client.get(handoff).url
    client.force_login(people.alice)
    redirected = client.get(handoff)
    assert redirected.url == f"/requests-for-support/start/?assessment={assessment.pk}"
    found = assessment_for_user(user=people.alice, pk=assessment.pk)
    assert found is not None and [i.text for i in found.indicators.all()] == [
        "Missing from home or care"
    ]


def test_hand_off_of_someone_elses_assessment_is_404(client, worcestershire, people):
    client.force_login(people.alice)
    tick(client, indicator(worcestershire, "Missing from home or care"))
    assessment = Assessment.objects.get()
    client.force_login(people.bob)
    handoff = reverse("thresholds:handoff", args=["worcestershire", assessment.public_id])
    assert client.get(handoff).status_code == 404
    assessment.refresh_from_db()
    assert assessment.user == people.alice


def test_a_nul_in_the_guide_search_is_not_an_error(client, worcestershire):
    response = client.get(reverse("thresholds:guide", args=["worcestershire"]), {"q": "FG\x00M"})
    assert response.status_code in (200, 400)
