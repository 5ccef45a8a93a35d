"""The shape of the house (docs/architecture.md, "Growing to twelve domains"), checked on every run.

- No import cycle between Etablera's modules, counting the imports inside functions too: a cycle hidden in a
  function is still two modules that cannot be read, tested or moved one without the other.
- The shared ground (`etablera/web/`, `etablera/api/`) imports no domain and not the assembly.
- A domain's core (models, services, selectors, ...) imports no `web/` or `api/` package, and a domain's pages and
  API never import another domain's pages or API: a piece two domains need belongs in the ground or the core.
- Nothing but the project's urls imports the assembly (`etablera/urls.py`, `etablera/api_v1.py`).
- A module over 600 lines says why at its top (the words "over 600 lines" in its docstring).

The import graph is read from the source with `ast` (no import runs), so the test is quick and sees every import
that runs, also inside functions; an import under `if TYPE_CHECKING:` (for type hints only) is not counted.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import etablera

PACKAGE = Path(etablera.__file__).parent
ASSEMBLY = {"etablera.urls", "etablera.api_v1"}
GROUND = ("etablera.web", "etablera.api")
LONG = 600


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "node_modules" in path.parts:
            continue
        parts = ["etablera", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()
DOMAINS = sorted(
    name
    for name in MODULES
    if name.count(".") == 1 and name not in GROUND and (PACKAGE / name.split(".")[1] / "models.py").exists()
)


def _owner(target: str) -> str:
    """The module an imported name lives in: `etablera.housing.selectors.unit_rows` → `etablera.housing.selectors`."""
    while target not in MODULES and "." in target:
        target = target.rsplit(".", 1)[0]
    return target if target in MODULES else ""


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:`: an import for type hints only runs in no program."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            yield from (inner for branch in node.orelse for inner in [branch, *_runtime_nodes(branch)])
            continue
        yield node
        yield from _runtime_nodes(node)


def _imports(name: str, path: Path) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(_owner(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parents = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parents + ([node.module] if node.module else []))
            found.update(_owner(f"{base}.{alias.name}") for alias in node.names)
    return {target for target in found if target and target != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _is_test(name: str) -> bool:
    return ".tests" in name or name.startswith(("etablera.testing", "etablera.e2e")) or ".conftest" in name


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _domain_of(name: str) -> str:
    return next((domain for domain in DOMAINS if _within(name, domain)), "")


def _layer(name: str) -> str:
    """'web' or 'api' for a module of a domain's pages or API, '' otherwise."""
    domain = _domain_of(name)
    for layer in ("web", "api"):
        if domain and _within(name, f"{domain}.{layer}"):
            return layer
    return ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph)))

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    try:
        for module in graph:
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return cycles


def test_the_domains_are_found():
    assert {"etablera.organisation", "etablera.people", "etablera.access", "etablera.reception"} <= set(
        DOMAINS
    )
    assert "etablera.housing" in DOMAINS and "etablera.web" not in DOMAINS


def test_no_import_cycle():
    assert _cycles(GRAPH) == []


def test_the_ground_imports_no_domain_and_not_the_assembly():
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if any(_within(name, ground) for ground in GROUND) and not _is_test(name)
        for target in targets
        if _domain_of(target) or target in ASSEMBLY
    ]
    assert wrong == []


def test_a_domain_core_imports_no_pages_or_api():
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if _domain_of(name) and not _layer(name) and not _is_test(name)
        for target in targets
        if _layer(target) or any(_within(target, ground) for ground in GROUND)
    ]
    assert wrong == []


def test_no_domain_imports_another_domains_pages_or_api():
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if not _is_test(name)
        for target in targets
        if _layer(target) and _domain_of(name) and _domain_of(name) != _domain_of(target)
    ]
    assert wrong == []


def test_only_the_urls_import_the_assembly():
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name not in ASSEMBLY and not _is_test(name)
        for target in targets
        if target in ASSEMBLY
    ]
    assert wrong == []


def test_a_long_module_says_why_at_its_top():
    unexplained = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if "migrations" in path.parts or text.count("\n") <= LONG:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if f"over {LONG} lines" not in docstring.lower():
            unexplained.append(f"{name}: {text.count(chr(10))} lines")
    assert unexplained == []
