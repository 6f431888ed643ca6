"""The Request for Support's rules from the source documents, in their words.

Consent (004 §4), communication needs (004 §5), and the Early Help route for a level of need
below the threshold for social care (000; 004 §6 and §7). Every sentence shown to a referrer
from here is a quotation, with the document's title and section beside it. (The information
requests' consent rules, from 002, are ``requests.information.consent``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from referral_portal.procedures import sources
from requests.models import (
    ChildConsent,
    Consent,
    ConsentAdvice,
    ConsentNotSoughtReason,
    Contact,
    has_harm_category,
)

if TYPE_CHECKING:
    from referral_portal.procedures.selectors import AuthorityRef

# The sources' titles as the portal cites them everywhere (never a file name).
LEVELS_OF_NEED = sources.WORCESTERSHIRE_LEVELS_OF_NEED["title"]
SAFEGUARDING_CONCERNS = sources.BIRMINGHAM_SAFEGUARDING_CONCERNS["title"]


@dataclass(frozen=True)
class Quote:
    """Words of a source document, and where they are."""

    text: str
    title: str
    section: str

    @property
    def cite(self) -> str:
        return f"{self.title}, {self.section}"


# The area whose guidance these consent and referral rules quote: elsewhere they are this
# portal's standard, and the pages say so (no source held for another area sets them out).
CONSENT_RULES_AREA = "worcestershire"


def _004(text: str, section: str = "section 4, Information Sharing") -> Quote:
    return Quote(text, LEVELS_OF_NEED, section)


# --- consent (004 §4) -----------------------------------------------------------------------

CONSENT_SEEK = _004(
    "Practitioners should always seek the consent of the parents and the child, if the child "
    "has capacity, before proceeding to share information with partner agencies."
)
CONSENT_UNLESS = _004(
    "Where practicable, concerns should be discussed with the parent or carer, and with the "
    "child if appropriate, and agreement sought for accessing or referring to another agency "
    "(levels 2 & 3), which may include children's social care (level 4) unless seeking "
    "agreement is likely to: place the child at risk of significant harm; lead to the risk of "
    "loss of evidential material."
)
CONSENT_EXPLAIN = _004(
    "When making a referral like this, then it is important to explain why consent was not "
    "established and/or why the referrer considered that it would pose a risk to the child to "
    "seek consent."
)
CONSENT_ADVICE = _004(
    "Where the parent refuses to give permission for the referral, unless it would cause undue "
    "delay, further advice should be sought from a manager or the nominated safeguarding lead "
    "and the outcome recorded."
)
# A refusal and a child protection concern: only then must the information still be shared.
REFUSED_CHILD_PROTECTION = _004(
    "In some circumstances, children will need a formal referral to children's social care as "
    "there is a child protection concern and parents may refuse consent. The information must "
    "still be shared despite consent being refused."
)
# A refusal with no child protection concern: what 004 says to do instead.
REFUSED_OTHERWISE = (
    _004(
        "If a parent or carer does not give consent to engage with early help support and this "
        "raises concerns about the ability of the parents or carers to promote their child's "
        "welfare, and might lead to their inability to protect the child, a referral should be "
        "made to children's social care via the Family Front Door."
    ),
    _004(
        "If parents or the child do not consent to an Early Help Assessment, then the lead "
        "professional will need to make a judgement as to whether, without help, the needs of "
        "the child will escalate and whether a referral to children's social care may be "
        "necessary.",
        "section 7, Early Help in Worcestershire",
    ),
)
NOT_ANONYMOUS = _004(
    "A child protection referral from a professional cannot be treated as anonymous, so the "
    "parent will ultimately become aware of the identity of the referrer."
)
DISCUSS_WITH_LEAD = _004(
    "Any professional who considers that a child needs multi-agency help or support should "
    "always consider discussing this with their safeguarding lead or a line "
    "manager/supervisor.",
    "section 3, Making a professional judgement about levels of need",
)
COMMUNICATION = _004(
    "In these circumstances an interpreter may be required or information provided in EasyRead "
    "or an alternative format (such as large, clear print).",
    "section 5, Equality and Diversity",
)


def consent_errors(data: dict[str, Any]) -> dict[str, str]:
    """What is missing from the consent answers, by field: one message per field (004 §4)."""
    errors: dict[str, str] = {}
    consent = data.get("consent")
    if consent == Consent.REFUSED:
        if not data.get("consent_refused_details"):
            errors["consent_refused_details"] = "Enter what the parents said"
        advice = data.get("consent_advice")
        if not advice:
            errors["consent_advice"] = (
                "Select whether you sought advice from a manager or the nominated safeguarding "
                "lead, or whether it would cause undue delay"
            )
        elif advice == ConsentAdvice.SOUGHT and not data.get("consent_advice_outcome"):
            errors["consent_advice_outcome"] = "Enter the outcome of the advice"
        if not data.get("consent_child_protection"):
            errors["consent_child_protection"] = "Select yes if there is a child protection concern"
    if consent == Consent.NOT_SOUGHT:
        reason = data.get("consent_not_sought_reason")
        if not reason:
            errors["consent_not_sought_reason"] = (
                "Select why consent was not sought or not established"
            )
        if not data.get("consent_not_sought_details"):
            errors["consent_not_sought_details"] = (
                "Explain why consent was not established"
                if reason == ConsentNotSoughtReason.NOT_ESTABLISHED
                else "Explain why you considered that it would pose a risk to the child to seek "
                "consent"
            )
    child = data.get("child_consent")
    if not child:
        errors["child_consent"] = (
            "Select whether the child consented, or does not have capacity to consent"
        )
    elif child == ChildConsent.NOT_SOUGHT and not data.get("child_consent_details"):
        errors["child_consent_details"] = "Explain why the child's consent was not sought"
    return errors


def consent_complete(contact: Contact) -> bool:
    """The consent section is answered as 004 §4 asks (a draft saved before it may not be)."""
    if contact.consent not in Consent.values:
        return False
    return not consent_errors({name: getattr(contact, name) for name in CONSENT_FIELDS})


def consent_started(contact: Contact) -> bool:
    return bool(contact.consent or contact.child_consent)


CONSENT_FIELDS = (
    "consent",
    "consent_refused_details",
    "consent_advice",
    "consent_advice_outcome",
    "consent_child_protection",
    "consent_not_sought_reason",
    "consent_not_sought_details",
    "child_consent",
    "child_consent_details",
)


def consent_more_rows(contact: Contact) -> list[tuple[str, str]]:
    """The answers 004 §4 adds to the parents' answer: advice on a refusal, whether it is a
    child protection concern, and the child's consent ("Not answered" for requests sent
    before they were asked)."""
    rows = []
    if contact.consent == Consent.REFUSED:
        advice = contact.get_consent_advice_display() or "Not answered"
        if contact.consent_advice_outcome:
            advice += f". Outcome: {contact.consent_advice_outcome}"
        rows.append(("Advice from a manager or safeguarding lead", advice))
        rows.append(
            (
                "Child protection concern",
                contact.get_consent_child_protection_display() or "Not answered",
            )
        )
    child = contact.get_child_consent_display() or "Not answered"
    if contact.child_consent_details:
        child += f". {contact.child_consent_details}"
    rows.append(("The child's consent", child))
    return rows


def consent_guidance(contact: Contact) -> tuple[Quote, ...]:
    """What 004 says applies to this answer, shown on the check page and to the officer."""
    if contact.consent == Consent.REFUSED:
        if contact.consent_child_protection == "yes":
            return (REFUSED_CHILD_PROTECTION,)
        if contact.consent_child_protection == "no":
            return REFUSED_OTHERWISE
    if contact.consent == Consent.NOT_SOUGHT:
        return (CONSENT_EXPLAIN,)
    return ()


# --- what the request is about --------------------------------------------------------------


def past_harm_asked(categories: list[str] | None) -> bool:
    """ "Past harm" is asked only when a category of harm is chosen (not for family support)."""
    return has_harm_category(categories)


# --- the Early Help route (000; 004 §6, §7) -------------------------------------------------


@dataclass(frozen=True)
class EarlyHelpRoute:
    """What an authority's source says about Early Help, and what the referrer confirms."""

    says: tuple[Quote, ...]
    confirm: str  # the confirmation, in the source's words
    confirm_error: str
    # The portal asks this authority for no level of need (it holds none of its levels): the
    # route is shown for every request, as its source says what the whole form is for.
    every_request: bool = False


# Authorities whose source documents name an Early Help route, by the authority's slug. An
# authority not here has no source for one: the portal says nothing about Early Help.
EARLY_HELP_ROUTES: dict[str, EarlyHelpRoute] = {
    "birmingham": EarlyHelpRoute(
        says=(
            Quote(
                "This form is for professionals who have identified that children or families "
                "require either social work assessment or intensive family support.",
                SAFEGUARDING_CONCERNS,
                "Need advice?",
            ),
            Quote(
                "Please be aware the Early Help Support Team can offer support to lead "
                "professionals/practitioners on completing an Early Help Assessment and advise "
                "on when a multi-agency 'Our Family Plan' can/should be used to achieve "
                "positive outcomes for families, they can be contacted on 0121 303 1888.",
                SAFEGUARDING_CONCERNS,
                "Need advice?",
            ),
            Quote(
                "To help you decide whether to report a concern you should consult "
                "Birmingham's multi-agency threshold document Right Help, Right Time and speak "
                "with your agency's safeguarding representative.",
                SAFEGUARDING_CONCERNS,
                "Need advice?",
            ),
        ),
        confirm=(
            "I have identified that the child or family require either social work assessment "
            "or intensive family support"
        ),
        confirm_error=(
            "Confirm that the child or family require either social work assessment or "
            "intensive family support"
        ),
        every_request=True,
    ),
    "worcestershire": EarlyHelpRoute(
        says=(
            _004(
                "'Early help' is used to describe services that are available to children and "
                "families at level 2 (additional support) and level 3 (targeted support) of the "
                "Threshold Framework.",
                "section 7, Early Help in Worcestershire",
            ),
            _004(
                "Level 1 represents children with no identified additional needs. Their needs "
                "are met through the services they receive from early years services, schools "
                "and health services, such as the GP or Public Health Nurses, and some may also "
                "be receiving services from housing and voluntary sector organisations.",
                "section 6, Levels of Need",
            ),
            _004(
                "In Worcestershire professionals are encouraged to use the Early Help "
                "Assessment to identify children and young people in need of additional or "
                "targeted support.",
                "section 7, Early Help in Worcestershire",
            ),
            _004(
                "If at any time it is considered that the child may be a child in need of a "
                "statutory assessment because they are a Child in Need as defined in the "
                "Children Act 1989, or that the child has suffered or is at risk of suffering "
                "significant harm, a referral should be made immediately to children's social "
                "care via the Family Front Door.",
                "section 7, Early Help in Worcestershire",
            ),
        ),
        confirm=(
            "I consider that the child may be a Child in Need as defined in the Children Act "
            "1989, or that the child has suffered or is at risk of suffering significant harm"
        ),
        confirm_error=(
            "Confirm that you consider the child may be a Child in Need, or has suffered or is "
            "at risk of suffering significant harm"
        ),
    ),
}

# Levels 1-3 of 004 §6 are below Level 4, "children who need statutory and/or specialist
# interventions": the Early Help route is shown for them.
BELOW_SOCIAL_CARE = (1, 2, 3)


def early_help_route(*, authority: AuthorityRef, level: int | None) -> EarlyHelpRoute | None:
    """The authority's Early Help route when the level is below social care's (or, where the
    portal asks the authority for no level, for every request), else None.

    Only while the authority's Early Help procedure row is offered (its administrator's data,
    with its source): with none, the portal says nothing about Early Help."""
    from referral_portal.procedures.models import Kind
    from referral_portal.procedures.selectors import offers

    route = EARLY_HELP_ROUTES.get(getattr(authority, "slug", ""))
    if route is None or getattr(authority, "pk", None) is None:
        return None
    if not (level in BELOW_SOCIAL_CARE or (level is None and route.every_request)):
        return None
    return route if offers(authority=authority, kind=Kind.EARLY_HELP) else None


def early_help_pending(contact: Contact) -> bool:
    """The referrer has still to read the Early Help route and confirm what they ask for."""
    route = early_help_route(authority=contact.authority, level=contact.level_of_need)
    return route is not None and not contact.early_help_confirmed
