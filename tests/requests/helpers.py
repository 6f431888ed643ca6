"""What a practitioner types on each page, as POST data, for tests that walk the form."""

from __future__ import annotations

PAGES = {
    "referrer": {
        "referrer_role": "Designated Safeguarding Lead",
        "referrer_phone": "0121 496 0000",
        "referrer_email": "alice@schoola.example.org",
    },
    "concerns": {
        "categories": ["neglect", "emotional"],
        "discussed_with_lead": "yes",
        "early_help_in_place": "no",
    },
    "worries": {
        "past_harm": "Arrives hungry most days.",
        "future_danger": "Health will suffer.",
        "complicating_factors": "",
    },
    "working-well": {
        "existing_strengths": "Loving grandmother.",
        "existing_safety": "Breakfast club twice a week.",
    },
    "next-steps": {"needs_to_happen": "An assessment of needs."},
    "safety-scale": {"safety_scale": "4", "safety_scale_reason": "Some safety from gran."},
    "childs-voice": {"child_words": "I am hungry.", "child_heard_how": "Told her teacher."},
    "consent": {"consent": "given", "child_consent": "given"},
}
CHILD = {
    "first_name": "Ada",
    "last_name": "Testchild",
    "unborn": "no",
    "date_of_birth_0": "4",
    "date_of_birth_1": "5",
    "date_of_birth_2": "2016",
    "sex": "female",
    "address": "1 Example Road",
}
PERSON = {
    "full_name": "Grace Testparent",
    "relationship": "Mother",
    "lives_with_child": "yes",
    "interpreter_language": "Polish",
    "needs_large_print": "on",
}
LEVEL = {"level_of_need": "4", "level_reason": "Persistent neglect."}


def fill_everything(client, pk: int) -> None:
    base = f"/requests-for-support/{pk}/"
    for slug, data in PAGES.items():
        response = client.post(base + f"{slug}/", data)
        assert response.status_code == 302, (slug, response.content[:2000])
    assert client.post(base + "children/add/", CHILD).status_code == 302
    person = {**PERSON, **pr_answers(pk)}
    assert client.post(base + "people/add/", person).status_code == 302
    assert client.post(base + "level-of-need/", LEVEL).status_code == 302


def pr_answers(contact_pk: int, answer: str = "yes") -> dict[str, str]:
    """The person form's parental responsibility answer, the same for every child."""
    from requests.models import Child

    return {
        f"parental_responsibility_{pk}": answer
        for pk in Child.objects.filter(contact_id=contact_pk).values_list("pk", flat=True)
    }
