"""Services, selectors and rules take real types (decision 20): a parameter typed ``Any``
hides what a caller must pass. The one ``Any`` allowed is a value of ``dict[str, Any]``
(form data, JSON bodies, audit change records), whose values are of many kinds."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("referral_portal", "contacts", "thresholds", "requests")


def _modules() -> list[Path]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path.name in ("services.py", "selectors.py", "rules.py") or path.name.endswith(
                "_rules.py"
            ):
                found.append(path)
    return found


def _bare_any(annotation: ast.expr) -> bool:
    """An ``Any`` in the annotation other than as the value type of ``dict[str, Any]``."""
    allowed: set[int] = set()
    for node in ast.walk(annotation):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "dict"
            and isinstance(node.slice, ast.Tuple)
            and len(node.slice.elts) == 2
            and isinstance(node.slice.elts[0], ast.Name)
            and node.slice.elts[0].id == "str"
        ):
            allowed.add(id(node.slice.elts[1]))
    return any(
        isinstance(node, ast.Name) and node.id == "Any" and id(node) not in allowed
        for node in ast.walk(annotation)
    )


def _offenders(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        a = node.args
        params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(p for p in (a.vararg, a.kwarg) if p)]
        for param in params:
            if param.annotation is not None and _bare_any(param.annotation):
                where = path.relative_to(root)
                found.append(f"{where}:{node.lineno} {node.name}({param.arg})")
    return found


def test_the_check_finds_an_any_parameter_and_allows_a_json_dict(tmp_path: Path) -> None:
    module = tmp_path / "services.py"
    module.write_text(
        "def a(*, user: Any, data: dict[str, Any]) -> None: ...\n"
        "def b(*values: list[Any], **more: Any) -> None: ...\n"
        "def c(*, data: dict[str, Any] | None, rows: list[dict[str, Any]]) -> None: ...\n"
    )
    assert [line.split(" ", 1)[1] for line in _offenders(module, tmp_path)] == [
        "a(user)",
        "b(values)",
        "b(more)",
    ]


def test_no_service_selector_or_rule_takes_an_any_parameter() -> None:
    modules = _modules()
    assert len(modules) > 20, "the services, selectors and rules modules were not found"
    offenders = [o for path in modules for o in _offenders(path)]
    assert offenders == [], "typed as Any (give them a real type):\n" + "\n".join(offenders)
