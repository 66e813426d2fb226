"""Templates ask permissions by name; a typo or an inline role test must fail here, not in use.

Every `{% can "app.verb_object" … %}` must resolve to a `can_verb_object` function, and no
template may decide access itself by comparing a role or a status.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from core.permissions import resolve

ROOT = Path(settings.BASE_DIR)
CAN_TAG = re.compile(r"""{%\s*can\s+["']([^"']+)["']""")

# Role and status decisions written into a template instead of asked of a can_* function.
INLINE_RULES = {
    "role attribute": re.compile(r"\.role\b"),
    "coordinator flag": re.compile(r"\bis_coordinator\b"),
    "status comparison": re.compile(r"\bstatus\s*[!=]=|[!=]=\s*[\w.]*\.status\b"),
    "staff flag": re.compile(r"\bis_staff\b|\bis_superuser\b"),
    "role name": re.compile(r"""[!=]=\s*["'](coordinator|participant|expert)["']"""),
}

# (template, rule) pairs still waiting for their owners; each entry must still be needed.
ALLOWED = {
    # The "waiting for approval" and "rejected" badges of posts and threads: display only,
    # in forums templates another branch reworks.
    ("forums/templates/forums/partials/_post.html", "status comparison"),
    ("forums/templates/forums/thread_list.html", "status comparison"),
}


SKIPPED_DIRS = {"bench", "static", "locale", "media", "node_modules", "scripts"}


def _project_files(suffix: str) -> list[Path]:
    """The project's own files (not the virtualenv, data or vendored assets)."""
    found = list(ROOT.glob(f"*{suffix}"))
    for top in ROOT.iterdir():
        if top.is_dir() and not top.name.startswith(".") and top.name not in SKIPPED_DIRS:
            found.extend(top.rglob(f"*{suffix}"))
    return sorted(found)


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    for app_dir in ROOT.iterdir():
        templates = app_dir / "templates"
        if app_dir.name.startswith(".") or not templates.is_dir():
            continue
        found.extend(templates.rglob("*.html"))
    return sorted(found)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _permission_names() -> list[tuple[str, str]]:
    return [
        (_name(path), rule)
        for path in _templates()
        for rule in CAN_TAG.findall(path.read_text(encoding="utf-8"))
    ]


def test_templates_are_found():
    names = {_name(path) for path in _templates()}
    assert "templates/base.html" in names
    assert "resources/templates/resources/resource_detail.html" in names
    assert len(_permission_names()) > 20


@pytest.mark.parametrize(("template", "rule"), _permission_names())
def test_every_permission_a_template_asks_exists(template, rule):
    check = resolve(rule)
    assert callable(check), f"{template}: {rule}"
    assert check.__name__.startswith("can_")
    assert check.__doc__, f"{rule} has no docstring stating its rule"


def test_a_misspelt_permission_name_fails():
    with pytest.raises(AttributeError):
        resolve("networks.manage_netwrok")
    with pytest.raises(ValueError):
        resolve("manage_network")


def _inline_rules() -> set[tuple[str, str]]:
    found = set()
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for label, pattern in INLINE_RULES.items():
            if pattern.search(text):
                found.add((_name(path), label))
    return found


def test_no_template_compares_roles_or_statuses():
    unexpected = sorted(_inline_rules() - ALLOWED)
    assert not unexpected, (
        f"Ask a can_* function with {{% can %}} instead of testing a role or status: {unexpected}"
    )


def test_every_allowed_exception_is_still_needed():
    assert not sorted(ALLOWED - _inline_rules()), "remove the entries that are fixed"


# Python code asks "is coordinator" and "who coordinates" of networks.permissions only.
COORDINATOR_TESTS = re.compile(
    r"memberships__role|role\s*==\s*Role\.COORDINATOR|filter\([^)]*role=Role\.COORDINATOR"
    r"|\.is_coordinator\b"
)


def test_the_coordinator_role_is_tested_in_one_place():
    offenders = []
    for path in _project_files(".py"):
        relative = _name(path)
        if "/tests/" in relative or relative.startswith("tests/"):
            continue
        if "/migrations/" in relative or relative == "networks/permissions.py":
            continue
        if COORDINATOR_TESTS.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert not offenders, f"use networks.permissions (is_coordinator, coordinators_of): {offenders}"


def test_no_permission_function_is_left_unused():
    """A can_* function nobody calls is a rule the code re-implements somewhere else."""
    rules = {module: module.read_text(encoding="utf-8") for module in ROOT.glob("*/permissions.py")}
    callers = "\n".join(
        path.read_text(encoding="utf-8")
        for path in _project_files(".py") + _project_files(".html")
        if "/tests/" not in _name(path) and path.name != "permissions.py"
    )
    siblings = "\n".join(rules.values())
    unused = []
    for module, text in rules.items():
        app = module.parent.name
        for name in re.findall(r"^def (can_\w+)", text, re.M):
            called = name in callers or f'"{app}.{name[4:]}"' in callers
            # A sibling rule built on it counts as a use.
            built_on = re.search(rf"(?<!def )\b{name}\(", siblings)
            if not called and not built_on:
                unused.append(f"{app}.{name}")
    assert not unused, unused
