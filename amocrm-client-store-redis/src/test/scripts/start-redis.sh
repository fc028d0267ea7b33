#!/usr/bin/env bash
# Starts a private Redis server on loopback for the Redis module's tests, and writes its address
# where the tests look for it. Idempotent: a server this script started and that still answers is
# reused. Never touches the system's own Redis service or its data.
#
#   start-redis.sh          start (installing redis-server with apt-get if missing and root)
#   start-redis.sh --stop   stop the server this script started
#
# Settings (environment):
#   AMOCRM_TEST_REDIS_DIR    where the pid file, log and redis.properties live
#                            (default /tmp/amocrm-test-redis)
#   AMOCRM_TEST_REDIS_PORT   the loopback port (default 63791)
#   AMOCRM_REDIS_NO_INSTALL  set to 1 to never run apt-get
#
# The tests read $AMOCRM_TEST_REDIS_DIR/redis.properties (uri, server); they also take
# AMOCRM_TEST_REDIS_URI from the environment. Tests that stop and start Redis run their own
# redis-server processes from the same binary. Without a server the Redis tests are skipped with a
# message.
set -euo pipefail

DIR="${AMOCRM_TEST_REDIS_DIR:-/tmp/amocrm-test-redis}"
PORT="${AMOCRM_TEST_REDIS_PORT:-63791}"
PIDFILE="$DIR/redis.pid"
LOG="$DIR/redis.log"
PROPS="$DIR/redis.properties"

say() { echo "start-redis: $*" >&2; }

find_bin() {
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    for d in /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin; do
      if [ -x "$d/$b" ]; then echo "$d/$b"; return 0; fi
    done
  done
  return 1
}

# The server this script started is alive: the pid file names a live (not zombie) redis-server.
running() {
  [ -s "$PIDFILE" ] || return 1
  local pid state
  pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/stat" ]; then
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
    [ "$state" != Z ] || return 1
    grep -q '^redis-server' "/proc/$pid/comm" 2>/dev/null || return 1
  fi
  return 0
}

if [ "${1:-}" = "--stop" ]; then
  if running; then
    pid="$(cat "$PIDFILE")"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    say "stopped server $pid"
  else
    say "no server running"
  fi
  rm -f "$PROPS"
  exit 0
fi

SERVER="$(find_bin redis-server || true)"
if [ -z "$SERVER" ]; then
  if [ "$(id -u)" = 0 ] && [ "${AMOCRM_REDIS_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null; then
    say "installing redis-server"
    export DEBIAN_FRONTEND=noninteractive
    # The package's own service must not start (nor keep port 6379); policy-rc.d 101 forbids it.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      created_policy=1
    fi
    apt-get install -y -qq redis-server >&2 \
      || { apt-get update -qq >&2 && apt-get install -y -qq redis-server >&2; }
    if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    SERVER="$(find_bin redis-server)"
  else
    say "redis-server is not installed (apt-get install redis-server); Redis tests will be skipped"
    exit 1
  fi
fi
CLI="$(find_bin redis-cli)"

mkdir -p "$DIR"
if ! running; then
  say "starting $SERVER on 127.0.0.1:$PORT"
  # No persistence: a test server. setsid + nohup: it outlives this script.
  setsid nohup "$SERVER" --bind 127.0.0.1 --port "$PORT" --protected-mode yes \
    --save '' --appendonly no --dir "$DIR" --pidfile "$PIDFILE" --logfile "$LOG" \
    --daemonize no </dev/null >/dev/null 2>&1 &
fi

for _ in $(seq 1 60); do
  if "$CLI" -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then break; fi
  sleep 0.25
done
if ! "$CLI" -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
  say "server did not come up; its log:"
  tail -n 40 "$LOG" >&2 || true
  exit 1
fi

printf 'uri=redis://127.0.0.1:%s\nserver=%s\n' "$PORT" "$SERVER" > "$PROPS"
say "ready: redis://127.0.0.1:$PORT ($PROPS)"
echo "export AMOCRM_TEST_REDIS_URI=redis://127.0.0.1:$PORT"
