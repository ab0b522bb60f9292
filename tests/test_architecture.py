"""The package's shape, checked from its source: no private imports across modules, no import
cycles, no long functions, and the layout docs/architecture.md describes."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lmplanner"
MAX_FUNCTION_LINES = 80

# Parts of the package each rule covers: all of it (migrations aside, see _checked).
CHECKED = ("lmplanner/",)


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    is_package: bool
    # (line, imported module, names) of every import, with a flag for TYPE_CHECKING blocks
    imports: list[tuple[int, str, tuple[str, ...], bool]] = field(default_factory=list)


def _module_name(root: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk_imports(node: ast.AST, in_type_checking: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for inner in child.body:
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner, True
                yield from _walk_imports(inner, True)
            for inner in child.orelse:
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner, in_type_checking
                yield from _walk_imports(inner, in_type_checking)
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_type_checking
        yield from _walk_imports(child, in_type_checking)


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    if not module.is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, node.module] if node.module else base)


def load_modules(root: Path = ROOT, package: str = "lmplanner") -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for path in sorted((root / package).rglob("*.py")):
        name, is_package = _module_name(root, path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        modules[name] = Module(name, path, tree, is_package)
    for module in modules.values():
        for node, type_only in _walk_imports(module.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    module.imports.append((node.lineno, alias.name, (), type_only))
            elif isinstance(node, ast.ImportFrom):
                target = _absolute(module, node)
                names = tuple(alias.name for alias in node.names)
                module.imports.append((node.lineno, target, names, type_only))
    return modules


MODULES = load_modules()


def _relative(module: Module) -> str:
    parts = module.name.split(".")
    tail = "/__init__.py" if module.is_package else ".py"
    return "/".join(parts) + tail


def _checked(module: Module) -> bool:
    relative = _relative(module)
    return relative.startswith(CHECKED) and "/migrations/" not in relative


def _edges(module: Module, modules: dict[str, Module]) -> Iterator[tuple[int, str, bool]]:
    """The package modules one module imports: `from pkg import sub` names the submodule."""
    for line, target, names, type_only in module.imports:
        if not target.startswith("lmplanner"):
            continue
        submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
        if submodules:
            for sub in submodules:
                yield line, sub, type_only
            if len(submodules) == len(names):
                continue
        if target in modules:
            yield line, target, type_only


def private_imports(modules: dict[str, Module]) -> list[str]:
    found = []
    for module in modules.values():
        if not _checked(module):
            continue
        for line, target, names, _ in module.imports:
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            private += [
                part
                for part in target.split(".")
                if part.startswith("_") and not part.startswith("__")
            ]
            if private:
                found.append(f"{_relative(module)}:{line} imports {private} from {target}")
    return found


def test_no_private_name_is_imported_from_another_module() -> None:
    found = private_imports(MODULES)
    assert not found, "\n".join(found)


def import_cycles(modules: dict[str, Module]) -> list[list[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module in modules.values():
        for _, target, type_only in _edges(module, modules):
            if not type_only and target != module.name:
                graph[module.name].add(target)
    # Tarjan's strongly connected components, iteratively.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    checked = {m.name for m in modules.values() if _checked(m)}
    return [c for c in components if checked.intersection(c)]


def test_no_import_cycles() -> None:
    cycles = import_cycles(MODULES)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def long_functions(modules: dict[str, Module]) -> list[str]:
    long = []
    for module in modules.values():
        if not _checked(module):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    where = f"{_relative(module)}:{node.lineno}"
                    long.append(f"{where} {node.name}: {length} lines")
    return long


def test_no_function_is_longer_than_80_lines() -> None:
    long = long_functions(MODULES)
    assert not long, "\n".join(long)


def test_the_checks_fail_on_a_package_that_breaks_them(tmp_path: Path) -> None:
    """Each rule above is only worth something if it can fail: feed it a package that breaks it."""
    core = tmp_path / "lmplanner" / "core"
    core.mkdir(parents=True)
    (tmp_path / "lmplanner" / "__init__.py").write_text("")
    (core / "__init__.py").write_text("")
    (core / "words.py").write_text(
        "from lmplanner.core import rules\n_hidden = 1\n\ndef _(text):\n    return text\n"
    )
    (core / "rules.py").write_text(
        "from lmplanner.core.words import _, _hidden\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from lmplanner.core import typed\n"
        "def long():\n" + "    x = 1\n" * 85
    )
    (core / "typed.py").write_text("from lmplanner.core import rules\n")
    modules = load_modules(tmp_path)
    assert private_imports(modules) == [
        "lmplanner/core/rules.py:1 imports ['_', '_hidden'] from lmplanner.core.words"
    ]
    assert import_cycles(modules) == [["lmplanner.core.rules", "lmplanner.core.words"]]
    assert long_functions(modules) == ["lmplanner/core/rules.py:5 long: 86 lines"]


@pytest.mark.parametrize(
    "package",
    [
        "lmplanner/core/store",
        "lmplanner/core/services",
        "lmplanner/core/balance",
        "lmplanner/core/suggest",
        "lmplanner/core/io",
        "lmplanner/core/report",
        "lmplanner/cli",
    ],
)
def test_jobs_are_packages(package: str) -> None:
    assert (ROOT / package / "__init__.py").is_file()


def test_no_prefix_named_siblings_in_core() -> None:
    banned = ("balance_", "pg", "suggest_", "service_base", "name_service", "post_queries")
    flat = [p.name for p in (PACKAGE / "core").glob("*.py") if p.name.startswith(banned)]
    assert not flat
    assert not list(PACKAGE.glob("cli_*.py"))


def test_nothing_in_the_package_trains_the_role_model() -> None:
    trainers = [
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*.py")
        if "train" in p.stem or "def train(" in p.read_text(encoding="utf-8")
    ]
    assert not trainers
