"""The layers stay one-way (import-linter contracts in pyproject.toml) and no module import circle exists,
lazy imports included. docs/architecture.md explains the layers."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(monkeypatch, capsys):
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not running from a source checkout")
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every import circle between das modules (one representative path per circle)."""
    modules = sorted(m for m in graph.modules if m.startswith("das"))
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            if not target.startswith("das"):
                continue
            if state.get(target) == 1:
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in modules:
        if module not in state:
            visit(module)
    return found


def test_no_import_circle_between_modules():
    graph = grimp.build_graph("das", cache_dir=None)
    # a package's __init__ importing nothing keeps this honest: circles are between real modules
    assert _cycles(graph) == []


def test_every_module_is_at_most_400_lines():
    import das

    package = Path(das.__file__).parent
    long = {str(p.relative_to(package)): n for p in package.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_no_dead_code():
    """vulture finds nothing unused; names only a framework or a test reads are in vulture_allowlist.py."""
    import subprocess
    import sys

    import das

    package = Path(das.__file__).parent
    result = subprocess.run([sys.executable, "-m", "vulture", str(package), str(Path(__file__).with_name("vulture_allowlist.py")),
                             "--min-confidence", "60"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_logic_layers_type_check():
    """mypy passes on the layers without UI: content, calc, practice and store."""
    import subprocess
    import sys

    import das

    package = Path(das.__file__).parent
    targets = [str(package / layer) for layer in ("content", "calc", "practice", "store")]
    result = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-incremental",
                             "--cache-dir", "/dev/null", *targets], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
