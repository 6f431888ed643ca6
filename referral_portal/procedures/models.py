"""Each authority's procedures as data, each with the public document and section it comes from.

The portal serves several authorities; no council's procedure is applied to another. A
procedure an authority's sources give it has a row here with ``offered`` true and its source
(title, publisher, section). Where no source gives an authority a procedure, its row says so
(``offered`` false) or there is no row: the portal then offers none and says so plainly.
Where the portal adopts another council's practice as its own standard (the 24-hour response
aim), ``portal_standard`` is true and pages word it as "this portal's standard".

An authority's administrator edits its rows (``referral_portal.procedures.views``); every
change is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    INFORMATION_REQUESTS = "information_requests", "Information requests from partner agencies"
    RESPONSE_AIM = "response_aim", "Response aim for a Request for Support"
    LEVELS_OF_NEED = "levels_of_need", "Levels-of-need (threshold) guidance"
    EARLY_HELP = "early_help", "Early Help route"
    OUTCOME_LETTERS = "outcome_letters", "Outcome letters"
    MANAGER_AGREEMENT = "manager_agreement", "Manager agreement of front-door decisions"


# What each kind keeps in ``details``: key -> (label, help text, multi-line).
DETAIL_FIELDS: dict[str, dict[str, tuple[str, str, bool]]] = {
    Kind.INFORMATION_REQUESTS: {
        "phone_route": (
            "Level 1 by telephone",
            "The telephone route for a Level 1 request, in the source's words",
            True,
        ),
        "phone_route_section": ("Section of the telephone route", "For example: Level 1", False),
    },
    Kind.RESPONSE_AIM: {
        "hours": ("Hours", "The aim, in hours, for example 24", False),
        "extension": (
            "When the time can be extended, in the source's words",
            "Leave empty if the source gives no extension: then none can be asked for",
            True,
        ),
    },
    Kind.LEVELS_OF_NEED: {
        "document": (
            "The authority's own levels-of-need document",
            "Named when the portal holds no framework for the authority",
            False,
        ),
        "advice": ("Advice, in the source's words", "", True),
        "referral_form": (
            "The name of the referral to children's social care, in the source's words",
            "For example: Referral to Children's Social Care. Level 4 results name it",
            False,
        ),
    },
    Kind.EARLY_HELP: {
        "route": ("The Early Help route, in the source's words", "", True),
        "website": ("Web address", "", False),
    },
    Kind.OUTCOME_LETTERS: {},
    Kind.MANAGER_AGREEMENT: {},
}


class Procedure(models.Model):
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.CASCADE, related_name="procedures"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    offered = models.BooleanField(
        default=False,
        help_text="Whether the portal offers this procedure for the authority. Leave it off "
        "when none of the authority's sources gives one.",
    )
    portal_standard = models.BooleanField(
        default=False,
        help_text="The portal applies another source's practice as its own standard: pages "
        "say \"this portal's standard\", never the authority's promise.",
    )
    summary = models.TextField(
        blank=True, help_text="What the procedure is, as people read it, in the source's words"
    )
    source_title = models.CharField(max_length=300, blank=True)
    source_publisher = models.CharField(max_length=200, blank=True)
    source_section = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["authority", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "kind"], name="procedure_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.get_kind_display()}"

    @property
    def citation(self) -> str:
        """The source as people read it: "Publisher, Title, Section"."""
        parts = [self.source_publisher, self.source_title, self.source_section]
        return ", ".join(p for p in parts if p)

    def detail(self, key: str) -> str:
        return str((self.details or {}).get(key, "") or "")
