#!/usr/bin/env bash
# Install Debian's headless Chromium and ChromeDriver for the browser test.
# The test itself skips loudly (with this reason) when they are still missing.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: not root or no apt-get; the browser test will be skipped" >&2
  exit 0
fi
echo "install-browser: installing Debian chromium and chromium-driver" >&2
if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/tmp/casegraph-install-browser.log 2>&1; then
  echo "install-browser: apt-get failed (see /tmp/casegraph-install-browser.log); the browser test will be skipped" >&2
fi
exit 0
