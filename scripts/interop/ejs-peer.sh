#!/usr/bin/env bash
# Runs @ethereumjs/client 0.10.5 (pinned by package-lock.json here) on 127.0.0.1 as a devp2p peer that
# serves a chain imported from RLP (eth/66-68; the client has no eth/69).
#
#   ejs-peer.sh start --port N --chain DIR [--stock] [--workdir DIR] [--rpc-port M]
#                                        prints the enode URL on stdout; --rpc-port also serves the
#                                        client's own JSON-RPC on 127.0.0.1:M (a reference to compare with)
#   ejs-peer.sh stop  --port N [--workdir DIR]                          SIGTERM, SIGKILL after 20 s
#
# --stock runs the unpatched client (it never answers GetReceipts). The npm runtime and the imported
# chain are cached in $ETHFOLLOW_INTEROP_CACHE (default ${TMPDIR:-/tmp}/ethfollow-interop-cache).
# Everything but the enode goes to stderr; the client's log is <workdir>/client.log.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EJS_VERSION=0.10.5
CACHE="${ETHFOLLOW_INTEROP_CACHE:-${TMPDIR:-/tmp}/ethfollow-interop-cache}"
# Import plus block execution of the 45-block chain takes ~5 s; 120 s covers a slow first npm ci.
READY_TIMEOUT=120

log() { echo "[ejs-peer] $*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

ACTION="${1:-}"; shift || true
PORT=""; CHAIN=""; PATCH=1; WORKDIR=""; RPC_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --chain) CHAIN="$2"; shift 2 ;;
    --stock) PATCH=0; shift ;;
    --workdir) WORKDIR="$2"; shift 2 ;;
    --rpc-port) RPC_ARGS=(--rpc --rpcAddr 127.0.0.1 --rpcPort "$2"); shift 2 ;;
    *) fail "unknown option $1" ;;
  esac
done
[ -n "$PORT" ] || fail "--port is required"
WORKDIR="${WORKDIR:-${TMPDIR:-/tmp}/ethfollow-ejs-$PORT}"
PIDFILE="$WORKDIR/ejs-peer.pid"

ours() { # the pid is alive and is the client
  local cmd
  cmd="$(tr "\\0" " " 2>/dev/null < "/proc/$1/cmdline")" || return 1
  case "$cmd" in *@ethereumjs/client/dist/esm/bin/cli.js*) return 0 ;; esac
  return 1
}

stop_client() {
  [ -f "$PIDFILE" ] || return 0
  local pid; pid="$(head -n1 "$PIDFILE")"
  if [ -n "$pid" ] && ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do ours "$pid" || break; sleep 0.2; done   # the client needs ~8 s
    if ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    log "pid $pid stopped"
  fi
  rm -f "$PIDFILE"
}

if [ "$ACTION" = stop ]; then stop_client; exit 0; fi
[ "$ACTION" = start ] || fail "usage: ejs-peer.sh start|stop --port N [--chain DIR] [--stock]"
[ -n "$CHAIN" ] || fail "--chain is required"
CHAIN="$(cd "$CHAIN" && pwd)"
[ -f "$CHAIN/genesis.json" ] && [ -f "$CHAIN/chain.rlp" ] || fail "$CHAIN needs genesis.json and chain.rlp"
command -v node >/dev/null || fail "node not found (install nodejs >= 18)"
command -v npm >/dev/null || fail "npm not found"
stop_client   # a previous run of this workdir, if any
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && fail "port $PORT is already in use on 127.0.0.1"

# 1. the pinned runtime, patched unless --stock
RT="$CACHE/runtime-$EJS_VERSION-$([ "$PATCH" = 1 ] && echo patched || echo stock)"
mkdir -p "$CACHE"
if [ ! -f "$RT/.ok" ]; then
  tmp="$RT.tmp.$$"; rm -rf "$tmp"; mkdir -p "$tmp"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$tmp/"
  log "installing @ethereumjs/client@$EJS_VERSION (npm ci) ..."
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) || { rm -rf "$tmp"; fail "npm ci failed"; }
  if [ "$PATCH" = 1 ]; then node "$HERE/helpers.mjs" patch "$tmp" || { rm -rf "$tmp"; fail "patch failed"; }; fi
  touch "$tmp/.ok"; rm -rf "$RT"; mv "$tmp" "$RT"
fi
CLI="$RT/node_modules/@ethereumjs/client/dist/esm/bin/cli.js"

# 2. a fresh data dir with our node key; the client imports (and executes) chain.rlp on start
rm -rf "$WORKDIR"; mkdir -p "$WORKDIR"
DATADIR="$WORKDIR/data"; NETDIR="$DATADIR/genesis"; LOG="$WORKDIR/client.log"
node "$HERE/helpers.mjs" seedkey "$RT" "$NETDIR/config" "$(tr -d ' \r\n' < "$HERE/nodekey")"
# --no-logFile: --logFile=false would write logs to a file named "false"; discovery off: loopback only.
(cd "$WORKDIR" && exec nohup node "$CLI" --gethGenesis "$CHAIN/genesis.json" --dataDir "$DATADIR" \
  --port "$PORT" --extIP 127.0.0.1 --bootnodes --discV4=false --discDns=false --maxPeers 10 \
  --no-logFile --logLevel info --loadBlocksFromRlp "$CHAIN/chain.rlp" ${RPC_ARGS[@]+"${RPC_ARGS[@]}"} \
  > "$LOG" 2>&1 < /dev/null) &
PID=$!
echo "$PID" > "$PIDFILE"

# 3. ready when the client says so and has written its enode
deadline=$((SECONDS + READY_TIMEOUT))
while :; do
  # kill -0, not ours(): right after the fork the subshell has not exec'd node yet.
  kill -0 "$PID" 2>/dev/null || { tail -n 20 "$LOG" >&2; rm -f "$PIDFILE"; fail "client exited during start"; }
  if grep -q "Client started successfully" "$LOG" && [ -s "$NETDIR/rlpx" ]; then break; fi
  [ $SECONDS -lt $deadline ] || { stop_client; fail "client not ready after $READY_TIMEOUT s (log: $LOG)"; }
  sleep 0.2
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { stop_client; fail "client is not listening on $PORT (EADDRINUSE?)"; }
log "ready: pid $PID, log $LOG"
head -n1 "$NETDIR/rlpx"
