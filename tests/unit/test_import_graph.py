"""The product's import graph holds neither the GitHub stand-in nor what only it needs.

``releasegate_standin`` ships beside ``releasegate`` in the same distribution, with its
dependencies (graphql-core), but the product must not load it: a command imports none of it,
and no product module imports it except ``releasegate demo``, inside the function that runs
the demo.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ROOT / "src" / "releasegate"

# What `releasegate validate` must not import (a module, or anything inside it).
FORBIDDEN: tuple[str, ...] = (
    "releasegate_standin",
    "graphql",
    "releasegate.testing",
    "httpx",
    "github",  # PyGithub
    "requests",
    "releasegate.fetchers",
)
# What only the stand-in imports; a product module may import it only where allowed below.
STANDIN_ONLY: tuple[str, ...] = ("releasegate_standin", "graphql")
# (product module, function) that may import the stand-in when called: the demo runs it.
LAZY_IMPORTERS = {("releasegate.demo", "run_demo")}


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def imported_by(*args: str) -> list[str]:
    """Every module ``python -X importtime -m releasegate ARGS`` imports, in order."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "releasegate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # import time:       123 |        456 |     releasegate.cli
    rows = [line.split("|") for line in run.stderr.splitlines() if line.startswith("import time:")]
    return [row[2].strip() for row in rows if row[0].split(":")[1].strip().isdigit()]


def test_validate_imports_neither_the_stand_in_nor_graphql_core() -> None:
    modules = imported_by("validate", "policies/pr.yml")
    assert "releasegate.cli" in modules, modules  # the parse sees the product itself
    assert [module for module in modules if _within(module, FORBIDDEN)] == []


def _module_name(path: Path, product: Path) -> str:
    parts = path.relative_to(product.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        return [node.module or ""]
    package = module if is_package else module.rpartition(".")[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return [f"{base}.{node.module}" if node.module else base]


def standin_imports(path: Path, product: Path = PRODUCT) -> list[tuple[str, str | None, str]]:
    """``(module, enclosing function or None, imported)`` for each import of ``STANDIN_ONLY``."""
    module = _module_name(path, product)
    found: list[tuple[str, str | None, str]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child.name)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                names = _imported(child, module, path.name == "__init__.py")
                found.extend((module, function, n) for n in names if _within(n, STANDIN_ONLY))
            visit(child, function)

    visit(ast.parse(path.read_text("utf-8")), None)
    return found


def test_no_product_module_imports_the_stand_in_but_the_demo_when_it_runs() -> None:
    found = [entry for path in sorted(PRODUCT.rglob("*.py")) for entry in standin_imports(path)]
    assert found, "the scan sees no import of the stand-in: not even the demo's"
    offenders = [
        f"{module} imports {imported}" + (f" in {function}()" if function else " at module level")
        for module, function, imported in found
        if (module, function) not in LAZY_IMPORTERS
    ]
    assert offenders == []
    assert {(module, function) for module, function, _ in found} == LAZY_IMPORTERS


def test_the_scan_finds_module_level_and_function_level_imports(tmp_path: Path) -> None:
    package = tmp_path / "releasegate" / "fake"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "import graphql\n"
        "from releasegate_standin.server import StandIn\n"
        "if True:\n"
        "    from releasegate_standin import Fault\n"
        "class Holder:\n"
        "    import releasegate_standin.wire\n"
        "def run():\n"
        "    from releasegate_standin import StandIn\n"
        "    def inner():\n"
        "        import graphql.language\n"
        "from . import helpers\n"
        "import httpx\n"
    )
    assert standin_imports(package / "__init__.py", tmp_path / "releasegate") == [
        ("releasegate.fake", None, "graphql"),
        ("releasegate.fake", None, "releasegate_standin.server"),
        ("releasegate.fake", None, "releasegate_standin"),
        ("releasegate.fake", None, "releasegate_standin.wire"),
        ("releasegate.fake", "run", "releasegate_standin"),
        ("releasegate.fake", "run", "graphql.language"),
    ]
