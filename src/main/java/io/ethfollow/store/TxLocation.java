package io.ethfollow.store;

/** Where a transaction sits in the canonical chain: block number and index inside the block. */
public record TxLocation(long blockNumber, int index) {}
