"""Every field of every project model that could hold personal data is declared, one way or the
other, in its app's personal_data.py; and what is declared is what retention and export do."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from referral_portal.rights import registry

# Field types that can hold a name, an email, a date of birth, an address or free text.
MAY_BE_PERSONAL = (
    models.CharField,  # with EmailField, SlugField, URLField
    models.TextField,
    models.JSONField,
    models.DateField,  # DateTimeField (a moment, not a birthday) is let through below
    models.GenericIPAddressField,
    models.FileField,
    models.BinaryField,
)


def _project_models() -> list[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            found.extend(config.get_models())
    return found


def _may_be_personal(field: models.Field) -> bool:  # type: ignore[type-arg]  # any field
    return (
        isinstance(field, MAY_BE_PERSONAL)
        and not isinstance(field, models.DateTimeField)
        and not field.primary_key
    )


def test_the_walk_finds_the_apps_that_hold_personal_data():
    labels = {m._meta.label for m in _project_models()}
    assert {"requests.Child", "triage.Decision", "letters.Letter", "accounts.User"} <= labels
    assert "auth.Group" not in labels


def test_every_field_that_may_hold_personal_data_is_declared():
    declared = registry.declarations()
    missing = []
    for model in _project_models():
        declaration = declared.get(model)
        known = set(declaration.personal) | declaration.not_personal if declaration else set()
        for field in model._meta.concrete_fields:
            if _may_be_personal(field) and field.name not in known:
                where = model._meta.app_config.name.replace(".", "/") + "/personal_data.py"
                missing.append(
                    f"{model._meta.label}.{field.name} ({type(field).__name__}): in {where}"
                )
    assert not missing, (
        "These fields are not declared personal or not personal:\n  "
        + "\n  ".join(missing)
        + "\n\nDeclare each in that module, in the registry.declare(Model, ...) call of its model:\n"
        '  - personal data: personal={"field": erased()} (erased after retention; erased('
        "About.THIRD_PARTY) or erased(About.REFERRER) when it is about someone other than "
        'the child), or kept("why it is kept") for data retention must not remove;\n'
        '  - not personal: not_personal={"field", ...}.\n'
        'A new model: registry.declare(Model, record=Contact, path="contact", ...) when its '
        "rows belong to a Request for Support (record=InformationRequest, "
        'path="request" for an information request). See referral_portal/rights/registry.py.'
    )


def test_every_declared_record_is_registered_and_every_path_leads_to_it():
    kinds = {kind.model for kind in registry.records()}
    for model, declaration in registry.declarations().items():
        if declaration.record is None:
            continue
        assert declaration.record in kinds, f"{model._meta.label}: record not registered"
        if declaration.path:
            # The lookup is valid: the query compiles (raises FieldError otherwise).
            str(model._default_manager.filter(**{f"{declaration.path}__pk": 1}).query)


def test_erased_fields_can_be_erased():
    for model, declaration in registry.declarations().items():
        for name, rule in declaration.personal.items():
            if rule.erase is True:
                registry.blank(model._meta.get_field(name))
