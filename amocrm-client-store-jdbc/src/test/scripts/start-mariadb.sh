#!/usr/bin/env bash
# Starts a private MariaDB server on loopback for the JDBC store's MariaDB/MySQL tests, and writes
# its JDBC settings where the tests look for them. Idempotent: a server this script started and
# that still answers is reused. Never touches the system's own MariaDB service or its data.
#
#   start-mariadb.sh          start (installing mariadb-server with apt-get if missing and root)
#   start-mariadb.sh --stop   stop the server this script started
#
# Settings (environment):
#   AMOCRM_TEST_MARIADB_DIR   where data, socket, log and jdbc.properties live
#                             (default /tmp/amocrm-test-mariadb)
#   AMOCRM_TEST_MARIADB_PORT  the loopback port (default 33061)
#   AMOCRM_MARIADB_NO_INSTALL set to 1 to never run apt-get
#
# The tests read $AMOCRM_TEST_MARIADB_DIR/jdbc.properties (url, user, password); they also take
# AMOCRM_TEST_MARIADB_URL/_USER/_PASSWORD from the environment. The script prints those variables
# as export lines on stdout. Without a server the MariaDB tests are skipped with a message.
set -euo pipefail

DIR="${AMOCRM_TEST_MARIADB_DIR:-/tmp/amocrm-test-mariadb}"
PORT="${AMOCRM_TEST_MARIADB_PORT:-33061}"
DB=amocrm_test
USER_NAME=amocrm
PASSWORD=amocrm-test
SOCKET="$DIR/mysqld.sock"
PIDFILE="$DIR/mariadb.pid"
LOG="$DIR/mariadb.log"
PROPS="$DIR/jdbc.properties"

say() { echo "start-mariadb: $*" >&2; }

# The server this script started is alive: the pid file names a live (not zombie) mariadbd.
running() {
  [ -s "$PIDFILE" ] || return 1
  local pid state
  pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/stat" ]; then
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
    [ "$state" != Z ] || return 1
    grep -qE '^(mariadbd|mysqld)$' "/proc/$pid/comm" 2>/dev/null || return 1
  fi
  return 0
}

if [ "${1:-}" = "--stop" ]; then
  if running; then
    pid="$(cat "$PIDFILE")"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    say "stopped server $pid"
  else
    say "no server running"
  fi
  rm -f "$PROPS"
  exit 0
fi

find_bin() {
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    for d in /usr/sbin /usr/bin /usr/local/bin /usr/local/sbin; do
      if [ -x "$d/$b" ]; then echo "$d/$b"; return 0; fi
    done
  done
  return 1
}

SERVER="$(find_bin mariadbd mysqld || true)"
if [ -z "$SERVER" ]; then
  if [ "$(id -u)" = 0 ] && [ "${AMOCRM_MARIADB_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null; then
    say "installing mariadb-server"
    export DEBIAN_FRONTEND=noninteractive
    # The package's own service must not start (nor keep port 3306); policy-rc.d 101 forbids it.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      created_policy=1
    fi
    apt-get update -qq >&2
    apt-get install -y -qq mariadb-server mariadb-client >&2
    if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    SERVER="$(find_bin mariadbd mysqld)"
  else
    say "mariadbd is not installed (apt-get install mariadb-server); MariaDB tests will be skipped"
    exit 1
  fi
fi
INSTALL_DB="$(find_bin mariadb-install-db mysql_install_db)"
CLIENT="$(find_bin mariadb mysql)"
ADMIN="$(find_bin mariadb-admin mysqladmin)"

mkdir -p "$DIR"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  if id mysql >/dev/null 2>&1; then
    chown -R mysql:mysql "$DIR"
    RUN_AS=(--user=mysql)
  else
    RUN_AS=(--user=root)
  fi
fi

if ! running; then
  if [ ! -d "$DIR/data/mysql" ]; then
    say "initializing $DIR/data"
    rm -rf "$DIR/data"
    "$INSTALL_DB" --no-defaults --datadir="$DIR/data" "${RUN_AS[@]}" \
      --auth-root-authentication-method=normal --skip-test-db >"$DIR/install.log" 2>&1 || {
        cat "$DIR/install.log" >&2; exit 1; }
    [ "$(id -u)" = 0 ] && [ "${RUN_AS[0]}" = --user=mysql ] && chown -R mysql:mysql "$DIR"
  fi
  say "starting $SERVER on 127.0.0.1:$PORT"
  # setsid + nohup: the server outlives this script (and the shell that ran it).
  setsid nohup "$SERVER" --no-defaults "${RUN_AS[@]}" \
    --datadir="$DIR/data" --socket="$SOCKET" --pid-file="$PIDFILE" --log-error="$LOG" \
    --port="$PORT" --bind-address=127.0.0.1 --skip-name-resolve \
    --max-connections=300 --innodb-buffer-pool-size=64M \
    --innodb-flush-log-at-trx-commit=2 --character-set-server=utf8mb4 \
    </dev/null >/dev/null 2>&1 &
fi

for _ in $(seq 1 120); do
  if "$ADMIN" --no-defaults --socket="$SOCKET" -uroot ping >/dev/null 2>&1; then break; fi
  sleep 0.5
done
if ! "$ADMIN" --no-defaults --socket="$SOCKET" -uroot ping >/dev/null 2>&1; then
  say "server did not come up; its log:"
  tail -n 40 "$LOG" >&2 || true
  exit 1
fi

"$CLIENT" --no-defaults --socket="$SOCKET" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON $DB.* TO '$USER_NAME'@'127.0.0.1';
GRANT ALL PRIVILEGES ON $DB.* TO '$USER_NAME'@'localhost';
FLUSH PRIVILEGES;
SQL

URL="jdbc:mariadb://127.0.0.1:$PORT/$DB"
cat > "$PROPS" <<PROPS
url=$URL
user=$USER_NAME
password=$PASSWORD
PROPS
chmod 0644 "$PROPS"
say "ready: $URL (settings in $PROPS)"
echo "export AMOCRM_TEST_MARIADB_URL=$URL"
echo "export AMOCRM_TEST_MARIADB_USER=$USER_NAME"
echo "export AMOCRM_TEST_MARIADB_PASSWORD=$PASSWORD"
