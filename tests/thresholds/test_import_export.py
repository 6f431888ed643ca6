"""export_framework and import_framework: a framework moves as a checked JSON file."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import AuthorityFactory
from thresholds.framework_io import DATA_FILE, FrameworkFileError, parse_framework
from thresholds.models import Framework, Indicator

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = StringIO()
    call_command("export_framework", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_export_matches_the_reviewed_data_file(worcestershire):
    assert json.loads(export("worcestershire")) == {
        k: v for k, v in json.loads(DATA_FILE.read_text()).items() if k != "notes"
    }


def test_another_authority_loads_an_exported_guide(worcestershire, tmp_path):
    path = tmp_path / "guide.json"
    call_command("export_framework", "worcestershire", "-o", str(path), stderr=StringIO())
    other = AuthorityFactory(slug="shire", code="SHR")
    out = StringIO()
    call_command("import_framework", str(path), "--authority", "shire", stdout=out)
    assert "169 indicators" in out.getvalue()
    framework = Framework.objects.get(authority=other, is_current=True)
    assert Indicator.objects.filter(area__domain__framework=framework).count() == 169
    assert framework.levels.count() == 4


def test_importing_the_same_version_again_is_refused(worcestershire, tmp_path):
    path = tmp_path / "guide.json"
    path.write_text(export("worcestershire"))
    with pytest.raises(CommandError, match="already has version '2017-09'"):
        call_command("import_framework", str(path))
    assert Framework.objects.filter(authority__slug="worcestershire").count() == 1


def test_a_new_version_from_a_file_becomes_current(worcestershire, tmp_path):
    data = json.loads(export("worcestershire"))
    data["version"] = "2019-05"
    data["indicators"] = data["indicators"][:10]
    path = tmp_path / "guide.json"
    path.write_text(json.dumps(data))
    call_command("import_framework", str(path), stdout=StringIO())
    current = Framework.objects.get(authority__slug="worcestershire", is_current=True)
    assert current.version == "2019-05"
    worcestershire.refresh_from_db()
    assert worcestershire.is_current is False


def _broken_file(tmp_path, line_no: int, old: str, new: str):
    lines = export_lines = DATA_FILE.read_text().splitlines()
    assert old in lines[line_no - 1], lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new)
    path = tmp_path / "bad.json"
    path.write_text("\n".join(export_lines).replace('"2017-09"', '"2099-01"', 1) + "\n")
    return path


def _line_of(text: str) -> int:
    return next(n for n, line in enumerate(DATA_FILE.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("text", "old", "new", "field", "message"),
    [
        ("Female Genital Mutilation", '"level": 4', '"level": 5', "level", "1, 2, 3 or 4"),
        (
            'Poor personal hygiene"',
            '"area": "Social presentation"',
            '"area": "Hygiene"',
            "area",
            "is not an area of domain",
        ),
        (
            "Conception aged under 16",
            '"text": "Conception aged under 16"',
            '"text": ""',
            "text",
            "give a text",
        ),
        ("Endangers own life", '"level": 4', '"level": "4"', "level", "1, 2, 3 or 4"),
    ],
)
def test_a_bad_file_is_refused_whole_naming_the_line_and_field(
    worcestershire, tmp_path, text, old, new, field, message
):
    line = _line_of(text)
    path = _broken_file(tmp_path, line, old, new)
    before = Indicator.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("import_framework", str(path), stdout=StringIO())
    assert f"line {line}: field '{field}': " in str(caught.value)
    assert message in str(caught.value)
    assert "nothing loaded" in str(caught.value)
    assert Indicator.objects.count() == before
    assert not Framework.objects.filter(version="2099-01").exists()


def test_every_fault_is_listed_not_only_the_first(worcestershire):
    data = json.loads(DATA_FILE.read_text())
    data["levels"][0]["title"] = ""
    data["indicators"][0]["level"] = 0
    data["date"] = "September"
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(json.dumps(data, indent=1))
    joined = " | ".join(caught.value.errors)
    assert "field 'title'" in joined
    assert "field 'level'" in joined
    assert "field 'date'" in joined
    assert len(caught.value.errors) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "levels-of-need/1",\n "title": }', "line 2: not valid JSON"),
        ("[1, 2]", "line 1: the file must hold one JSON object"),
        ('{"format": "other"}', "field 'format'"),
        ("[" * 100000, "line 1:"),
    ],
)
def test_files_that_are_not_frameworks_are_refused(text, message):
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(text)
    assert message in str(caught.value)


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_framework", str(tmp_path / "nope.json"))
    binary = tmp_path / "x.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_framework", str(binary))


def test_export_of_an_authority_without_framework_says_so(birmingham):
    with pytest.raises(CommandError, match="has no levels-of-need framework"):
        export("birmingham")
