#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine, then run it.
#   bash scripts/test.sh            # the whole suite
#   bash scripts/test.sh -k neo4j   # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

# Headless Chromium for the HTML-page tests, from Debian's packages (no browser download).
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

# LibreOffice Writer, headless, to render the Word report as a reader sees it (tests/test_report_word.py).
if ! command -v soffice >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
fi

# scrgraph itself, editable, with the test extras (pytest, Playwright's Python driver, build, fpdf2).
python3 -m pip install -q --disable-pip-version-check -e '.[test]'

# Neo4j Community 5.26 for the Neo4j tests, built from Maven Central artifacts.
if [ -f scripts/setup-neo4j.sh ]; then
  bash scripts/setup-neo4j.sh
fi

# Apache Jena Fuseki 5.6.0 for the shared-server (SPARQL 1.1) tests, from Maven Central.
if [ -f scripts/setup-fuseki.sh ]; then
  bash scripts/setup-fuseki.sh
fi

python3 -m pytest "$@"
