"""A framework as a JSON file: read (validated whole, with line numbers), write and load.

The format is the one of ``thresholds/data/worcestershire_2017.json``: the framework's
fields, its four levels, its domains with their areas in order, and one indicator per line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json

# The standard library's pure-Python decoder parts, undeclared in typeshed.
from json.decoder import JSONObject  # type: ignore[attr-defined]  # see the comment above
from json.scanner import py_make_scanner  # type: ignore[attr-defined]  # see the comment above
from pathlib import Path
from typing import Any

FORMAT = "levels-of-need/1"
DATA_FILE = Path(__file__).resolve().parent / "data" / "worcestershire_2017.json"
TEXT_FIELDS = {"title": 300, "version": 60, "source": 300}
LEVEL_TEXT_FIELDS = ("title", "meaning", "pathway", "consent")


class FrameworkFileError(ValueError):
    """The file is refused whole; ``errors`` says where, by line and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


class _Located(dict[str, Any]):
    """A JSON object that remembers the line it starts on."""

    line = 0


def _loads_with_lines(text: str) -> Any:
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = JSONObject(s_and_end, *args)
        located = _Located(obj)
        located.line = bisect.bisect_right(starts, s_and_end[1] - 1)
        return located, end

    # The decoder's hooks, which typeshed does not declare.
    decoder.parse_object = parse_object  # type: ignore[attr-defined]  # see the comment above
    decoder.scan_once = py_make_scanner(decoder)  # type: ignore[attr-defined]  # see the comment above
    return decoder.decode(text)


def _line(obj: Any) -> int:
    return getattr(obj, "line", 1)


def _text(obj: Any, field: str, errors: list[str], *, max_length: int = 0) -> str:
    value = obj.get(field)
    if not isinstance(value, str) or not value.strip():
        errors.append(f"line {_line(obj)}: field '{field}': give a text")
        return ""
    if max_length and len(value) > max_length:
        errors.append(f"line {_line(obj)}: field '{field}': at most {max_length} characters")
    return value.strip()


def parse_framework(text: str) -> dict[str, Any]:
    """The checked contents of a framework file, or ``FrameworkFileError`` listing every fault."""
    try:
        doc = _loads_with_lines(text)
    except json.JSONDecodeError as exc:
        raise FrameworkFileError([f"line {exc.lineno}: not valid JSON: {exc.msg}"]) from exc
    except RecursionError as exc:
        raise FrameworkFileError(["line 1: the file nests too deeply"]) from exc
    if not isinstance(doc, dict):
        raise FrameworkFileError(["line 1: the file must hold one JSON object"])
    errors: list[str] = []
    if doc.get("format") != FORMAT:
        errors.append(f"line {_line(doc)}: field 'format': must be \"{FORMAT}\"")
    out: dict[str, Any] = {"authority": _text(doc, "authority", errors, max_length=50)}
    for field, max_length in TEXT_FIELDS.items():
        out[field] = _text(doc, field, errors, max_length=max_length)
    try:
        out["date"] = dt.date.fromisoformat(str(doc.get("date")))
    except ValueError:
        errors.append(f"line {_line(doc)}: field 'date': give a date as YYYY-MM-DD")
    for field in ("consent_guidance", "equality_guidance"):
        value = doc.get(field, "")
        if not isinstance(value, str):
            errors.append(f"line {_line(doc)}: field '{field}': give a text")
            value = ""
        out[field] = value.strip()

    levels = doc.get("levels")
    out["levels"] = []
    if not isinstance(levels, list):
        errors.append(f"line {_line(doc)}: field 'levels': give a list of the four levels")
        levels = []
    for level in levels:
        if not isinstance(level, dict):
            errors.append(f"line {_line(doc)}: field 'levels': each level is an object")
            continue
        number = level.get("number")
        if isinstance(number, bool) or number not in (1, 2, 3, 4):
            errors.append(f"line {_line(level)}: field 'number': must be 1, 2, 3 or 4")
        entry = {"number": number}
        for field in LEVEL_TEXT_FIELDS:
            entry[field] = _text(level, field, errors, max_length=200 if field == "title" else 0)
        out["levels"].append(entry)
    numbers = sorted(str(level["number"]) for level in out["levels"])
    if isinstance(levels, list) and levels and numbers != ["1", "2", "3", "4"]:
        errors.append(f"line {_line(doc)}: field 'levels': give each of levels 1 to 4 once")

    domains = doc.get("domains")
    out["domains"] = []
    known: set[tuple[str, str]] = set()
    if not isinstance(domains, list) or not domains:
        errors.append(f"line {_line(doc)}: field 'domains': give a list of domains")
        domains = []
    for domain in domains:
        if not isinstance(domain, dict):
            errors.append(f"line {_line(doc)}: field 'domains': each domain is an object")
            continue
        name = _text(domain, "name", errors, max_length=200)
        areas = domain.get("areas")
        if not isinstance(areas, list) or not areas:
            errors.append(f"line {_line(domain)}: field 'areas': give a list of area names")
            areas = []
        clean_areas = []
        for area in areas:
            if not isinstance(area, str) or not area.strip() or len(area) > 200:
                errors.append(f"line {_line(domain)}: field 'areas': {str(area)[:40]!r}")
                continue
            if (name, area.strip()) in known:
                errors.append(f"line {_line(domain)}: field 'areas': {area!r} appears twice")
            known.add((name, area.strip()))
            clean_areas.append(area.strip())
        if any(d["name"] == name for d in out["domains"]):
            errors.append(f"line {_line(domain)}: field 'name': domain {name!r} appears twice")
        out["domains"].append({"name": name, "areas": clean_areas})

    indicators = doc.get("indicators")
    out["indicators"] = []
    if not isinstance(indicators, list) or not indicators:
        errors.append(f"line {_line(doc)}: field 'indicators': give a list of indicators")
        indicators = []
    for item in indicators:
        if not isinstance(item, dict):
            errors.append(f"line {_line(doc)}: field 'indicators': each indicator is an object")
            continue
        level = item.get("level")
        if isinstance(level, bool) or level not in (1, 2, 3, 4):
            errors.append(f"line {_line(item)}: field 'level': must be 1, 2, 3 or 4")
        text = _text(item, "text", errors)
        domain_name = _text(item, "domain", errors)
        area_name = _text(item, "area", errors)
        if domain_name and area_name and (domain_name, area_name) not in known:
            errors.append(
                f"line {_line(item)}: field 'area': {area_name!r} is not an area of "
                f"domain {domain_name!r} in 'domains'"
            )
        out["indicators"].append(
            {"level": level, "text": text, "domain": domain_name, "area": area_name}
        )
    if errors:
        raise FrameworkFileError(errors)
    return out


def dump_framework(framework: Any) -> str:
    """The framework as a file ``parse_framework`` reads back: one indicator per line."""
    doc = {
        "format": FORMAT,
        "authority": framework.authority.slug,
        "title": framework.title,
        "version": framework.version,
        "source": framework.source,
        "date": framework.published.isoformat(),
        "consent_guidance": framework.consent_guidance,
        "equality_guidance": framework.equality_guidance,
        "levels": [
            {"number": level.number, **{f: getattr(level, f) for f in LEVEL_TEXT_FIELDS}}
            for level in framework.levels.order_by("number")
        ],
        "domains": [
            {"name": domain.name, "areas": [area.name for area in domain.areas.all()]}
            for domain in framework.domains.prefetch_related("areas")
        ],
    }
    indicators = [
        {
            "level": indicator.level,
            "domain": indicator.area.domain.name,
            "area": indicator.area.name,
            "text": indicator.text,
        }
        for indicator in _indicators(framework)
    ]
    head = json.dumps(doc, indent=2, ensure_ascii=False)
    lines = ",\n".join("    " + json.dumps(i, ensure_ascii=False) for i in indicators)
    return head[:-2] + ',\n  "indicators": [\n' + lines + "\n  ]\n}\n"


def _indicators(framework: Any) -> Any:
    from thresholds.models import Indicator

    return (
        Indicator.objects.filter(area__domain__framework=framework)
        .select_related("area__domain")
        .order_by("level", "position", "id")
    )


def load_framework(data: dict[str, Any], *, authority: Any, models: Any) -> Any:
    """Create a framework (made current) from checked data. ``models`` gives the classes, so a
    data migration can pass its historical models. The caller holds the transaction."""
    Framework = models.Framework  # noqa: N806
    models.Framework.objects.filter(authority=authority, is_current=True).update(is_current=False)
    extra = {}
    # A data migration before the field existed passes a historical model without it.
    if "restoration_notes" in {f.name for f in Framework._meta.get_fields()}:
        extra["restoration_notes"] = "\n\n".join(data.get("notes") or [])
    framework = Framework.objects.create(
        authority=authority,
        title=data["title"],
        version=data["version"],
        source=data["source"],
        published=data["date"],
        consent_guidance=data["consent_guidance"],
        equality_guidance=data["equality_guidance"],
        is_current=True,
        **extra,
    )
    for level in data["levels"]:
        models.Level.objects.create(framework=framework, **level)
    areas = {}
    for d_pos, domain_data in enumerate(data["domains"]):
        domain = models.Domain.objects.create(
            framework=framework, name=domain_data["name"], position=d_pos
        )
        for a_pos, area_name in enumerate(domain_data["areas"]):
            areas[(domain.name, area_name)] = models.Area.objects.create(
                domain=domain, name=area_name, position=a_pos
            )
    models.Indicator.objects.bulk_create(
        models.Indicator(
            area=areas[(item["domain"], item["area"])],
            level=item["level"],
            text=item["text"],
            position=position,
        )
        for position, item in enumerate(data["indicators"])
    )
    return framework
