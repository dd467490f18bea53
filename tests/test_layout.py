"""The layout's two rules, checked on the source (docs/architecture.md):

1. Imports go down the stack programs → clients → clinic, never up.
2. Product code never imports demo/bench code (``clinic/seed/``, ``clinic/bench/`` and
   the commands that run them); that code may import anything.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"clinic": 0, "clients": 1, "programs": 2}
TOOLING_PACKAGES = ("clinic.seed", "clinic.bench")
TOOLING_COMMANDS = {
    "clinic.management.commands.seed_demo",
    "clinic.management.commands.seed_bench",
    "clinic.management.commands.run_bench",
}


def is_tooling(module: str) -> bool:
    return module in TOOLING_COMMANDS or any(
        module == package or module.startswith(package + ".") for package in TOOLING_PACKAGES
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, module: str) -> list[tuple[int, list[str]]]:
    """Each import statement of ``path`` (at any depth: function-level imports count too),
    with the modules it may load: ``from a import b`` may load ``a`` and ``a.b``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, [alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append((node.lineno, [base, *(f"{base}.{alias.name}" for alias in node.names)]))
    return found


def violations(sources: dict[str, tuple[Path, str]] | None = None) -> list[str]:
    """``module: line: what is wrong`` for every import that breaks a rule."""
    if sources is None:
        sources = {
            module_name(path): (path, module_name(path))
            for app in LAYERS
            for path in sorted((ROOT / app).rglob("*.py"))
        }
    problems = []
    for module, (path, _) in sorted(sources.items()):
        app = module.split(".")[0]
        if is_tooling(module):
            continue
        for line, targets in imported_names(path, module):
            for target in targets:
                target_app = target.split(".")[0]
                if target_app not in LAYERS:
                    continue
                if is_tooling(target):
                    problem = f"product code imports demo/bench code {target}"
                elif LAYERS[target_app] > LAYERS[app]:
                    problem = f"{app} imports {target} from a higher layer"
                else:
                    continue
                problems.append(f"{module}:{line}: {problem}")
                break  # one message per import statement
    return problems


def test_no_import_goes_up_the_stack_or_into_seed_and_bench_code():
    assert violations() == []


def test_the_import_check_catches_an_upward_import_and_a_bench_import(tmp_path):
    upward = tmp_path / "upward.py"
    upward.write_text("def f():\n    from programs.models import Exercise\n")
    into_bench = tmp_path / "into_bench.py"
    into_bench.write_text("from clinic.seed.demo import staff\n")
    relative = tmp_path / "relative.py"
    relative.write_text("from ..bench import base\n")
    sideways = tmp_path / "sideways.py"
    sideways.write_text("from clinic.models import User\nfrom clients import services\n")
    tooling = tmp_path / "tooling.py"
    tooling.write_text("from programs.models import Exercise\n")
    found = violations(
        {
            "clinic.views": (upward, "clinic.views"),
            "clients.services": (into_bench, "clients.services"),
            "clinic.security.views": (relative, "clinic.security.views"),
            "clients.views.clients": (sideways, "clients.views.clients"),
            "clinic.seed.demo.programs": (tooling, "clinic.seed.demo.programs"),
        }
    )
    assert found == [
        "clients.services:1: product code imports demo/bench code clinic.seed.demo",
        "clinic.security.views:1: product code imports demo/bench code clinic.bench",
        "clinic.views:2: clinic imports programs.models from a higher layer",
    ]


def _modules_loaded_by(code: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter  # nosec B603
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "clinic.settings"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


LOADED = "import json, sys; print(json.dumps(sorted(sys.modules)))"


def test_importing_the_settings_loads_no_bench_or_seed_code():
    loaded = _modules_loaded_by("import clinic.settings; " + LOADED)
    assert "clinic.settings" in loaded
    assert [name for name in loaded if is_tooling(name)] == []


def test_starting_the_project_and_its_urls_loads_no_bench_or_seed_code():
    loaded = _modules_loaded_by("import django; django.setup(); import clinic.urls; " + LOADED)
    assert "programs.portal.views" in loaded  # the whole URL tree was imported
    assert [name for name in loaded if is_tooling(name)] == []
