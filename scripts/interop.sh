#!/usr/bin/env bash
# Interop with a real client written by others: @ethereumjs/client 0.10.5 (pinned, from npm) serves the
# 45-block exec-apis-prague chain on 127.0.0.1; `ethfollow peer check` connects to it over RLPx/eth,
# downloads every header, body and receipt list, verifies them against the roots and compares the head
# hash with the known one. Then an `ethfollow run` daemon syncs the chain from the same client and
# answers the execution-apis conformance fixtures (hive rpc-compat) over its JSON-RPC, receipts and
# logs included, and gives the same answers as EthereumJS's own JSON-RPC for every block, receipt and
# log (differences judged to be EthereumJS's are listed in rpc-diff.py). Then the same against the *stock* client, which never answers GetReceipts:
# ethfollow must time those requests out, say so, and finish (exit 1), not hang.
#
# usage: scripts/interop.sh            (needs node >= 18 and npm; first run downloads ~111 MB)
# env:   ETHFOLLOW_INTEROP_PORT  first of two TCP ports on 127.0.0.1 (default 30471)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${ETHFOLLOW_INTEROP_PORT:-30471}"
CHAIN=src/test/resources/testdata/exec-apis-prague
# From the chain's PROVENANCE.md: block 45 of ethereum/execution-apis tests/chain.rlp @ c710097a.
HEAD_HASH=0xaf51811799f22260e5b4e1f95504dae760505f102dcb2e9ca7d897d8a40124a1
HEAD_NUMBER=45
OUT="$(mktemp -d "${TMPDIR:-/tmp}/ethfollow-interop.XXXXXX")"
log() { echo "[interop] $*" >&2; }

DAEMON_PID=""
cleanup() {
  if [ -n "$DAEMON_PID" ]; then kill -TERM "$DAEMON_PID" 2>/dev/null || true; fi
  scripts/interop/ejs-peer.sh stop --port "$PORT" || true
  scripts/interop/ejs-peer.sh stop --port "$((PORT + 1))" || true
}
trap cleanup EXIT

if [ ! -f target/ethfollow.jar ]; then
  log "building ethfollow (mvn package) ..."
  mvn -q -B -DskipTests package
fi

# 1. patched client: everything must download and verify.
EJS_RPC_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ENODE="$(scripts/interop/ejs-peer.sh start --port "$PORT" --chain "$CHAIN" --rpc-port "$EJS_RPC_PORT")"
log "patched EthereumJS at $ENODE (its JSON-RPC on 127.0.0.1:$EJS_RPC_PORT)"
set +e
bin/ethfollow peer check --peer "$ENODE" --genesis "$CHAIN/genesis.json" --timeout 10s \
  > "$OUT/patched.json"
rc=$?
set -e
cat "$OUT/patched.json"
[ "$rc" = 0 ] || { log "FAIL: peer check against the patched client exited $rc"; exit 1; }
python3 - "$OUT/patched.json" "$HEAD_NUMBER" "$HEAD_HASH" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); n = int(sys.argv[2]); h = sys.argv[3]
assert r["passed"], "report not passed"
assert r["head"]["number"] == n and r["head"]["hash"] == h, f"head {r['head']} != {n} {h}"
assert r["verified"]["headers"] == n and r["verified"]["bodies"] == n and r["verified"]["receipts"] == n, r["verified"]
print(f"[interop] patched client: {n} headers, bodies and receipt lists verified, head {h}", file=sys.stderr)
PY

# 1b. a daemon syncs the chain from the same client and serves the JSON-RPC conformance fixtures.
RPC_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
RPC_URL="http://127.0.0.1:$RPC_PORT"
# The chain's blocks are from 2025 and never extended: no head-age bound for this run.
bin/ethfollow run --genesis "$CHAIN/genesis.json" --data-dir "$OUT/rpc-data" --static-peers "$ENODE" \
  --no-discovery --port 0 --listen-addr 127.0.0.1 --status-addr 127.0.0.1:0 \
  --rpc-addr "127.0.0.1:$RPC_PORT" --start-block 0 --max-head-age 876000h \
  > "$OUT/daemon.log" 2> "$OUT/daemon.err" &
DAEMON_PID=$!
synced=0
for _ in $(seq 1 240); do   # 120 s: the 45 blocks take a few seconds once the session is up
  kill -0 "$DAEMON_PID" 2>/dev/null || { log "FAIL: the daemon exited: $(cat "$OUT/daemon.err")"; exit 1; }
  n="$(curl -s -m 2 "$RPC_URL" -H 'Content-Type: application/json' \
      -d '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}' | python3 -c \
      'import json,sys; print(int(json.load(sys.stdin)["result"], 16))' 2>/dev/null || echo -1)"
  if [ "$n" = "$HEAD_NUMBER" ]; then synced=1; break; fi
  sleep 0.5
done
[ "$synced" = 1 ] || { log "FAIL: the daemon did not reach block $HEAD_NUMBER (log: $OUT/daemon.log)"; exit 1; }
log "daemon synced $HEAD_NUMBER blocks from EthereumJS; replaying the rpc-compat fixtures at $RPC_URL"
python3 scripts/interop/rpc-compat.py "$RPC_URL" src/test/resources/testdata/rpc-compat \
  || { log "FAIL: rpc-compat fixtures differ"; exit 1; }
log "comparing every block, receipt and log with EthereumJS's own JSON-RPC"
python3 scripts/interop/rpc-diff.py "$RPC_URL" "http://127.0.0.1:$EJS_RPC_PORT" "$HEAD_NUMBER" \
  || { log "FAIL: answers differ from EthereumJS's in a way not judged to be EthereumJS's"; exit 1; }
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID" || { log "FAIL: the daemon did not stop cleanly"; exit 1; }
DAEMON_PID=""
scripts/interop/ejs-peer.sh stop --port "$PORT"

# 2. stock client: GetReceipts is never answered; the check must time out cleanly and report it.
ENODE="$(scripts/interop/ejs-peer.sh start --port "$((PORT + 1))" --chain "$CHAIN" --stock)"
log "stock EthereumJS at $ENODE"
set +e
timeout 300 bin/ethfollow peer check --peer "$ENODE" --genesis "$CHAIN/genesis.json" --timeout 3s \
  > "$OUT/stock.json"
rc=$?
set -e
cat "$OUT/stock.json"
[ "$rc" = 1 ] || { log "FAIL: against the stock client expected exit 1 (receipts timed out), got $rc"; exit 1; }
python3 - "$OUT/stock.json" "$HEAD_NUMBER" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); n = int(sys.argv[2])
assert not r["passed"]
assert r["verified"]["headers"] == n and r["verified"]["bodies"] == n, r["verified"]
assert any(p["kind"] == "timeout" and p["request"] == "receipts" for p in r["problems"]), r["problems"]
print("[interop] stock client: headers and bodies verified, receipts timed out and were reported", file=sys.stderr)
PY
log "PASS"
