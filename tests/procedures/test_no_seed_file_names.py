"""Sources are cited as people read them (title and section), never by a file name: no template,
data file or loaded row names a source file, and no public page shows one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

# A source file's name (for example 004_23d9d1637ed5247b.txt), the folder they sit in, or
# "seed 004" as a citation.
FILE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\b|seeds/|\bseeds? 00\d\b", re.IGNORECASE)
SKIP = {".venv", "node_modules", "tests", ".git", "var", "static"}


def _project_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for path in base.rglob("*"):
        parts = set(path.relative_to(base).parts)
        if parts & SKIP or not path.is_file():
            continue
        in_templates = "templates" in parts
        is_data = "data" in parts or path.name == "sources.py"
        if in_templates or (is_data and path.suffix in {".json", ".py", ".csv", ".txt"}):
            found.append(path)
    return found


def test_the_walk_finds_the_templates_and_data_files():
    names = {p.name for p in _project_files()}
    assert {"result.html", "new.html", "worcestershire_2017.json", "sources.py"} <= names


def test_no_template_or_data_file_names_a_source_file():
    named = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in _project_files()
        for match in FILE_NAME.finditer(path.read_text(errors="replace"))
    ]
    assert not named, "Cite the source by title and section instead:\n" + "\n".join(named)


@pytest.mark.django_db
def test_no_loaded_row_names_a_source_file():
    from contacts.models import Service
    from referral_portal.procedures.models import Procedure
    from thresholds.models import Framework

    rows = [(s.source, s.notes) for s in Service.objects.all()]
    rows += [(f.source, f.title) for f in Framework.objects.all()]
    rows += [(p.summary, p.citation, str(p.details)) for p in Procedure.objects.all()]
    assert Service.objects.exists() and Procedure.objects.exists()
    assert not [row for row in rows if any(FILE_NAME.search(text or "") for text in row)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/contacts/?authority=birmingham",
        "/contacts/?authority=worcestershire",
        "/thresholds/",
        "/thresholds/worcestershire/",
    ],
)
def test_no_public_page_names_a_source_file(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert not FILE_NAME.search(page), FILE_NAME.search(page).group(0)
    assert "Worcestershire Children First" not in page


@pytest.mark.django_db
def test_a_database_loaded_before_is_rewritten_to_titles_and_keeps_administrators_edits():
    import importlib

    from django.apps import apps

    from contacts.models import Service
    from referral_portal.accounts.models import Authority

    migration = importlib.import_module("contacts.migrations.0003_sources_by_title")
    worcestershire = Authority.objects.get(slug="worcestershire")
    Authority.objects.filter(pk=worcestershire.pk).update(name="Worcestershire Children First")
    lado = Service.objects.get(authority__slug="birmingham", kind="lado")
    lado.source = (
        "seeds/001_6807da3d1bd3f0b8.txt (Birmingham City Council safeguarding policy) section 12"
    )
    lado.notes = "Concerns about staff. The seed gives an email address only."
    lado.save()
    early = Service.objects.get(authority=worcestershire, kind="early_help")
    early.source = (
        "seeds/004_23d9d1637ed5247b.txt (Worcestershire Levels of Need, Appendix 2) Appendix 3"
    )
    early.save()
    edited = Service.objects.get(authority__slug="birmingham", kind="front_door")
    edited.notes = "Changed by the administrator"
    edited.save()

    migration.update(apps, None)

    lado.refresh_from_db()
    early.refresh_from_db()
    edited.refresh_from_db()
    assert lado.source == "Birmingham City Council corporate safeguarding policy, section 12"
    assert lado.notes == "Concerns about staff. The policy gives an email address only."
    assert early.source.endswith("(September 2017), 7 Early Help in Worcestershire and Appendix 3")
    assert edited.notes == "Changed by the administrator"
    assert Authority.objects.get(slug="worcestershire").name == "Worcestershire"
