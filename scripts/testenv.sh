#!/usr/bin/env bash
# testenv.sh: throwaway PostgreSQL, ClickHouse and MariaDB servers for the
# integration tests, and the ZetaSQL server package the BigQuery tests run.
#
#   scripts/testenv.sh up DIR     install what is missing (apt), start all three
#                                 servers with their data under DIR, and write
#                                 DIR/env (export lines: DSNs and PIDs);
#                                 install the ZetaSQL npm package once into
#                                 ~/.cache/paramsql (PARAMSQL_ZETASQL_DIR)
#   scripts/testenv.sh down DIR   stop them; idempotent, never fails
#
# Everything listens on 127.0.0.1 only, on free ports picked at start-up, so
# several environments (several checkouts, several engineers) can run at once.
# Use scripts/with-servers.sh to run a command with the servers up and always
# stop them afterwards.
set -euo pipefail

# python3-sqlglot is no server: it parses the BigQuery and Snowflake SQL,
# which no engine here can run (a smoke check of the goldens).
# chromium is no server either: the report's browser test opens its pages.
PACKAGES=(postgresql clickhouse-server clickhouse-client mariadb-server python3-sqlglot chromium)
START_TIMEOUT=${PARAMSQL_TESTENV_START_TIMEOUT:-60} # seconds, per server
STOP_TIMEOUT=${PARAMSQL_TESTENV_STOP_TIMEOUT:-30}   # seconds, per server

log() { printf 'testenv: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
	echo "usage: $0 up DIR | down DIR" >&2
	exit 2
}

# ---------------------------------------------------------------- packages

pg_bindir() {
	local d
	for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

missing_packages() {
	local p missing=()
	for p in "${PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
	echo "${missing[@]:-}"
}

ensure_packages() {
	local missing
	missing=$(missing_packages)
	[[ -z $missing ]] && return 0
	command -v apt-get >/dev/null || die "missing packages ($missing) and no apt-get"
	[[ $(id -u) -eq 0 ]] || die "missing packages ($missing); run as root to install them"
	# Serialise concurrent installs from parallel test environments.
	exec 9>/var/lock/paramsql-testenv-apt.lock
	flock 9
	missing=$(missing_packages)
	if [[ -n $missing ]]; then
		log "installing: $missing"
		local t0=$SECONDS
		export DEBIAN_FRONTEND=noninteractive
		local aptlog
		aptlog=$(mktemp /tmp/paramsql-testenv-apt.XXXXXX)
		apt-get -o DPkg::Lock::Timeout=300 update >"$aptlog" 2>&1 ||
			{ log_tail apt-get "$aptlog"; die "apt-get update failed"; }
		# shellcheck disable=SC2086
		apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $missing >>"$aptlog" 2>&1 ||
			{ log_tail apt-get "$aptlog"; die "apt-get install $missing failed"; }
		rm -f "$aptlog"
		log "installed in $((SECONDS - t0)) s"
	fi
	flock -u 9
	exec 9>&-
}

# ---------------------------------------------------------------- ZetaSQL

# The BigQuery SQL runs on Google's ZetaSQL evaluator (internal/zetasql):
# the npm package ships a prebuilt server. It is installed once into the
# user's cache directory, outside the repository, and reused by every run.
ZETASQL_PACKAGE=@fivetrandevelopers/zetasql@1.13.0
ZETASQL_DIR=${PARAMSQL_ZETASQL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/paramsql/zetasql-1.13.0}

ensure_zetasql() {
	local server=$ZETASQL_DIR/node_modules/@fivetrandevelopers/zetasql/lib/zetasql/remote_server.so
	[[ -x $server ]] && return 0
	command -v npm >/dev/null || die "npm not found: it installs the ZetaSQL server the BigQuery tests run on (install Node.js)"
	mkdir -p "$(dirname "$ZETASQL_DIR")"
	exec 8>"$ZETASQL_DIR.lock"
	flock 8
	if [[ ! -x $server ]]; then
		log "installing $ZETASQL_PACKAGE into $ZETASQL_DIR (about 112 MB, once)"
		local t0=$SECONDS tmp npmlog
		tmp=$(mktemp -d "$ZETASQL_DIR.XXXXXX")
		npmlog=$tmp.log
		echo '{"private": true}' >"$tmp/package.json"
		(cd "$tmp" && npm install --no-audit --no-fund --ignore-scripts "$ZETASQL_PACKAGE") >"$npmlog" 2>&1 ||
			{ log_tail npm "$npmlog"; rm -rf "$tmp"; die "npm install $ZETASQL_PACKAGE failed"; }
		rm -rf "$ZETASQL_DIR" "$npmlog"
		mv "$tmp" "$ZETASQL_DIR"
		log "installed in $((SECONDS - t0)) s"
	fi
	flock -u 8
	exec 8>&-
}

# ---------------------------------------------------------------- helpers

# free_ports N: print N distinct TCP ports that are free on 127.0.0.1 right now.
free_ports() {
	/usr/bin/python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

# alive PID: the process exists and is not a zombie.
alive() {
	local pid=$1 state
	[[ -n $pid ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
	[[ $state != Z ]]
}

log_tail() { # NAME FILE...
	local name=$1 f
	shift
	for f in "$@"; do
		[[ -f $f ]] || continue
		log "---- last lines of $name log $f ----"
		tail -n 40 "$f" >&2 || true
	done
	log "---- end of $name log ----"
}

# stop_pid NAME PIDFILE EXPECTED_COMM: SIGTERM the process, wait, then SIGKILL.
stop_pid() {
	local name=$1 pidfile=$2 comm=$3 pid i
	[[ -f $pidfile ]] || return 0
	pid=$(cat "$pidfile" 2>/dev/null || true)
	if [[ -n $pid ]] && alive "$pid"; then
		# Do not kill a recycled PID that belongs to something else.
		if ! grep -q "$comm" "/proc/$pid/cmdline" 2>/dev/null; then
			log "$name: pid $pid is no longer $comm; not stopping it"
			rm -f "$pidfile"
			return 0
		fi
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
			alive "$pid" || break
			sleep 0.1
		done
		if alive "$pid"; then
			log "$name: pid $pid did not stop in ${STOP_TIMEOUT}s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
			sleep 0.2
		fi
	fi
	rm -f "$pidfile"
}

# ---------------------------------------------------------------- PostgreSQL

PG_PORT=
start_postgres() {
	local bin d=$DIR/pg port attempt
	bin=$(pg_bindir) || die "PostgreSQL binaries not found under /usr/lib/postgresql"
	mkdir -p "$d"
	chown postgres: "$d"
	if [[ ! -f $d/data/PG_VERSION ]]; then
		rm -rf "$d/data"
		runuser -u postgres -- "$bin/initdb" -D "$d/data" -U postgres -A trust --no-sync \
			-E UTF8 --locale=C >"$d/initdb.log" 2>&1 ||
			{ log_tail postgres "$d/initdb.log"; die "postgres: initdb failed"; }
	fi
	for attempt in 1 2 3; do
		port=$(free_ports 1)
		if runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t "$START_TIMEOUT" \
			-o "-p $port -k $d -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c timezone=UTC" \
			start >"$d/pg_ctl.log" 2>&1; then
			PG_PORT=$port
			break
		fi
		if grep -q 'already in use' "$d/server.log" 2>/dev/null && ((attempt < 3)); then
			log "postgres: port $port taken, retrying"
			continue
		fi
		log_tail postgres "$d/pg_ctl.log" "$d/server.log"
		die "postgres failed to start"
	done
	[[ -n $PG_PORT ]] || die "postgres failed to start"
	head -n1 "$d/data/postmaster.pid" >"$d/pid"
	runuser -u postgres -- "$bin/psql" -X -q -h "$d" -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 \
		-c "CREATE DATABASE paramsql_test" >"$d/createdb.log" 2>&1 ||
		{ log_tail postgres "$d/createdb.log" "$d/server.log"; die "postgres: CREATE DATABASE failed"; }
	log "postgres $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (pid $(cat "$d/pid"))"
}

stop_postgres() {
	local d=$DIR/pg bin pid
	[[ -d $d/data ]] || return 0
	if [[ -f $d/data/postmaster.pid ]]; then
		bin=$(pg_bindir) || true
		if [[ -n ${bin:-} ]]; then
			runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -m fast -w -t "$STOP_TIMEOUT" stop \
				>>"$d/pg_ctl.log" 2>&1 || true
		fi
	fi
	# Fallback if pg_ctl could not stop it.
	if [[ -f $d/data/postmaster.pid ]]; then
		pid=$(head -n1 "$d/data/postmaster.pid" 2>/dev/null || true)
		[[ -n $pid ]] && echo "$pid" >"$d/pid"
		stop_pid postgres "$d/pid" postgres
	fi
	rm -f "$d/pid"
}

# ---------------------------------------------------------------- ClickHouse

CH_TCP_PORT=
CH_HTTP_PORT=
start_clickhouse() {
	local d=$DIR/ch attempt pid i ports
	mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas"
	cat >"$d/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>::/0</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
	for attempt in 1 2 3; do
		ports=$(free_ports 2)
		CH_TCP_PORT=${ports% *}
		CH_HTTP_PORT=${ports#* }
		cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>information</level>
        <log>$d/server.log</log>
        <errorlog>$d/error.log</errorlog>
        <size>100M</size>
        <count>1</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>$CH_TCP_PORT</tcp_port>
    <http_port>$CH_HTTP_PORT</http_port>
    <max_connections>1024</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>200</max_concurrent_queries>
    <uncompressed_cache_size>1073741824</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$d/data/</path>
    <tmp_path>$d/tmp/</tmp_path>
    <user_files_path>$d/user_files/</user_files_path>
    <format_schema_path>$d/format_schemas/</format_schema_path>
    <users_config>$d/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
		: >"$d/stdout.log"
		setsid clickhouse-server --config-file="$d/config.xml" >>"$d/stdout.log" 2>&1 </dev/null &
		pid=$!
		echo "$pid" >"$d/pid"
		for ((i = 0; i < START_TIMEOUT * 10; i++)); do
			if ! alive "$pid"; then
				break
			fi
			if clickhouse-client --host 127.0.0.1 --port "$CH_TCP_PORT" -q 'SELECT 1' >/dev/null 2>&1; then
				log "clickhouse $(clickhouse-client --host 127.0.0.1 --port "$CH_TCP_PORT" -q 'SELECT version()') on 127.0.0.1:$CH_TCP_PORT (http $CH_HTTP_PORT, pid $pid)"
				return 0
			fi
			sleep 0.1
		done
		if alive "$pid"; then
			log_tail clickhouse "$d/stdout.log" "$d/error.log" "$d/server.log"
			stop_pid clickhouse "$d/pid" clickhouse
			die "clickhouse did not answer within ${START_TIMEOUT}s"
		fi
		wait "$pid" 2>/dev/null || true
		rm -f "$d/pid"
		if grep -qiE 'address already in use|Net Exception: Address' "$d/error.log" "$d/stdout.log" 2>/dev/null &&
			((attempt < 3)); then
			log "clickhouse: port $CH_TCP_PORT/$CH_HTTP_PORT taken, retrying"
			: >"$d/error.log"
			continue
		fi
		log_tail clickhouse "$d/stdout.log" "$d/error.log"
		die "clickhouse exited during start-up"
	done
	die "clickhouse failed to start"
}

stop_clickhouse() {
	stop_pid clickhouse "$DIR/ch/pid" clickhouse
}

# ---------------------------------------------------------------- MariaDB

MY_PORT=
my_client() {
	local c
	for c in mariadb mysql; do
		command -v "$c" >/dev/null && { echo "$c"; return 0; }
	done
	return 1
}

start_mariadb() {
	local d=$DIR/my attempt pid i client server
	client=$(my_client) || die "mariadb client not found"
	server=$(command -v mariadbd || command -v mysqld || echo /usr/sbin/mariadbd)
	[[ -x $server ]] || die "mariadbd not found"
	mkdir -p "$d"
	chown mysql: "$d"
	if [[ ! -d $d/data/mysql ]]; then
		rm -rf "$d/data"
		mkdir -p "$d/data"
		chown mysql: "$d/data"
		mariadb-install-db --no-defaults --user=mysql --datadir="$d/data" \
			--auth-root-authentication-method=normal --skip-test-db \
			--skip-name-resolve >"$d/install.log" 2>&1 ||
			{ log_tail mariadb "$d/install.log"; die "mariadb-install-db failed"; }
	fi
	for attempt in 1 2 3; do
		MY_PORT=$(free_ports 1)
		: >"$d/server.log"
		chown mysql: "$d/server.log"
		setsid "$server" --no-defaults --user=mysql --datadir="$d/data" \
			--port="$MY_PORT" --bind-address=127.0.0.1 --socket="$d/sock" \
			--pid-file="$d/mariadbd.pid" --log-error="$d/server.log" \
			--skip-log-bin --skip-name-resolve \
			--character-set-server=utf8mb4 --collation-server=utf8mb4_nopad_bin \
			--default-time-zone=+00:00 --max-connections=500 \
			--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
			--innodb-buffer-pool-size=256M --performance-schema=OFF \
			>"$d/stdout.log" 2>&1 </dev/null &
		pid=$!
		echo "$pid" >"$d/pid"
		for ((i = 0; i < START_TIMEOUT * 10; i++)); do
			alive "$pid" || break
			if "$client" --no-defaults -uroot --socket="$d/sock" -e 'SELECT 1' >/dev/null 2>&1; then
				"$client" --no-defaults -uroot --socket="$d/sock" -e \
					'CREATE DATABASE IF NOT EXISTS paramsql_test CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin' \
					>"$d/createdb.log" 2>&1 ||
					{ log_tail mariadb "$d/createdb.log"; die "mariadb: CREATE DATABASE failed"; }
				# The tests connect over TCP as root@127.0.0.1; make sure that works.
				"$client" --no-defaults -uroot -h127.0.0.1 -P"$MY_PORT" --protocol=tcp -e 'SELECT 1' \
					>>"$d/createdb.log" 2>&1 ||
					{ log_tail mariadb "$d/createdb.log"; die "mariadb: root cannot log in over TCP"; }
				log "mariadb $("$client" --no-defaults -uroot --socket="$d/sock" -N -B -e 'SELECT VERSION()') on 127.0.0.1:$MY_PORT (pid $pid)"
				return 0
			fi
			sleep 0.1
		done
		if alive "$pid"; then
			log_tail mariadb "$d/stdout.log" "$d/server.log"
			stop_pid mariadb "$d/pid" mariadbd
			die "mariadb did not answer within ${START_TIMEOUT}s"
		fi
		wait "$pid" 2>/dev/null || true
		rm -f "$d/pid"
		if grep -qiE 'address already in use|Do you already have another' "$d/server.log" 2>/dev/null &&
			((attempt < 3)); then
			log "mariadb: port $MY_PORT taken, retrying"
			continue
		fi
		log_tail mariadb "$d/stdout.log" "$d/server.log"
		die "mariadb exited during start-up"
	done
	die "mariadb failed to start"
}

stop_mariadb() {
	stop_pid mariadb "$DIR/my/pid" mariadbd
}

# ---------------------------------------------------------------- commands

write_env() {
	local f=$DIR/env
	cat >"$f.tmp" <<EOF
# Written by scripts/testenv.sh up $DIR; stop with: scripts/testenv.sh down $DIR
export PARAMSQL_TEST_POSTGRES_DSN='postgres://postgres@127.0.0.1:$PG_PORT/paramsql_test?sslmode=disable'
export PARAMSQL_TEST_CLICKHOUSE_DSN='clickhouse://127.0.0.1:$CH_TCP_PORT/default'
export PARAMSQL_TEST_MYSQL_DSN='root@tcp(127.0.0.1:$MY_PORT)/paramsql_test?parseTime=true&loc=UTC&multiStatements=false'
export PARAMSQL_TESTENV_DIR='$DIR'
export PARAMSQL_ZETASQL_DIR='$ZETASQL_DIR'
export PARAMSQL_TESTENV_POSTGRES_PID='$(cat "$DIR/pg/pid")'
export PARAMSQL_TESTENV_CLICKHOUSE_PID='$(cat "$DIR/ch/pid")'
export PARAMSQL_TESTENV_MYSQL_PID='$(cat "$DIR/my/pid")'
EOF
	mv "$f.tmp" "$f"
}

cmd_up() {
	local t0=$SECONDS
	ensure_packages
	ensure_zetasql
	mkdir -p "$DIR"
	DIR=$(cd "$DIR" && pwd -P)
	# The postgres and mysql users must be able to reach their subdirectories.
	chmod 755 "$DIR"
	# Always start from empty data directories: stop and remove leftovers.
	if [[ -e $DIR/pg || -e $DIR/ch || -e $DIR/my ]]; then
		log "$DIR holds an old environment; stopping and removing it first"
		cmd_down
		rm -rf "$DIR/pg" "$DIR/ch" "$DIR/my"
	fi
	# On any failure, stop whatever was started so nothing is left behind.
	trap 'rc=$?; if ((rc != 0)); then log "start-up failed; stopping what was started"; cmd_down; fi' EXIT
	start_postgres
	start_clickhouse
	start_mariadb
	write_env
	trap - EXIT
	log "up in $((SECONDS - t0)) s; env: $DIR/env"
}

cmd_down() {
	[[ -d $DIR ]] || return 0
	DIR=$(cd "$DIR" && pwd -P)
	stop_clickhouse || true
	stop_mariadb || true
	stop_postgres || true
	rm -f "$DIR/env"
	return 0
}

[[ $# -eq 2 ]] || usage
DIR=$2
case $1 in
up) cmd_up ;;
down)
	set +e
	cmd_down
	exit 0
	;;
*) usage ;;
esac
