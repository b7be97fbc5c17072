package io.ethfollow.devnet;

import io.ethfollow.chain.Hash;

/**
 * Everything a devnet block carries besides its header links, with the commitments the header needs:
 * body RLP ({@code [txs, uncles, withdrawals]}), receipts RLP in eth/69 (storage) form, the
 * transactions, receipts and withdrawals roots, the logs bloom, gas and blob gas used. Immutable by
 * contract (arrays are handed over, never modified).
 */
record BlockContent(
    long number,
    long branch,
    byte[] body,
    byte[] receipts69,
    Hash transactionsRoot,
    Hash receiptsRoot,
    Hash withdrawalsRoot,
    byte[] logsBloom,
    long gasUsed,
    long blobGasUsed,
    int transactionCount,
    int logCount) {}
