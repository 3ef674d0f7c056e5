#!/usr/bin/env bash
# Fetch and run a local, single-node Elasticsearch 8 for development, tests and CI.
#
#   bash scripts/elasticsearch.sh [start|stop|status|logs [-f]]
#
# The distribution is the "integ-test-zip" flavour published on Maven Central
# (org.elasticsearch.distribution.integ-test-zip:elasticsearch:<ver>:zip). It is a
# minimal build: no bundled JDK and only the modules apm, transport-netty4,
# x-pack-core and x-pack-security (no analysis-common, no ICU, no ML). It is
# fetched with `mvn dependency:get`, so the Maven local repository is the
# download cache.
#
# Environment (all optional):
#   ES_VERSION        Elasticsearch version           (default 8.19.21)
#   ES_PORT           HTTP port, bound to 127.0.0.1    (default 9200)
#   ES_HEAP           JVM heap, -Xms and -Xmx          (default 512m)
#   ES_JAVA_OPTS      extra JVM options, appended after the heap options
#   ES_HOME_DIR       state directory                  (default <repo>/.elasticsearch)
#   ES_RUN_USER       unprivileged user used when run as root (default elasticsearch-dev)
#   ES_START_TIMEOUT  seconds to wait for green/yellow (default 120)
#   ES_MAVEN_REPO     Maven local repository           (default ~/.m2/repository)
#   ES_JAVA_HOME      JDK to use (default: derived from `java` on PATH)
#
# Exit codes: 0 ok, 1 failure, 2 no usable Java (caller decides if fatal),
#             3 `status`: not running / not healthy.
#
# Everything lives in the state directory:
#   elasticsearch-<ver>/   unpacked distribution (unzipped once)
#   config/                ES_PATH_CONF; elasticsearch.yml is rewritten on every start
#   data/ logs/ tmp/       node data, logs (incl. gc.log), JVM temp dir
#   elasticsearch.pid      pid file written by the node (-p)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd -P)"

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_RUN_USER="${ES_RUN_USER:-elasticsearch-dev}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_MAVEN_REPO="${ES_MAVEN_REPO:-${HOME:-/root}/.m2/repository}"
ES_CLUSTER_NAME="servicecentre-dev"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
ES_ZIP="$ES_MAVEN_REPO/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
HEALTH_URL="http://127.0.0.1:${ES_PORT}/_cluster/health"

log() { printf '[elasticsearch] %s\n' "$*"; }
err() { printf '[elasticsearch] ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------
# State directory
# ---------------------------------------------------------------------------
# When run as root (CI), the node runs as $ES_RUN_USER, which needs search (x)
# permission on every parent of the state directory. A fresh clone may live in
# a root-owned `mktemp -d` dir (mode 700) or under /root (700). We could
# `chmod o+x` those parents, but that silently widens permissions on
# directories we do not own (e.g. /root) and would have to be repeated for
# every ancestor. Instead, if the default state dir is not reachable by the
# unprivileged user, we use a fallback under /var/tmp (mode 1777, persists
# across reboots, so the distribution/data cache survives) whose name is
# derived from a hash of the repo path: deterministic, so start/stop/status/logs
# always agree on it, and distinct per checkout. An explicit ES_HOME_DIR is
# honoured as-is; if it is not reachable we fail with a clear message.
default_state_dir() { printf '%s/.elasticsearch' "$REPO_DIR"; }

fallback_state_dir() {
    local h
    h="$(printf '%s' "$REPO_DIR" | sha256sum | cut -c1-12)"
    printf '/var/tmp/servicecentre-es-%s' "$h"
}

# True if $ES_RUN_USER can traverse (search) directory $1 and all its parents.
user_can_reach() {
    run_as_user test -x "$1" 2>/dev/null
}

nearest_existing_dir() {
    local d="$1"
    while [ ! -d "$d" ]; do d="$(dirname "$d")"; done
    printf '%s' "$d"
}

resolve_state_dir() {
    local explicit="${ES_HOME_DIR:-}"
    local candidate="${explicit:-$(default_state_dir)}"
    # Not root, or root but the user was never created (so nothing was ever
    # started as root): the candidate is used as-is.
    if ! is_root || ! getent passwd "$ES_RUN_USER" >/dev/null 2>&1; then
        STATE_DIR="$candidate"
        return
    fi
    local probe
    probe="$(nearest_existing_dir "$(dirname "$candidate")")"
    # If the state dir itself already exists we only need its parent to be
    # reachable (we chown the state dir ourselves).
    if user_can_reach "$probe"; then
        STATE_DIR="$candidate"
        return
    fi
    if [ -n "$explicit" ]; then
        die "ES_HOME_DIR=$explicit is not reachable by user '$ES_RUN_USER' (a parent directory lacks o+x). Choose another directory or unset ES_HOME_DIR."
    fi
    STATE_DIR="$(fallback_state_dir)"
    if [ -e "$STATE_DIR" ]; then
        # /var/tmp is world-writable: refuse to use something we did not create.
        if [ -L "$STATE_DIR" ] || [ ! -d "$STATE_DIR" ]; then
            die "fallback state dir $STATE_DIR exists and is not a directory"
        fi
        local owner
        owner="$(stat -c %U "$STATE_DIR")"
        if [ "$owner" != root ] && [ "$owner" != "$ES_RUN_USER" ]; then
            die "fallback state dir $STATE_DIR is owned by '$owner'; refusing to use it"
        fi
    fi
    log "$(default_state_dir) is not reachable by user '$ES_RUN_USER' (parent dir not o+x); using $STATE_DIR"
}

set_paths() {
    ES_DIST="$STATE_DIR/elasticsearch-$ES_VERSION"
    ES_CONF="$STATE_DIR/config"
    ES_DATA="$STATE_DIR/data"
    ES_LOGS="$STATE_DIR/logs"
    ES_TMP="$STATE_DIR/tmp"
    ES_PIDFILE="$STATE_DIR/elasticsearch.pid"
    ES_LOGFILE="$ES_LOGS/$ES_CLUSTER_NAME.log"
    ES_STARTUP_OUT="$ES_LOGS/startup.out"
}

# ---------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------
ensure_run_user() {
    is_root || return 0
    getent passwd "$ES_RUN_USER" >/dev/null 2>&1 && return 0
    log "creating system user '$ES_RUN_USER'"
    local nologin=/usr/sbin/nologin
    [ -x "$nologin" ] || nologin=/bin/false
    if command -v useradd >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell "$nologin" "$ES_RUN_USER" 2>/dev/null || true
    elif command -v adduser >/dev/null 2>&1; then  # busybox/alpine
        adduser -S -D -H -h /nonexistent -s "$nologin" "$ES_RUN_USER" 2>/dev/null || true
    fi
    # `|| true` above tolerates a concurrent creation; verify the outcome.
    getent passwd "$ES_RUN_USER" >/dev/null 2>&1 || die "could not create user '$ES_RUN_USER'"
}

# Run a command as the node's user (the unprivileged user when root, else self).
# runuser -u execs the command directly (no login shell), so the nologin shell
# is fine; su needs an explicit shell.
run_as_user() {
    if ! is_root; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$ES_RUN_USER" -- "$@"
    else
        su -s /bin/sh "$ES_RUN_USER" -c '"$0" "$@"' -- "$@"
    fi
}

# ---------------------------------------------------------------------------
# Java
# ---------------------------------------------------------------------------
resolve_java_home() {
    local jh="" java_bin
    if [ -n "${ES_JAVA_HOME:-}" ] && [ -x "$ES_JAVA_HOME/bin/java" ]; then
        jh="$ES_JAVA_HOME"
    elif java_bin="$(command -v java 2>/dev/null)"; then
        java_bin="$(readlink -f "$java_bin")"
        jh="$(dirname "$(dirname "$java_bin")")"
    elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        jh="$JAVA_HOME"
    fi
    if [ -z "$jh" ]; then
        err "no Java found: install a JDK >= 17 (e.g. apt-get install openjdk-17-jre-headless) or set ES_JAVA_HOME."
        exit 2
    fi
    local spec
    spec="$("$jh/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    spec="${spec#1.}"
    if [ -z "$spec" ] || [ "${spec%%.*}" -lt 17 ]; then
        err "Java at $jh is version '${spec:-unknown}'; Elasticsearch $ES_VERSION needs Java >= 17 (set ES_JAVA_HOME)."
        exit 2
    fi
    JAVA_HOME_RESOLVED="$jh"
}

# ---------------------------------------------------------------------------
# Health / process helpers
# ---------------------------------------------------------------------------
# Prints the cluster status if a node answers green/yellow, fails otherwise.
healthy_status() {
    local body status
    body="$(curl -s --max-time 5 "$HEALTH_URL?wait_for_status=yellow&timeout=${1:-1s}" 2>/dev/null)" || return 1
    status="$(printf '%s' "$body" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')"
    case "$status" in
        green|yellow) printf '%s' "$status"; return 0 ;;
        *) return 1 ;;
    esac
}

# Prints the pid from the pid file if it belongs to a live Elasticsearch JVM.
node_pid() {
    [ -f "$ES_PIDFILE" ] || return 1
    local pid
    pid="$(tr -dc '0-9' < "$ES_PIDFILE")"
    [ -n "$pid" ] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # Guard against pid reuse.
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch' || return 1
    printf '%s' "$pid"
}

show_log_tail() {
    local n="${1:-50}"
    if [ -s "$ES_LOGFILE" ]; then
        echo "----- last $n lines of $ES_LOGFILE -----" >&2
        tail -n "$n" "$ES_LOGFILE" >&2
    fi
    if [ -s "$ES_STARTUP_OUT" ]; then
        echo "----- last $n lines of $ES_STARTUP_OUT -----" >&2
        tail -n "$n" "$ES_STARTUP_OUT" >&2
    fi
    echo "-----" >&2
}

# ---------------------------------------------------------------------------
# Install / configure
# ---------------------------------------------------------------------------
fetch_zip() {
    if [ -s "$ES_ZIP" ]; then
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn is required to download $ES_ARTIFACT"
    log "downloading $ES_ARTIFACT via Maven (one-off, ~100 MB)"
    local mvn_log="$STATE_DIR/mvn-fetch.log"
    if ! mvn -B -q dependency:get -Dartifact="$ES_ARTIFACT" -Dtransitive=false \
            -Dmaven.repo.local="$ES_MAVEN_REPO" > "$mvn_log" 2>&1 < /dev/null; then
        tail -n 30 "$mvn_log" >&2
        die "mvn could not fetch $ES_ARTIFACT (full output: $mvn_log)"
    fi
    [ -s "$ES_ZIP" ] || die "mvn succeeded but $ES_ZIP is missing"
}

unpack() {
    if [ -x "$ES_DIST/bin/elasticsearch" ]; then
        return 0
    fi
    fetch_zip
    log "unpacking into $ES_DIST"
    local tmp="$STATE_DIR/.unpack.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$ES_ZIP" -d "$tmp"
    elif command -v python3 >/dev/null 2>&1; then
        python3 -m zipfile -e "$ES_ZIP" "$tmp"
        chmod +x "$tmp/elasticsearch-$ES_VERSION"/bin/*   # zipfile drops modes
    else
        die "need unzip or python3 to unpack $ES_ZIP"
    fi
    [ -x "$tmp/elasticsearch-$ES_VERSION/bin/elasticsearch" ] || die "unexpected zip layout in $ES_ZIP"
    rm -rf "$ES_DIST"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_DIST"
    rm -rf "$tmp"
}

write_config() {
    mkdir -p "$ES_CONF" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
    # Seed jvm.options, log4j2.properties, ... from the distribution once;
    # keep anything already there (e.g. the keystore the node creates).
    local f
    for f in "$ES_DIST"/config/*; do
        [ -e "$ES_CONF/$(basename "$f")" ] || cp -R "$f" "$ES_CONF/"
    done
    # Rewritten on every start. Only settings that the integ-test-zip modules
    # register are allowed here: unknown settings (e.g. xpack.ml.enabled,
    # ingest.geoip.*) make the node refuse to start.
    cat > "$ES_CONF/elasticsearch.yml" <<EOF
# Generated by scripts/elasticsearch.sh on every start -- edits are lost.
cluster.name: $ES_CLUSTER_NAME
node.name: dev-node
path.data: $ES_DATA
path.logs: $ES_LOGS
# Single node on loopback: no discovery, and bootstrap checks (e.g.
# vm.max_map_count) are not enforced.
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: 9300-9400
# Must be explicit, otherwise 8.x auto-configures TLS + passwords on first start.
xpack.security.enabled: false
# Dev/CI machines are often nearly full; never go read-only because of disk.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
    if is_root; then
        chown -R "$ES_RUN_USER:" "$STATE_DIR"
    fi
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
cmd_start() {
    local status
    command -v curl >/dev/null 2>&1 || die "curl is required"
    if status="$(healthy_status 1s)"; then
        log "already running on http://127.0.0.1:$ES_PORT (cluster status: $status)"
        return 0
    fi
    resolve_java_home
    ensure_run_user
    resolve_state_dir
    set_paths
    mkdir -p "$STATE_DIR"
    unpack
    write_config

    local t0=$SECONDS pid
    if pid="$(node_pid)"; then
        log "node already starting (pid $pid); waiting for it"
    else
        rm -f "$ES_PIDFILE"
        log "starting Elasticsearch $ES_VERSION on http://127.0.0.1:$ES_PORT (heap $ES_HEAP, user $(is_root && echo "$ES_RUN_USER" || id -un))"
        # -d: the launcher returns once the node has started (or failed).
        # cd: the JVM's working directory must be readable by the node's user.
        local rc=0
        (
            cd "$STATE_DIR"
            run_as_user env -u JAVA_HOME -u JAVA_TOOL_OPTIONS -u _JAVA_OPTIONS \
                ES_JAVA_HOME="$JAVA_HOME_RESOLVED" \
                ES_PATH_CONF="$ES_CONF" \
                ES_TMPDIR="$ES_TMP" \
                ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${ES_JAVA_OPTS:-}" \
                "$ES_DIST/bin/elasticsearch" -d -p "$ES_PIDFILE" \
                > "$ES_STARTUP_OUT" 2>&1 < /dev/null
        ) || rc=$?
        if [ "$rc" -ne 0 ]; then
            err "elasticsearch launcher exited with code $rc"
            show_log_tail 50
            exit 1
        fi
    fi

    printf '[elasticsearch] waiting for cluster health (up to %ss) ' "$ES_START_TIMEOUT"
    while :; do
        if status="$(healthy_status 1s)"; then
            printf ' %s\n' "$status"
            break
        fi
        if ! node_pid >/dev/null && [ $((SECONDS - t0)) -gt 5 ]; then
            printf '\n'
            err "node process is not running"
            show_log_tail 50
            exit 1
        fi
        if [ $((SECONDS - t0)) -ge "$ES_START_TIMEOUT" ]; then
            printf '\n'
            err "node did not become green/yellow within ${ES_START_TIMEOUT}s (still running, pid $(node_pid || echo '?'))"
            show_log_tail 50
            exit 1
        fi
        printf '.'
        sleep 1
    done
    log "ready in $((SECONDS - t0))s: http://127.0.0.1:$ES_PORT (pid $(node_pid || echo '?'))"
    log "logs: $ES_LOGFILE  (bash $0 logs)"
}

cmd_stop() {
    resolve_state_dir
    set_paths
    local pid
    if ! pid="$(node_pid)"; then
        rm -f "$ES_PIDFILE"
        if healthy_status 1s >/dev/null; then
            log "not started by this script (no live pid in $ES_PIDFILE), but a node answers on port $ES_PORT; leaving it alone"
        else
            log "not running"
        fi
        return 0
    fi
    log "stopping node (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still running after 60s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    fi
    rm -f "$ES_PIDFILE"
    log "stopped"
}

cmd_status() {
    resolve_state_dir
    set_paths
    local pid status
    pid="$(node_pid || true)"
    if status="$(healthy_status 1s)"; then
        log "running on http://127.0.0.1:$ES_PORT, cluster status $status${pid:+, pid $pid}"
        log "state dir: $STATE_DIR"
        return 0
    fi
    if [ -n "$pid" ]; then
        log "process running (pid $pid) but not healthy on port $ES_PORT"
    else
        log "not running"
    fi
    return 3
}

cmd_logs() {
    resolve_state_dir
    set_paths
    [ -f "$ES_LOGFILE" ] || die "no log file yet at $ES_LOGFILE"
    log "$ES_LOGFILE"
    if [ "${1:-}" = "-f" ]; then
        tail -n 100 -f "$ES_LOGFILE"
    else
        tail -n "${ES_LOG_LINES:-100}" "$ES_LOGFILE"
    fi
}

case "${1:-start}" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    logs)   shift || true; cmd_logs "${1:-}" ;;
    -h|--help|help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' ;;
    *) err "unknown command '$1' (use start|stop|status|logs [-f])"; exit 1 ;;
esac
