"""Every JavaScript file of the app parses (`node --check`): a syntax error in a form script
breaks the whole form in the desk. Skipped where Node.js is not installed (the bench has it:
Frappe builds its assets with it). Style (prettier, eslint) runs in .pre-commit-config.yaml."""

import shutil
import subprocess
from pathlib import Path

import pytest
import syndic_maroc

APP = Path(syndic_maroc.__file__).parent
SKIP = ("node_modules", "dist")


def js_files() -> list[Path]:
	return sorted(p for p in APP.rglob("*.js") if not any(part in SKIP for part in p.parts))


def test_every_app_script_parses():
	node = shutil.which("node") or shutil.which("nodejs")
	if not node:
		pytest.skip("Node.js is not installed")
	files = js_files()
	assert len(files) >= 10
	errors = {}
	for path in files:
		done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)
		if done.returncode:
			errors[str(path.relative_to(APP))] = done.stderr.strip().splitlines()[-5:]
	assert errors == {}


def test_a_syntax_error_is_caught(tmp_path):
	"""The check itself fails on a broken script (so a pass above means something)."""
	node = shutil.which("node") or shutil.which("nodejs")
	if not node:
		pytest.skip("Node.js is not installed")
	broken = tmp_path / "broken.js"
	broken.write_text('frappe.ui.form.on("Residence", { refresh(frm) { frm.add_custom_button( } });\n')
	done = subprocess.run([node, "--check", str(broken)], capture_output=True, text=True, timeout=60)
	assert done.returncode != 0 and "SyntaxError" in done.stderr
