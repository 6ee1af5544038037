"""A real, non-editable install of das into a fresh virtual environment, run from another directory.

This proves the wheel carries its content (notes, questions, rules) and that the console script works
with no source checkout in sight. The new venv does not see the system interpreter's packages: a `.pth`
file names the site-packages of the environment running the tests, so das's dependencies come from where
`pip install ".[test]"` put them, whatever the system Python holds, and the test needs no network beyond
building the wheel. das itself comes from the wheel, which sits earlier on `sys.path` than that folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
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
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)  # this pip installs into it
    python = env_dir / "bin" / "python"
    nested_site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())
    running = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    # Plain path lines: the running environment's own .pth files (an editable das among them) are not run.
    (nested_site / "zz_running_env.pth").write_text("".join(f"{p}\n" for p in sorted(running)))
    wheel = next(wheel_dir.glob("*.whl"))
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--force-reinstall",
         str(wheel)],
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
    env_dir = installed_das.parent.parent
    assert content.is_relative_to(env_dir), f"content came from {content}, not the installed wheel"
    assert (content / "rules.yaml").is_file()
    assert any((content / "questions").glob("*.yaml")) and any((content / "notes").glob("*.yaml"))


def test_installed_das_is_the_wheel_not_the_checkout(installed_das, tmp_path):
    python = installed_das.with_name("python")
    probe = subprocess.run([str(python), "-c", "import das; print(das.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True)
    assert Path(probe.stdout.strip()).is_relative_to(installed_das.parent.parent)


def test_installed_quiz_asks_a_shipped_question(installed_das, tmp_path):
    result = run_das(installed_das, "quiz", "--plain", "--count", "1", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Question 1 of 1" in result.stdout and "\n  d) " in result.stdout


def test_installed_bad_input_is_one_line(installed_das, tmp_path):
    result = run_das(installed_das, "calc", "wcu", "--items", "6", "--size", "999", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_python_dash_m_das_works(installed_das, tmp_path):
    python = installed_das.with_name("python")
    result = subprocess.run([str(python), "-m", "das", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and "calc" in result.stdout
