#!/usr/bin/env bash
# Install Debian packages the tests or the pictures need, when they are missing:
#   scripts/install-debian.sh "WHAT FOR" "CHECK" PACKAGE...
# CHECK is a shell test that succeeds when nothing is needed. What needs the packages
# skips loudly, saying why, when they cannot be installed (not root, no apt-get, no
# registry), so this never fails the build itself.
set -u
purpose=$1 check=$2
shift 2
bash -c "$check" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-debian: not root or no apt-get; without $* the $purpose will be missing" >&2
  exit 0
fi
log="/tmp/casegraph-install-${1// /-}.log"
echo "install-debian: installing $* for the $purpose" >&2
if ! (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" \
      || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@")) >"$log" 2>&1; then
  echo "install-debian: apt-get failed (see $log); without $* the $purpose will be missing" >&2
fi
exit 0
