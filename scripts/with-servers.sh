#!/usr/bin/env bash
# with-servers.sh CMD [ARGS...]: start throwaway PostgreSQL, ClickHouse and
# MariaDB servers (scripts/testenv.sh up) in a new temporary directory, run
# CMD with their PARAMSQL_TEST_*_DSN variables exported, and always stop the
# servers and remove the directory afterwards: on success, on failure, and
# on SIGINT/SIGTERM. Exits with CMD's status.
#
# PARAMSQL_KEEP_TESTENV=1 keeps the directory (server logs) for debugging.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
testenv=$root/scripts/testenv.sh
[[ $# -ge 1 ]] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/paramsql-testenv.XXXXXX")
child=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $child ]] && kill -0 "$child" 2>/dev/null; then
		# CMD runs in its own process group: stop it and its children
		# (e.g. go test and the test binaries it started).
		kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
		wait "$child" 2>/dev/null || true
	fi
	local t0=$SECONDS
	"$testenv" down "$dir" || true
	echo "testenv: down in $((SECONDS - t0)) s" >&2
	if [[ ${PARAMSQL_KEEP_TESTENV:-} == 1 ]]; then
		echo "testenv: kept $dir" >&2
	else
		rm -rf "$dir"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$testenv" up "$dir"
set -a
# shellcheck disable=SC1091
. "$dir/env"
set +a

# Run CMD in the background, in its own process group, and wait for it, so
# that a signal to this script is handled at once (the EXIT trap stops CMD's
# process group, then the servers).
setsid "$@" &
child=$!
set +e
wait "$child"
rc=$?
set -e
child=
exit "$rc"
