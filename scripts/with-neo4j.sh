#!/usr/bin/env bash
# Run a command with a Neo4j 5 test server next to it:
#   scripts/with-neo4j.sh COMMAND [ARG...]
# Starts tools/neo4j-test-server (built by `make neo4j-server`) on 127.0.0.1 on a free
# port, waits for its BOLT_URI line (NEO4J_START_TIMEOUT seconds, default 300), exports
# CASEGRAPH_NEO4J_URI for the command, and stops the server whatever the command's
# outcome. A server that cannot start is an error, never a reason to skip Neo4j tests.
# NEO4J_HEAP (default 1g) and NEO4J_PAGECACHE_MB (default 128) size it: the defaults
# suit the tests on a shared machine, a million-node benchmark wants 2g and 4096 (a page
# cache the size of its store).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=tools/neo4j-test-server/target/neo4j-test-server.jar
timeout_s=${NEO4J_START_TIMEOUT:-300}

if ! command -v java >/dev/null 2>&1; then
  echo "with-neo4j: java is not installed; the Neo4j tests need Java 17 (apt-get install openjdk-17-jdk-headless)" >&2
  exit 2
fi
if [ ! -f "$jar" ]; then
  echo "with-neo4j: $jar is missing; build it with 'make neo4j-server'" >&2
  exit 2
fi

logdir=$(mktemp -d -t casegraph-neo4j-log.XXXXXX)
# Made here, not by the background job's redirection, which may come after the first look.
: >"$logdir/out"
: >"$logdir/err"
java -Xms256m "-Xmx${NEO4J_HEAP:-1g}" -XX:+UseSerialGC -jar "$jar" "${NEO4J_PAGECACHE_MB:-128}" \
  >"$logdir/out" 2>"$logdir/err" &
server=$!

stop_server() {
  local rc=$?
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$logdir"
  exit "$rc"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

uri=
for _ in $(seq "$timeout_s"); do
  uri=$(sed -n 's/^BOLT_URI=//p' "$logdir/out")
  [ -n "$uri" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "with-neo4j: the Neo4j test server exited before it was ready:" >&2
    tail -n 40 "$logdir/err" >&2
    exit 1
  fi
  sleep 1
done
if [ -z "$uri" ]; then
  echo "with-neo4j: the Neo4j test server was not ready after ${timeout_s}s:" >&2
  tail -n 40 "$logdir/err" >&2
  exit 1
fi
echo "with-neo4j: Neo4j ready at $uri" >&2
export CASEGRAPH_NEO4J_URI=$uri
"$@"
