"""What the load benchmark's practitioners type (pure data: imported by the Locust journeys,
which run in their own virtualenv, and by ``load.py``). Every name is invented."""

from __future__ import annotations

import random

FIRST = ["Ada", "Ben", "Cara", "Dev", "Ella", "Finn", "Gita", "Hal", "Iris", "Jon", "Kai", "Lena"]
LAST = ["Testchild", "Loadson", "Benchley", "Sampleton", "Mockford", "Fakeham", "Dummer"]

PAGES = {
    "referrer": {
        "referrer_role": "Designated Safeguarding Lead",
        "referrer_phone": "0121 496 0000",
        "referrer_email": "dsl@school.example.org",
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


def child() -> dict[str, str]:
    return {
        "first_name": random.choice(FIRST),
        "last_name": f"{random.choice(LAST)}{random.randint(1, 99999)}",
        "unborn": "no",
        "date_of_birth_0": str(random.randint(1, 28)),
        "date_of_birth_1": str(random.randint(1, 12)),
        "date_of_birth_2": str(random.randint(2010, 2024)),
        "sex": random.choice(["female", "male"]),
        "address": f"{random.randint(1, 200)} Example Road",
    }


def person() -> dict[str, str]:
    return {
        "full_name": f"{random.choice(FIRST)} {random.choice(LAST)}parent",
        "relationship": "Mother",
        "lives_with_child": "yes",
        "email": f"parent{random.randint(1, 10**6)}@family.example.net",
    }


def level(authority: str) -> dict[str, str]:
    """A level (Birmingham's form asks for the reason alone); below the threshold for social
    care the Early Help page comes next and is confirmed."""
    return {"level_of_need": random.choice(["2", "3", "4"]), "level_reason": "Persistent neglect."}


EARLY_HELP = {"early_help_confirmed": "on"}


def info_child() -> dict[str, str]:
    return {
        "child_first_name": random.choice(FIRST),
        "child_last_name": f"{random.choice(LAST)}{random.randint(1, 99999)}",
        "child_date_of_birth_0": str(random.randint(1, 28)),
        "child_date_of_birth_1": str(random.randint(1, 12)),
        "child_date_of_birth_2": str(random.randint(2010, 2024)),
    }
