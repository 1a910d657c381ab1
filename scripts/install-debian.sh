#!/usr/bin/env bash
# Install Debian packages some tests need, when the commands they bring are missing:
#   scripts/install-debian.sh "WHAT FOR" "COMMAND..." PACKAGE...
# The tests that need them skip loudly, saying why, when the install cannot happen
# (not root, no apt-get, no registry), so this never fails the build itself.
set -u
purpose=$1 commands=$2
shift 2
missing=0
for c in $commands; do command -v "$c" >/dev/null 2>&1 || missing=1; done
[ "$missing" = 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-debian: not root or no apt-get; the $purpose will be skipped" >&2
  exit 0
fi
log=/tmp/casegraph-install-${1%% *}.log
echo "install-debian: installing $* for the $purpose" >&2
if ! (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" \
      || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@")) >"$log" 2>&1; then
  echo "install-debian: apt-get failed (see $log); the $purpose will be skipped" >&2
fi
exit 0
