"""scripts/supervise.sh, the restart loop every Procfile process runs under (issue 10): a process
that dies is started again within seconds; a TERM to the wrapper (honcho, stop.sh) ends both."""

import os
import signal
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SUPERVISE = REPO / "scripts" / "supervise.sh"


def _child_of(pid: int) -> int | None:
	out = subprocess.run(
		["pgrep", "-P", str(pid)], check=False, capture_output=True, text=True
	).stdout.split()
	# the wrapper's own `sleep` between restarts is a child too: the service is the long sleep
	for child in out:
		cmd = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
		if cmd[:2] == [b"sleep", b"300"]:
			return int(child)
	return None


def _wait_child(pid: int, not_pid: int | None = None, timeout: float = 10) -> int:
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		child = _child_of(pid)
		if child and child != not_pid:
			return child
		time.sleep(0.1)
	raise AssertionError(f"no (new) service process under the wrapper {pid} after {timeout}s")


def test_a_killed_process_is_started_again_and_term_ends_both():
	wrapper = subprocess.Popen(
		["bash", str(SUPERVISE), "demo", "sleep", "300"],
		stdout=subprocess.PIPE,
		stderr=subprocess.PIPE,
		text=True,
	)
	try:
		first = _wait_child(wrapper.pid)
		os.kill(first, signal.SIGKILL)  # a crash, an OOM kill
		t0 = time.monotonic()
		second = _wait_child(wrapper.pid, not_pid=first)
		assert second != first
		assert time.monotonic() - t0 < 5
		# it crashes again at once: still restarted (backoff doubles, capped)
		os.kill(second, signal.SIGKILL)
		third = _wait_child(wrapper.pid, not_pid=second)
		wrapper.send_signal(signal.SIGTERM)
		wrapper.wait(timeout=10)
		assert wrapper.returncode == 0
		time.sleep(0.2)
		assert not Path(f"/proc/{third}").exists() or b"zombie" in Path(f"/proc/{third}/status").read_bytes()
		err = wrapper.stderr.read()
		assert err.count("supervise: demo exited") == 2, err
	finally:
		if wrapper.poll() is None:
			wrapper.kill()
