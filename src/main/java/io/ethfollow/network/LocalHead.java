package io.ethfollow.network;

import io.ethfollow.chain.Hash;

/**
 * What our eth Status says about us: the head we hold (number, hash, timestamp for the fork id) and
 * the earliest block we can serve (eth/69). Before anything is stored this is the genesis block.
 */
public record LocalHead(long number, Hash hash, long timestamp, long earliest) {}
