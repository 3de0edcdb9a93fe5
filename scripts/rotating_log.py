"""Append stdin to a log file that never grows past a size cap (scripts/start.sh pipes honcho's
output through it into logs/services.log, about 0.4 KB per web request).

When the file would pass SYNDIC_LOG_MAX_BYTES (default 20 MB) it becomes <file>.1, the older ones
shift up to <file>.<SYNDIC_LOG_KEEP> (default 5) and the oldest goes: at most (KEEP + 1) × MAX on
disk. Whole lines only; it ends when its input does (all the services gone).

	python scripts/rotating_log.py logs/services.log < output
"""

import os
import sys


def rotate(path: str, keep: int) -> None:
	for i in range(keep - 1, 0, -1):
		if os.path.exists(f"{path}.{i}"):
			os.replace(f"{path}.{i}", f"{path}.{i + 1}")
	if os.path.exists(path):
		os.replace(path, f"{path}.1" if keep > 0 else path)


def run(path: str, source, max_bytes: int, keep: int) -> None:
	out = open(path, "ab")
	size = out.tell()
	try:
		for line in iter(source.readline, b""):
			if size and size + len(line) > max_bytes:
				out.close()
				rotate(path, keep)
				out = open(path, "ab")
				size = 0
			try:
				out.write(line)
				out.flush()
			except OSError:  # disk full: drop the line, never stop the services behind the pipe
				continue
			size += len(line)
	finally:
		out.close()


def main(argv: list[str]) -> int:
	if len(argv) != 1:
		print(__doc__, file=sys.stderr)
		return 2
	max_bytes = int(os.environ.get("SYNDIC_LOG_MAX_BYTES") or 20 * 1024 * 1024)
	keep = int(os.environ.get("SYNDIC_LOG_KEEP") or 5)
	run(argv[0], sys.stdin.buffer, max_bytes, keep)
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
