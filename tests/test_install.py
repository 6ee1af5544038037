"""A real, non-editable install of das into a fresh virtual environment, run from another directory.

This proves the wheel carries its content (notes, questions, rules) and that the console script works
with no source checkout in sight. The new venv sees this environment's packages for the dependencies,
so the test needs no network beyond building the wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def installed_das(tmp_path_factory) -> Path:
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not running from a source checkout")
    base = tmp_path_factory.mktemp("install")
    wheel_dir = base / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr
    env_dir = base / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    wheel = next(wheel_dir.glob("*.whl"))
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    return env_dir / "bin" / "das"


def run_das(das: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DAS_HOME=str(cwd / "home"))
    env.pop("DAS_CONTENT", None)
    return subprocess.run([str(das), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_installed_calc_answers_from_any_directory(installed_das, tmp_path):
    result = run_das(installed_das, "calc", "wcu", "--items", "6", "--size", "4.5", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["wcu"] == 30


def test_installed_package_ships_its_content(installed_das, tmp_path):
    python = installed_das.with_name("python")
    probe = subprocess.run(
        [str(python), "-c", "import das.paths as p; print(p.builtin_content_dir())"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    content = Path(probe.stdout.strip())
    assert "site-packages" in str(content), content
    assert (content / "rules.yaml").is_file()


def test_installed_bad_input_is_one_line(installed_das, tmp_path):
    result = run_das(installed_das, "calc", "wcu", "--items", "6", "--size", "999", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_python_dash_m_das_works(installed_das, tmp_path):
    python = installed_das.with_name("python")
    result = subprocess.run([str(python), "-m", "das", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and "calc" in result.stdout
