#!/usr/bin/env python3
"""Compares ethfollow's JSON-RPC answers with another client's for every block of a chain.

usage: rpc-diff.py OURS_URL THEIRS_URL HEAD_NUMBER

Asks both for each block 0..HEAD (with full transactions), every transaction's receipt, and the
logs of the whole range, and prints each kind of difference with an example. The other client is
a reference, not an oracle: the differences found and judged to be the other client's are listed in
THEIRS with the reason (docs/rpc.md, "Differential against EthereumJS"); any other difference
fails the run (exit 1).
"""
import json
import sys
import urllib.request


def call(url, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def diff(path, a, b, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            diff(path + "." + k, a.get(k, "<absent>"), b.get(k, "<absent>"), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(path + "[" + str(i) + "]", x, y, out)
    elif a != b:
        out.append((path, a, b))


# Differences judged to be the reference's, not ours: (field, predicate on our value, reason).
THEIRS = [
    ("totalDifficulty", lambda ours: ours == "<absent>",
     "EthereumJS 0.10.5 still shows totalDifficulty; execution-apis and geth dropped it (the rpc-compat fixtures have none)"),
    ("chainId", lambda ours: ours == "<absent>",
     "EthereumJS shows a chainId for legacy transactions signed without EIP-155 (v 27/28); geth omits it (fixture get-legacy-tx)"),
    ("authorizationList", lambda ours: ours != "<absent>",
     "EthereumJS 0.10.5 leaves out the authorizationList of type-4 transactions; geth shows it (fixture get-setcode-tx)"),
]


def judged(path, ours):
    field = path.rsplit(".", 1)[-1]
    for name, pred, reason in THEIRS:
        if field == name and pred(ours):
            return reason
    return None


def main():
    ours, theirs, head = sys.argv[1], sys.argv[2], int(sys.argv[3])
    found = []
    for n in range(0, head + 1):
        q = [hex(n), True]
        a, b = call(ours, "eth_getBlockByNumber", q), call(theirs, "eth_getBlockByNumber", q)
        diff(f"eth_getBlockByNumber({n})", a.get("result", a), b.get("result", b), found)
        for tx in (a.get("result") or {}).get("transactions", []):
            h = [tx["hash"]]
            ra, rb = call(ours, "eth_getTransactionReceipt", h), call(theirs, "eth_getTransactionReceipt", h)
            diff(f"eth_getTransactionReceipt({n}:{tx['transactionIndex']})", ra.get("result", ra),
                 rb.get("result", rb), found)
    q = [{"fromBlock": "0x0", "toBlock": hex(head)}]
    diff("eth_getLogs(all)", call(ours, "eth_getLogs", q).get("result"), call(theirs, "eth_getLogs", q).get("result"), found)
    import re
    kinds = {}
    for path, a, b in found:
        kinds.setdefault(re.sub(r"\(\d+(:0x[0-9a-f]+)?\)|\[\d+\]", "", path), []).append((path, a, b))
    unexplained = 0
    for key, rows in sorted(kinds.items()):
        path, a, b = rows[0]
        reason = judged(path, a)
        unexplained += 0 if reason else len(rows)
        tag = "theirs" if reason else "DIFF  "
        print(f"[rpc-diff] {tag} {len(rows):4d} x {key}   e.g. {path}: ours {json.dumps(a)[:60]} theirs "
              f"{json.dumps(b)[:60]}" + (f" ({reason})" if reason else ""), file=sys.stderr)
    print(f"[rpc-diff] {len(found)} differing values, {unexplained} not explained", file=sys.stderr)
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
