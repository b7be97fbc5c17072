#!/usr/bin/env bash
# Interop with a real client written by others: @ethereumjs/client 0.10.5 (pinned, from npm) serves the
# 45-block exec-apis-prague chain on 127.0.0.1; `ethfollow peer check` connects to it over RLPx/eth,
# downloads every header, body and receipt list, verifies them against the roots and compares the head
# hash with the known one. Then the same against the *stock* client, which never answers GetReceipts:
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

cleanup() {
  scripts/interop/ejs-peer.sh stop --port "$PORT" || true
  scripts/interop/ejs-peer.sh stop --port "$((PORT + 1))" || true
}
trap cleanup EXIT

if [ ! -f target/ethfollow.jar ]; then
  log "building ethfollow (mvn package) ..."
  mvn -q -B -DskipTests package
fi

# 1. patched client: everything must download and verify.
ENODE="$(scripts/interop/ejs-peer.sh start --port "$PORT" --chain "$CHAIN")"
log "patched EthereumJS at $ENODE"
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
