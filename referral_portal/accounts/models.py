"""Tenancy and people: authorities (front doors), partner agencies and users with roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Authority(models.Model):
    """A local authority's children's services front door: a tenant of the portal."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, help_text="For example: Birmingham Children's Trust")
    code = models.CharField(
        max_length=5, unique=True, help_text="Prefix of references, for example BHM"
    )
    front_door_name = models.CharField(
        max_length=200, help_text="For example: Children's Advice & Support Service (CASS)"
    )
    front_door_short_name = models.CharField(max_length=40, help_text="For example: CASS")
    address = models.TextField(blank=True, help_text="Postal address printed on letters")
    require_practitioner_two_factor = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class AgencyType(models.TextChoices):
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Early years"
    HEALTH = "health", "Health"
    GP = "gp", "GP practice"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary sector"
    CAFCASS = "cafcass", "Cafcass"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER = "other", "Other"


class Agency(models.Model):
    """A partner organisation whose practitioners refer to an authority's front door."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    agency_type = models.CharField(max_length=20, choices=AgencyType.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="agency_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def has_verified_domain(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower()
        return any(d.domain == domain and d.verified for d in self.domains.all())


class AgencyDomain(models.Model):
    """An email domain of an agency. Verified domains let practitioners register at once."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, help_text="For example: school.example.org")
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "domain"], name="agencydomain_unique")
        ]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Agency safeguarding lead"
    OFFICER = "officer", "Front-door officer"
    MANAGER = "manager", "Duty manager"
    DISCLOSURE = "disclosure", "Disclosure Team"
    ADMIN = "admin", "Administrator"
    # The council's case-management system (issue 26): reads the hand-off API with its own key,
    # posts receipts; sees no page of the portal.
    INTEGRATION = "integration", "Integration account (case-management system)"


AGENCY_ROLES = frozenset({Role.PRACTITIONER, Role.SAFEGUARDING_LEAD})
AUTHORITY_ROLES = frozenset(
    {Role.OFFICER, Role.MANAGER, Role.DISCLOSURE, Role.ADMIN, Role.INTEGRATION}
)
STAFF_ROLES = AUTHORITY_ROLES


class UserStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", "Awaiting email confirmation"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    ACTIVE = "active", "Active"
    REFUSED = "refused", "Refused"
    DEACTIVATED = "deactivated", "Deactivated"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("status", UserStatus.ACTIVE)
        fields.setdefault("full_name", "Administrator")
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their work email. Their role decides what they may see."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    status = models.CharField(
        max_length=30, choices=UserStatus.choices, default=UserStatus.AWAITING_CONFIRMATION
    )
    refused_reason = models.TextField(blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site")
    # Part of every session's hash: raising it signs the user out on every device.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    # Set on each request's user by django_otp's OTPMiddleware: signed in with a second step.
    is_verified: Callable[[], bool]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["authority", "status"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    # Django's base class has a field here; ours is worked out from status.
    def is_active(self) -> bool:  # type: ignore[override]  # see the comment above
        return self.status == UserStatus.ACTIVE

    def clean(self) -> None:
        if self.role in AGENCY_ROLES:
            agency = self.agency if self.agency_id is not None else None
            if agency is None:
                raise ValidationError({"agency": "A practitioner belongs to an agency"})
            self.authority_id = agency.authority_id
        elif self.role in AUTHORITY_ROLES and self.authority_id is None and not self.is_superuser:
            raise ValidationError({"authority": "This role belongs to an authority"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.role in AGENCY_ROLES and self.agency is not None:
            self.authority_id = self.agency.authority_id
        super().save(*args, **kwargs)

    def get_session_auth_hash(self) -> str:
        """Django checks this on every request; it changes with the password and the epoch."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "referral_portal.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_practitioner(self) -> bool:
        return self.role in AGENCY_ROLES

    @property
    def is_front_door(self) -> bool:
        return self.role in {Role.OFFICER, Role.MANAGER}

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def needs_two_factor(self) -> bool:
        if self.role in STAFF_ROLES or self.is_superuser:
            return True
        return bool(self.authority and self.authority.require_practitioner_two_factor)


class ApiToken(models.Model):
    """A key for the API, as strong as a sign-in (security review M1).

    Issued on the account page to a session that has passed two-factor sign-in where the
    person needs it; only a SHA-256 hash of the key is stored. It stops working when it has
    been idle or alive too long (as a session does), when it is revoked, and when the
    account's password or session epoch changes (a password reset, "sign out everywhere"):
    ``session_hash`` is the account's ``get_session_auth_hash()`` at issue."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the key is for")
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the key, so the person can tell their keys apart.
    prefix = models.CharField(max_length=8)
    session_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignInLimit(models.Model):
    """Failed sign-ins for one email address, whether or not an account has it (so the
    answers never tell which addresses exist). Security review M6: limited per account,
    independently of the per-address limit (django-axes), by a delay that grows and then a
    lock the person lifts from their email, or a manager lifts (``accounts/sign_in_limits.py``)."""

    username = models.CharField(max_length=254, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.username}: {self.failures} failed"
