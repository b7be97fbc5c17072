package io.ethfollow.discovery;

/** Why an incoming datagram was dropped before it reached the protocol. Counted per reason. */
public enum Rejection {
  /** Over 1280 bytes: discv4 never produces such packets, so it is noise or an attack. */
  TOO_LARGE,
  /** Shorter than hash + signature + type + an RLP item. */
  TOO_SMALL,
  /** The leading keccak hash does not match the rest (not discv4, or corrupted). */
  BAD_HASH,
  /** The signature recovers no key. */
  BAD_SIGNATURE,
  /** A packet type byte we do not know (a future extension or another protocol). */
  UNKNOWN_TYPE,
  /** The RLP packet data does not have the packet's shape. */
  MALFORMED,
  /** The expiration lies in the past of our clock (replayed or delayed packet). */
  EXPIRED
}
