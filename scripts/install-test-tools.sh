#!/usr/bin/env bash
# Install Debian's poppler-utils (pdftoppm, pdfinfo) for the report tests, which render
# the first page of a generated PDF to PNG. The test skips loudly when they are missing.
set -u
if command -v pdftoppm >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: not root or no apt-get; the PDF page test will be skipped" >&2
  exit 0
fi
echo "install-test-tools: installing Debian poppler-utils" >&2
if ! (apt-get install -y -qq poppler-utils || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils)) >/tmp/casegraph-install-test-tools.log 2>&1; then
  echo "install-test-tools: apt-get failed (see /tmp/casegraph-install-test-tools.log); the PDF page test will be skipped" >&2
fi
exit 0
