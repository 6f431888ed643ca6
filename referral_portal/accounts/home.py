"""Each role's next actions on its home page. An action whose page is not built yet is left out."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from referral_portal.accounts.models import Role, User


@dataclass(frozen=True)
class Action:
    url_name: str
    title: str
    hint: str


_ACTIONS: dict[str, list[Action]] = {
    Role.PRACTITIONER: [
        Action(
            "requests:start",
            "Start a Request for Support",
            "Tell the front door about a child you are worried about",
        ),
        Action("requests:drafts", "Your drafts", "Carry on with a request you have saved"),
        Action("requests:mine", "Your requests", "Follow what has happened to requests you sent"),
        Action("information:mine", "Your information requests", "What the front door has told you"),
        Action(
            "information:start",
            "Make an information request",
            "Ask whether a child is known, or for more detail",
        ),
        Action(
            "thresholds:start",
            "Check a level of need",
            "Use the levels-of-need guidance to decide what to do",
        ),
        Action("contacts:directory", "Who to call", "Numbers and opening hours"),
    ],
    Role.OFFICER: [
        Action("triage:queue", "The triage queue", "Claim and work the next contact"),
        Action(
            "information:queue", "Information requests", "Answer requests from partner agencies"
        ),
        Action("contacts:directory", "Who to call", "Numbers and opening hours"),
    ],
    Role.MANAGER: [
        Action(
            "dashboard:index",
            "24-hour dashboard",
            "Contacts received, decided, overdue and due soon",
        ),
        Action(
            "triage:approvals", "Approvals", "Overrides, extensions and decisions waiting for you"
        ),
        Action("triage:queue", "The triage queue", "Every open contact in your authority"),
        Action("information:queue", "Information requests", "Requests from partner agencies"),
        Action("information:log", "Disclosure log", "What was disclosed, to whom, on what basis"),
        Action("audit:trail", "Audit trail", "Who saw or changed which record"),
        Action("accounts:people", "People", "Reset a colleague's two-factor sign-in"),
        Action("rights:subject_access", "Subject access export", "Everything held about one child"),
    ],
    Role.DISCLOSURE: [
        Action(
            "information:disclosure_queue",
            "Level 3 requests",
            "Requests to view whole case assessments, routed to the Disclosure Team",
        ),
    ],
    Role.ADMIN: [
        Action(
            "accounts:registrations",
            "Registrations to approve",
            "Practitioners whose email domain is not verified",
        ),
        Action(
            "accounts:people",
            "People",
            "Add officers, managers and the Disclosure Team; deactivate leavers",
        ),
        Action("admin:index", "Administration", "Agencies, their email domains and the directory"),
    ],
}
# Outcome letters to print and post (issue 17 point 7).
_POST = Action("letters:to_post", "Letters to post", "Outcome letters to print, post and mark")
for _role in (Role.OFFICER, Role.MANAGER):
    _ACTIONS[_role].append(_POST)
# Emails the role answers for that failed to send (referral_portal/outbox), with "Send again".
_EMAILS = Action("outbox:failed", "Emails that failed to send", "Check them and send them again")
for _role in (Role.OFFICER, Role.MANAGER, Role.ADMIN):
    _ACTIONS[_role].append(_EMAILS)
# Decided contacts the council's case-management system did not take (requests/handoff).
_HANDOFFS = Action(
    "handoff:failed", "Hand-offs that failed", "Decided contacts the council's system did not take"
)
for _role in (Role.OFFICER, Role.MANAGER):
    _ACTIONS[_role].append(_HANDOFFS)
_ACTIONS[Role.ADMIN].append(
    Action(
        "handoff:endpoints",
        "Case-management system",
        "Where the portal sends decided contacts, and their signing secrets",
    )
)
_ACTIONS[Role.SAFEGUARDING_LEAD] = [
    Action("requests:agency", "Your agency's requests", "Every request your agency has made"),
    *_ACTIONS[Role.PRACTITIONER],
]


def next_actions(user: User) -> list[dict[str, str]]:
    actions = []
    for action in _ACTIONS.get(user.role, []):
        try:
            url = reverse(action.url_name)
        except NoReverseMatch:
            continue
        actions.append({"url": url, "title": action.title, "hint": action.hint})
    return actions
