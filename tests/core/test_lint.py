"""The code follows the project's ruff configuration (apps/syndic_maroc/pyproject.toml: Frappe's
style, tabs): lint rules and formatting, on the app, the tests, the scripts and the benchmarks."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "apps" / "syndic_maroc" / "pyproject.toml"
PATHS = ["apps/syndic_maroc/syndic_maroc", "tests", "scripts", "benchmarks"]


def ruff() -> list[str]:
	try:
		import ruff as _ruff  # the wheel ships the binary
	except ImportError:
		if not shutil.which("ruff"):
			pytest.skip("ruff is not installed (requirements-test.txt)")
		return ["ruff"]
	return [sys.executable, "-m", "ruff"]


def run(*args: str) -> subprocess.CompletedProcess:
	return subprocess.run(
		[*ruff(), *args, "--config", str(CONFIG), *PATHS],
		cwd=REPO,
		capture_output=True,
		text=True,
		timeout=300,
	)


def test_ruff_check():
	done = run("check", "--no-cache", "--output-format", "concise")
	assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_ruff_format():
	done = run("format", "--check", "--no-cache")
	assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
