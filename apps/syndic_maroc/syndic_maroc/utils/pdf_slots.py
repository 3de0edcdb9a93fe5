"""A bounded number of PDF renders at once across every process of the bench: a pool of lock files.

Each slot is a file `slot-<i>.lock`; a render holds an exclusive `flock` on one for its duration.
Why files and not a Redis counter: the kernel drops a lock the moment its holder dies (a gunicorn
worker killed mid-render, a SIGKILL, an OOM), so a slot can never leak and there is no expiry to
tune (a Redis lock that expires while a long render still runs lets one more in; one that does not
expire stays taken after a crash). The limit protects this machine's CPUs and memory, which is
exactly the scope of a directory on it. `flock` locks belong to the open file, so two threads of
one gunicorn worker exclude each other as two processes do. Frappe-free.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import tempfile
import time

POLL_S = 0.05


class PoolBusy(RuntimeError):
	"""Every slot stayed taken for the whole wait."""


def default_directory(bench_path: str) -> str:
	"""One pool per bench, under the system temporary directory."""
	key = hashlib.sha1(os.path.realpath(bench_path).encode()).hexdigest()[:10]
	return os.path.join(tempfile.gettempdir(), f"syndic-pdf-slots-{key}")


def _ensure_directory(directory: str) -> None:
	os.makedirs(directory, exist_ok=True)
	with contextlib.suppress(PermissionError):  # shared by root-run tests and the bench user
		os.chmod(directory, 0o1777)


def _open_slot(directory: str, index: int) -> int:
	fd = os.open(os.path.join(directory, f"slot-{index}.lock"), os.O_RDWR | os.O_CREAT, 0o666)
	with contextlib.suppress(PermissionError):
		os.fchmod(fd, 0o666)
	return fd


def try_acquire(directory: str, size: int) -> int | None:
	"""A file descriptor holding one free slot, or None when all `size` are taken."""
	_ensure_directory(directory)
	for index in range(max(1, size)):
		fd = _open_slot(directory, index)
		try:
			fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
		except OSError as e:
			os.close(fd)
			if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
				continue
			raise
		return fd
	return None


def release(fd: int) -> None:
	with contextlib.suppress(OSError):
		fcntl.flock(fd, fcntl.LOCK_UN)
	os.close(fd)


@contextlib.contextmanager
def slot(directory: str, size: int, wait: float):
	"""Hold one of `size` slots; wait up to `wait` seconds for one, then raise PoolBusy."""
	deadline = time.monotonic() + max(0.0, wait)
	while (fd := try_acquire(directory, size)) is None:
		if time.monotonic() >= deadline:
			raise PoolBusy(f"all {size} PDF slots busy for {wait:g} s")
		time.sleep(POLL_S)
	try:
		yield
	finally:
		release(fd)


def busy_count(directory: str, size: int) -> int:
	"""How many of the `size` slots are held right now (for tests and the benchmark)."""
	held = []
	try:
		while (fd := try_acquire(directory, size)) is not None:
			held.append(fd)
		return max(1, size) - len(held)
	finally:
		for fd in held:
			release(fd)
