#!/usr/bin/env bash
# N replicas of the chat behind nginx, sharing one Redis (rate limits, answer budget) and
# one read-only index.
#
#   deploy/replicas.sh start [N]   # default 2 replicas; nginx on 127.0.0.1:$PORT (8080)
#   deploy/replicas.sh stop
#
# Build the index first (`make index`); replicas never build it. Environment: PORT (8080),
# FIRST_PORT (7861, the replicas take FIRST_PORT..FIRST_PORT+N-1), REDIS_PORT (6390),
# RUN_DIR (/tmp/chatbot-replicas: logs and pid files), PYTHON (.venv/bin/python); any CHATBOT_*
# variable reaches the replicas. One host here; on several hosts, point CHATBOT_REDIS_URL
# at one Redis, ship index/current read-only to each, and list each replica in nginx.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${RUN_DIR:-${TMPDIR:-/tmp}/chatbot-replicas}
PORT=${PORT:-8080}
FIRST_PORT=${FIRST_PORT:-7861}
REDIS_PORT=${REDIS_PORT:-6390}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

stop() {
    [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
    for pid in "$RUN"/replica-*.pid; do
        [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
    done
    [ -f "$RUN/redis.pid" ] && kill "$(cat "$RUN/redis.pid")" 2>/dev/null || true
    rm -f "$RUN"/*.pid
}

start() {
    local n=${1:-2}
    command -v redis-server >/dev/null && command -v nginx >/dev/null \
        || { echo "error: redis-server and nginx are needed: run make server-deps" >&2; exit 1; }
    "$PYTHON" -m chatbot check-index >/dev/null \
        || { echo "error: the index is missing or stale: run make index first" >&2; exit 1; }
    mkdir -p "$RUN"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log"
    local servers=""
    for i in $(seq 0 $((n - 1))); do
        local port=$((FIRST_PORT + i))
        CHATBOT_PORT=$port CHATBOT_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
        CHATBOT_TRUSTED_PROXIES=${CHATBOT_TRUSTED_PROXIES:-127.0.0.1} CHATBOT_INDEX_MMAP=true \
            nohup "$PYTHON" "$ROOT/app.py" >"$RUN/replica-$i.log" 2>&1 &
        echo $! >"$RUN/replica-$i.pid"
        servers="$servers server 127.0.0.1:$port;"
    done
    sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$PORT|g" -e "s|@REPLICAS@|$servers|g" \
        "$ROOT/deploy/nginx.conf.template" >"$RUN/nginx.conf"
    for i in $(seq 0 $((n - 1))); do
        local port=$((FIRST_PORT + i)) tries=0
        until "$PYTHON" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/api/health', timeout=2)" \
                2>/dev/null; do
            tries=$((tries + 1))
            if [ "$tries" -gt 600 ] || ! kill -0 "$(cat "$RUN/replica-$i.pid")" 2>/dev/null; then
                echo "error: replica $i did not start; see $RUN/replica-$i.log" >&2; stop; exit 1
            fi
            sleep 0.5
        done
    done
    nginx -c "$RUN/nginx.conf" -p "$RUN"
    echo "$n replicas behind http://127.0.0.1:$PORT (logs in $RUN)"
}

case "${1:-}" in
    start) start "${2:-2}" ;;
    stop) stop ;;
    *) echo "usage: $0 start [N] | stop" >&2; exit 2 ;;
esac
