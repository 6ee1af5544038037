"""Every public function and method in das/ says what it does in a docstring.

Public: a module-level function or a method of a module-level class, whose name and class name do not start
with "_". Not counted: typer command functions in das/commands (their docstring is their --help, and
test_cli_calc checks they have one), members a dataclass generates (never written in the source), and
functions nested inside other functions."""

from __future__ import annotations

import ast
from pathlib import Path

DAS = Path(__file__).resolve().parent.parent / "das"


def _is_typer_call(node: ast.AST) -> bool:
    """`typer.Option(...)` / `typer.Argument(...)` (or the bare names when imported from typer)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in {"Option", "Argument"}


def _is_typer_command(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Decorated with `<app>.command(...)`/`<app>.callback(...)`, or taking typer options/arguments
    (the commands cli.py registers with `app.command("name")(function)`)."""
    for decorator in func.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in {"command", "callback"}:
            return True
    defaults = func.args.defaults + [d for d in func.args.kw_defaults if d is not None]
    return any(_is_typer_call(d) for d in defaults)


def missing_docstrings(source: str, module: str, commands_module: bool = False) -> list[str]:
    """`module:line name` (or `Class.name`) for each public function or method of `source` with no docstring."""
    tree = ast.parse(source)
    missing: list[str] = []

    def check(func: ast.AST, qualname: str) -> None:
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or func.name.startswith("_"):
            return
        if commands_module and _is_typer_command(func):
            return
        if ast.get_docstring(func) is None:
            missing.append(f"{module}:{func.lineno} {qualname}{func.name}")

    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            if not node.name.startswith("_"):
                for member in node.body:
                    check(member, node.name + ".")
        else:
            check(node, "")
    return missing


def all_missing() -> list[str]:
    missing: list[str] = []
    for path in sorted(DAS.rglob("*.py")):
        rel = path.relative_to(DAS.parent).as_posix()
        missing += missing_docstrings(path.read_text(encoding="utf-8"), rel, rel.startswith("das/commands/"))
    return missing


def test_every_public_function_and_method_has_a_docstring():
    missing = all_missing()
    assert not missing, f"{len(missing)} public functions/methods without a docstring:\n" + "\n".join(missing)


def test_the_walk_finds_what_is_missing_and_skips_what_is_exempt():
    source = '''
import typer
from dataclasses import dataclass

def bare(x): return x
def told(x):
    """Says what."""
def _private(): pass

@dataclass
class Point:
    x: int
    def norm(self): return abs(self.x)
    def _helper(self): pass

class _Hidden:
    def shown(self): pass

def outer():
    """Has one."""
    def inner(): pass

@app.command("go")
def go(): pass

def registered(n: int = typer.Option(1, "--n")): pass
'''
    assert missing_docstrings(source, "m.py") == ["m.py:5 bare", "m.py:13 Point.norm", "m.py:24 go", "m.py:26 registered"]
    assert missing_docstrings(source, "m.py", commands_module=True) == ["m.py:5 bare", "m.py:13 Point.norm"]
