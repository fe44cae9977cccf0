"""The shape of the code, held by tests (style.md, "Facts flow one way"; docs/adr/0013).

- No import hides inside a function: a circle between domains cannot be dodged.
- The law as code (the release-day rules, the working-day calendar, the touchpoint catalogue) is pure: it
  imports nothing but itself and constants, and any domain may read it.
- Otherwise the domains' own modules (models, services, selectors...) import one way only: a domain
  builds on the ones below it, and tells the ones above what changed through onward/events.py.
  Pages, forms, the API, templates tags, admin, demo loaders and commands sit on top and may compose
  several domains.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The law as code: pure modules every domain may read.
RULES = {
    "onward.journey.release_days",
    "onward.journey.calendar",
    "onward.journey.touchpoints",
    "onward.journey.constants",
}
# Modules that present or load a domain rather than keep its facts: they may compose several domains.
PRESENTATION = {"views", "forms", "api", "urls", "admin", "apps", "demo", "templatetags", "management"}


def _modules():
    for path in sorted((ROOT / "onward").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        yield ".".join(parts).removesuffix(".__init__"), parts, ast.parse(path.read_text(), filename=str(path))


def _imported(node):
    if isinstance(node, ast.ImportFrom):
        return [node.module] if node.module else []
    return [alias.name for alias in node.names]


def test_no_import_hides_inside_a_function():
    hidden = []
    for name, _parts, tree in _modules():
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                hidden += [
                    f"{name}:{node.lineno} {', '.join(_imported(node))}"
                    for node in ast.walk(function)
                    if isinstance(node, (ast.Import, ast.ImportFrom))
                ]
    assert hidden == []


def test_the_rules_are_pure():
    """No database, no clock, no other domain: the rules read plain values (constants' TextChoices aside)."""
    allowed = RULES | {"onward.accounts.constants", "onward.estate.constants"}
    for name, _parts, tree in _modules():
        if name not in RULES:
            continue
        imported = [m for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom)) for m in _imported(node)]
        assert [m for m in imported if m.startswith("onward") and m not in allowed] == [], name
        if not name.endswith(".constants"):
            assert not [m for m in imported if m.startswith("django.db")], name


def _domain_graph():
    edges, where = defaultdict(set), defaultdict(list)
    for name, parts, tree in _modules():
        if len(parts) < 3 or "tests" in parts or set(parts[2:]) & PRESENTATION:
            continue
        app = parts[1]
        for node in tree.body:
            for module in (
                (m for m in _imported(node) if m.startswith("onward."))
                if isinstance(node, (ast.Import, ast.ImportFrom))
                else ()
            ):
                other = module.split(".")[1]
                if other != app and module not in RULES and module.count(".") >= 2:
                    edges[app].add(other)
                    where[app, other].append(f"{name} imports {module}")
    return edges, where


def test_domains_import_one_way_only():
    edges, where = _domain_graph()

    def reaches(start, goal):
        seen, stack = set(), [start]
        while stack:
            for nxt in edges[stack.pop()]:
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    circles = [
        f"{app} <-> {other}: {where[app, other][0]}"
        for app in sorted(edges)
        for other in sorted(edges[app])
        if reaches(other, app)
    ]
    assert circles == []


def test_cases_knows_nothing_of_the_domains_that_build_on_it():
    edges, _where = _domain_graph()
    assert not edges["cases"] & {"journey", "readiness", "handover", "employment", "partnerships", "insights", "feed"}
    assert not edges["journey"] & {"readiness", "handover", "employment", "partnerships", "insights"}
