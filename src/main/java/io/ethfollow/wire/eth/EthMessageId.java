package io.ethfollow.wire.eth;

import java.util.Optional;

/**
 * Message codes of the eth protocol, relative to the capability's offset (caps/eth.md). eth/68 and
 * eth/69 share the codes; eth/69 adds BlockRangeUpdate (0x11). Codes 0x0b-0x0e (the old state-sync
 * messages) are gone since eth/67 and are unknown here. Immutable; thread-safe.
 */
public enum EthMessageId {
  STATUS(0x00),
  NEW_BLOCK_HASHES(0x01),
  TRANSACTIONS(0x02),
  GET_BLOCK_HEADERS(0x03),
  BLOCK_HEADERS(0x04),
  GET_BLOCK_BODIES(0x05),
  BLOCK_BODIES(0x06),
  NEW_BLOCK(0x07),
  NEW_POOLED_TRANSACTION_HASHES(0x08),
  GET_POOLED_TRANSACTIONS(0x09),
  POOLED_TRANSACTIONS(0x0a),
  GET_RECEIPTS(0x0f),
  RECEIPTS(0x10),
  BLOCK_RANGE_UPDATE(0x11);

  /** eth/69 (EIP-7642) is the first version with BlockRangeUpdate. */
  private static final int ETH69 = 69;

  private final int code;

  EthMessageId(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** True when this message exists in the given eth version (68 or 69). */
  public boolean existsIn(int version) {
    return this != BLOCK_RANGE_UPDATE || version >= ETH69;
  }

  /** The message with this code in the given eth version, or empty when the version lacks it. */
  public static Optional<EthMessageId> fromCode(int version, int code) {
    for (EthMessageId id : values()) {
      if (id.code == code && id.existsIn(version)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }
}
