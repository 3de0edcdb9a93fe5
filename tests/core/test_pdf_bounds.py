"""The PDF renderer's bounds, frappe-free: a run past its timeout dies with its whole process group,
and the bench-wide pool of render slots never lets more in than its size, frees a slot when its
holder dies (even by SIGKILL) and says "busy" after the wait."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from syndic_maroc.utils import chromium, pdf_slots


def alive(pid: int) -> bool:
	try:
		with open(f"/proc/{pid}/stat") as f:
			return f.read().split()[2] != "Z"  # a zombie waiting for its reaper is dead
	except FileNotFoundError:
		return False


def test_a_run_past_its_timeout_is_killed_with_its_children(tmp_path):
	pids = tmp_path / "pids"
	script = f"sleep 60 & echo $! > {pids}; sleep 60"
	started = time.monotonic()
	with pytest.raises(chromium.RenderTimeout) as error:
		chromium.run_bounded(["sh", "-c", script], timeout=0.5)
	assert time.monotonic() - started < 5
	assert error.value.seconds == 0.5
	child = int(pids.read_text())
	deadline = time.monotonic() + 3
	while alive(child) and time.monotonic() < deadline:
		time.sleep(0.05)
	assert not alive(child), "the grandchild outlived the timeout"


def test_a_run_within_its_timeout_returns_its_output():
	done = chromium.run_bounded(["sh", "-c", "cat; echo done >&2"], timeout=10, input=b"%PDF-x")
	assert done.returncode == 0 and done.stdout == b"%PDF-x" and b"done" in done.stderr


def test_never_more_holders_than_slots(tmp_path):
	size, inside, peak, lock = 2, [0], [0], threading.Lock()

	def work():
		with pdf_slots.slot(str(tmp_path), size, wait=30):
			with lock:
				inside[0] += 1
				peak[0] = max(peak[0], inside[0])
			time.sleep(0.15)
			with lock:
				inside[0] -= 1

	threads = [threading.Thread(target=work) for _ in range(8)]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	assert peak[0] == size


def test_a_full_pool_says_busy_after_the_wait(tmp_path):
	held = [pdf_slots.try_acquire(str(tmp_path), 2) for _ in range(2)]
	try:
		assert None not in held and pdf_slots.busy_count(str(tmp_path), 2) == 2
		started = time.monotonic()
		with pytest.raises(pdf_slots.PoolBusy):
			with pdf_slots.slot(str(tmp_path), 2, wait=0.3):
				pass
		assert 0.25 < time.monotonic() - started < 3
	finally:
		for fd in held:
			pdf_slots.release(fd)
	assert pdf_slots.busy_count(str(tmp_path), 2) == 0


def test_a_killed_holder_frees_its_slot(tmp_path):
	code = (
		"import sys, time; from syndic_maroc.utils import pdf_slots; "
		f"fd = pdf_slots.try_acquire({str(tmp_path)!r}, 1); print('held' if fd else 'none', flush=True); "
		"time.sleep(60)"
	)
	holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
	try:
		assert holder.stdout.readline().strip() == "held"
		assert pdf_slots.try_acquire(str(tmp_path), 1) is None
	finally:
		os.kill(holder.pid, signal.SIGKILL)
		holder.wait()
	fd = pdf_slots.try_acquire(str(tmp_path), 1)
	assert fd is not None  # the kernel dropped the dead holder's lock: no leak, no expiry to wait
	pdf_slots.release(fd)


@pytest.mark.skipif(not chromium.find_chromium(), reason="Chromium is not installed")
def test_chromium_past_its_timeout_leaves_no_process_and_no_file(tmp_path):
	with pytest.raises(chromium.RenderTimeout):
		chromium.print_to_pdf("<p>x</p>", 0.2, chromium.find_chromium(), workdir=str(tmp_path))
	time.sleep(0.3)
	assert list(tmp_path.iterdir()) == []
	mine = []
	for proc in os.listdir("/proc"):
		if proc.isdigit():
			try:
				with open(f"/proc/{proc}/cmdline", "rb") as f:
					if str(tmp_path).encode() in f.read() and alive(int(proc)):
						mine.append(proc)
			except OSError:
				pass
	assert mine == []


@pytest.mark.skipif(not chromium.find_chromium(), reason="Chromium is not installed")
def test_chromium_prints_a_right_to_left_page_without_the_network(tmp_path):
	html = (
		'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"></head><body>'
		'<p>المبلغ <bdi dir="ltr">1 759,63 DH</bdi></p>'
		'<img src="http://127.0.0.1:9/never.png"></body></html>'
	)
	started = time.monotonic()
	pdf = chromium.print_to_pdf(html, 30, chromium.find_chromium(), workdir=str(tmp_path))
	assert pdf[:4] == b"%PDF"
	assert time.monotonic() - started < 25  # the unreachable image fails at once, no wait
