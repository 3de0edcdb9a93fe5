"""logs/services.log is capped (issue 10): scripts/rotating_log.py, run as start.sh runs it."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "rotating_log.py"


def test_the_services_log_never_passes_its_cap_and_keeps_the_latest_lines(tmp_path):
	log = tmp_path / "services.log"
	lines = [f"12:00:00 web.1 | GET /mon-espace {i:06d} 200\n".encode() for i in range(5000)]
	env = dict(os.environ, SYNDIC_LOG_MAX_BYTES="20000", SYNDIC_LOG_KEEP="3")
	subprocess.run([sys.executable, str(SCRIPT), str(log)], input=b"".join(lines), env=env, check=True)
	files = sorted(tmp_path.iterdir())
	assert [f.name for f in files] == ["services.log", "services.log.1", "services.log.2", "services.log.3"]
	assert all(f.stat().st_size <= 20000 for f in files)
	# newest last: .3, .2, .1, then the live file; whole lines, in order, ending with the last one
	kept = b"".join(
		(tmp_path / n).read_bytes()
		for n in ("services.log.3", "services.log.2", "services.log.1", "services.log")
	)
	assert kept.endswith(lines[-1])
	assert kept == b"".join(lines[-kept.count(b"\n") :])


def test_it_appends_to_the_existing_log(tmp_path):
	log = tmp_path / "services.log"
	log.write_bytes(b"before\n")
	subprocess.run([sys.executable, str(SCRIPT), str(log)], input=b"after\n", check=True)
	assert log.read_bytes() == b"before\nafter\n"
