#!/usr/bin/env python3
"""Turns a JMH JSON result file (scripts/jmh.sh ... -rf json -rff FILE) into the Markdown tables of
docs/performance.md: ops/s, MB/s (ops/s x input bytes) and the ratios strict/Tuweni and root/keccak.

Input sizes come from the same test vectors the benchmarks load, so the MB/s cannot drift from them.
usage: scripts/jmh-table.py target/jmh.json
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
VECTORS = os.path.join(ROOT, "src/test/resources/testdata/mainnet-blocks")


def rlp_header(data, pos):
    """(payload start, payload length, is list) of the item at pos (vectors are trusted here)."""
    b = data[pos]
    if b < 0x80:
        return pos, 1, False
    if b <= 0xB7:
        return pos + 1, b - 0x80, False
    if b <= 0xBF:
        n = b - 0xB7
        return pos + 1 + n, int.from_bytes(data[pos + 1 : pos + 1 + n], "big"), False
    if b <= 0xF7:
        return pos + 1, b - 0xC0, True
    n = b - 0xF7
    return pos + 1 + n, int.from_bytes(data[pos + 1 : pos + 1 + n], "big"), True


def trie_value_bytes(list_rlp):
    """Sum of trie values of an eth/68 list: raw encoding for lists, payload for typed strings."""
    start, length, _ = rlp_header(list_rlp, 0)
    pos, total = start, 0
    while pos < start + length:
        s, n, is_list = rlp_header(list_rlp, pos)
        total += (s + n - pos) if is_list else n
        pos = s + n
    return total


def sizes():
    out = {}
    for name in os.listdir(VECTORS):
        if not name.endswith(".json") or name == "index.json":
            continue
        doc = json.load(open(os.path.join(VECTORS, name)))
        for b in doc.get("blocks", [doc]):
            body = bytes.fromhex(b["body_rlp"][2:])
            s, n, _ = rlp_header(body, 0)
            txs_start, txs_len, _ = rlp_header(body, s)
            txs_rlp = body[s : txs_start + txs_len]
            out[str(b["number"])] = {
                "body": len(body),
                "header": len(b["header_rlp"]) // 2 - 1,
                "txs": trie_value_bytes(txs_rlp),
                "receipts": trie_value_bytes(bytes.fromhex(b["receipts_eth68_rlp"][2:])),
            }
    return out


def main(path):
    results = json.load(open(path))
    size = sizes()
    score = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        block = r["params"]["block"]
        m = r["primaryMetric"]
        score[(name, block)] = (m["score"], m["scoreError"], m["rawData"])

    def spread(raw):
        per_fork = [sum(it) / len(it) for it in raw]
        return "/".join(f"{x:,.0f}" for x in per_fork)

    def row(name, block, nbytes):
        s, err, raw = score[(name, block)]
        mbs = s * nbytes / 1e6
        err = "n/a" if isinstance(err, str) else f"{err:,.0f}"  # JMH writes "NaN" for too few samples
        return s, f"| {name} | {block} | {nbytes:,} | {s:,.0f} ± {err} | {spread(raw)} | {mbs:,.0f} |"

    blocks = sorted({b for (_, b) in score}, key=int)
    print("### RLP decode (strict RlpReader vs Tuweni 2.3.1 lenient=false)\n")
    print("| benchmark | block | input bytes | ops/s (± 99.9% CI) | per-fork means | MB/s |")
    print("|---|---|---|---|---|---|")
    ratios = []
    for b in blocks:
        if ("bodyStrict", b) not in score:
            continue
        for name, kind in [("bodyStrict", "body"), ("bodyTuweni", "body"),
                           ("bodyStrictSkipLeaves", "body"), ("bodyTuweniSkipLeaves", "body"),
                           ("headerBlockHeaderDecodeWithHash", "header"),
                           ("headerStrict", "header"), ("headerTuweni", "header")]:
            if (name, b) in score:
                print(row(name, b, size[b][kind])[1])
        for a, t, label in [("bodyStrict", "bodyTuweni", "body, leaves copied"),
                            ("bodyStrictSkipLeaves", "bodyTuweniSkipLeaves", "body, leaves skipped"),
                            ("headerStrict", "headerTuweni", "header fields, copied")]:
            if (a, b) in score and (t, b) in score:
                ratios.append((b, label, score[(a, b)][0] / score[(t, b)][0]))
    print("\n| block | comparison | strict ÷ Tuweni (×) |")
    print("|---|---|---|")
    for b, label, x in ratios:
        print(f"| {b} | {label} | {x:.2f} |")

    print("\n### Trie roots vs plain Keccak-256 over the same bytes\n")
    print("| benchmark | block | value bytes | ops/s (± 99.9% CI) | per-fork means | MB/s of values |")
    print("|---|---|---|---|---|---|")
    tr = []
    for b in blocks:
        for root, kec, kind in [("txRoot", "txKeccakSameBytes", "txs"),
                                ("receiptsRoot", "receiptsKeccakSameBytes", "receipts")]:
            if (root, b) in score and (kec, b) in score:
                print(row(root, b, size[b][kind])[1])
                print(row(kec, b, size[b][kind])[1])
                tr.append((b, kind, score[(kec, b)][0] / score[(root, b)][0]))
    print("\n| block | root | root time ÷ keccak time (×) |")
    print("|---|---|---|")
    for b, kind, x in tr:
        print(f"| {b} | {kind} | {x:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
