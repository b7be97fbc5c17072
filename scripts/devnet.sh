#!/usr/bin/env bash
# See ethfollow work offline: a fresh small-profile devnet on 127.0.0.1 (a few thousand blocks
# already in the past, then one block every 2 s), three producers serving it (one honest, one 30
# blocks stale, one that sees each block 3 s late) and an ethfollow daemon that fast-syncs from block
# 0 and then follows them. Prints the curl commands for the status endpoint and where the logs are;
# Ctrl-C (or SIGTERM) stops everything.
#
# usage: scripts/devnet.sh
# env:   DEVNET_DIR          where the network, stores and logs go (default: a new temp dir; must be
#                            empty or absent)
#        DEVNET_PREFILL      blocks in the past (default 3000; above ~1,100 the daemon fast-syncs)
#        DEVNET_BLOCK_TIME   block time in ms (default 2000)
#        DEVNET_SEED         chain seed (default 7)
#        DEVNET_PORT         first of four TCP ports on 127.0.0.1: the daemon's, then the producers'
#                            (default 30400)
#        DEVNET_STATUS_ADDR  the daemon's status endpoint (default 127.0.0.1:8547)
#        DEVNET_RPC_ADDR     the daemon's JSON-RPC (default 127.0.0.1:8545)
#        DEVNET_DURATION     stop by itself after this many seconds (default: run until Ctrl-C)
#        ETHFOLLOW           the ethfollow command (default: bin/ethfollow, building target/ethfollow.jar
#                            with `mvn -B -q -DskipTests package` if it is missing)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFILL="${DEVNET_PREFILL:-3000}"
BLOCK_TIME="${DEVNET_BLOCK_TIME:-2000}"
SEED="${DEVNET_SEED:-7}"
PORT="${DEVNET_PORT:-30400}"
STATUS_ADDR="${DEVNET_STATUS_ADDR:-127.0.0.1:8547}"
RPC_ADDR="${DEVNET_RPC_ADDR:-127.0.0.1:8545}"
DURATION="${DEVNET_DURATION:-}"
log() { echo "[devnet] $*" >&2; }

if [ -n "${ETHFOLLOW:-}" ]; then
  read -r -a EF <<< "$ETHFOLLOW"
else
  EF=("$repo/bin/ethfollow")
  if [ ! -f "$repo/target/ethfollow.jar" ]; then
    log "building ethfollow (mvn -B -q -DskipTests package) ..."
    (cd "$repo" && mvn -B -q -DskipTests package)
  fi
fi

if [ -n "${DEVNET_DIR:-}" ]; then
  DIR="$DEVNET_DIR"
  if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
    log "DEVNET_DIR $DIR is not empty: choose another or remove it (each run starts a fresh network)"
    exit 2
  fi
  mkdir -p "$DIR"
else
  DIR="$(mktemp -d "${TMPDIR:-/tmp}/ethfollow-devnet.XXXXXX")"
fi
DIR="$(cd "$DIR" && pwd)"

pids=()
stopping=0
cleanup() {
  [ "$stopping" = 1 ] && return
  stopping=1
  if [ "${#pids[@]}" -gt 0 ]; then
    log "stopping ${#pids[@]} processes ..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for pid in "${pids[@]}"; do
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    done
  fi
  log "stopped; everything is still in $DIR"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

log "devnet in $DIR: $PREFILL blocks, one every $BLOCK_TIME ms, seed $SEED"
"${EF[@]}" devnet init --out "$DIR/net" --seed "$SEED" --block-time "$BLOCK_TIME" --profile small \
  --prefill "$PREFILL" > "$DIR/init.json"
GENESIS="$DIR/net/genesis.json"

faults=("" "stale:30" "lag:3000")
names=("honest" "stale" "lagging")
for i in 0 1 2; do
  args=(devnet serve --genesis "$GENESIS" --port "$((PORT + 1 + i))" --data-dir "$DIR/${names[$i]}")
  [ -n "${faults[$i]}" ] && args+=(--fault "${faults[$i]}")
  "${EF[@]}" "${args[@]}" > "$DIR/${names[$i]}.log" 2> "$DIR/${names[$i]}.err" &
  pids+=("$!")
done

# Each producer prints its enode as its first stdout line.
enodes=()
for i in 0 1 2; do
  f="$DIR/${names[$i]}.log"
  for _ in $(seq 1 600); do
    if [ -s "$f" ] && head -n1 "$f" | grep -q '^enode://'; then break; fi
    kill -0 "${pids[$i]}" 2>/dev/null || { log "producer ${names[$i]} exited: $(cat "$DIR/${names[$i]}.err")"; exit 1; }
    sleep 0.1
  done
  line="$(head -n1 "$f")"
  case "$line" in enode://*) enodes+=("$line") ;; *) log "no enode from producer ${names[$i]}"; exit 1 ;; esac
done
peers="$(IFS=,; echo "${enodes[*]}")"

"${EF[@]}" run --genesis "$GENESIS" --data-dir "$DIR/follower" --start-block 0 --static-peers "$peers" \
  --no-discovery --port "$PORT" --listen-addr 127.0.0.1 --status-addr "$STATUS_ADDR" \
  --rpc-addr "$RPC_ADDR" \
  > "$DIR/follower.log" 2> "$DIR/follower.err" &
pids+=("$!")

cat <<EOF
ethfollow is following a local devnet (producers: honest, stale:30, lag:3000).

  curl -s http://$STATUS_ADDR/status      # mode: starting -> fast-sync -> follow; localHead, lagBlocks, fastSync
  curl -s http://$STATUS_ADDR/health      # 200 once following within 2 blocks
  curl -s http://$STATUS_ADDR/peers
  curl -s http://$STATUS_ADDR/metrics
  curl -s http://$RPC_ADDR -H 'Content-Type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["latest",false]}'

logs (JSON lines):  $DIR/follower.log   producers: $DIR/{honest,stale,lagging}.log
stderr:             $DIR/*.err
afterwards:         ${EF[*]} verify --data-dir $DIR/follower
Ctrl-C stops everything.
EOF

deadline=""
[ -n "$DURATION" ] && deadline=$((SECONDS + DURATION))
while :; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" && rc=0 || rc=$?
      log "process $pid exited with $rc; see the logs in $DIR"
      exit 1
    fi
  done
  if [ -n "$deadline" ] && [ "$SECONDS" -ge "$deadline" ]; then
    log "DEVNET_DURATION of $DURATION s reached"
    exit 0
  fi
  sleep 1
done
