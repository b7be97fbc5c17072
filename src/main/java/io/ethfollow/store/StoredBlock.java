package io.ethfollow.store;

import io.ethfollow.chain.Hash;

/**
 * One canonical block as stored, raw bytes only, as {@code ethfollow verify} walks the chain. Arrays
 * are fresh copies owned by the receiver.
 */
public record StoredBlock(long number, Hash hash, byte[] header, byte[] body, byte[] receipts) {}
