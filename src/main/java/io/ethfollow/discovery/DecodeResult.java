package io.ethfollow.discovery;

/** The outcome of decoding one datagram: a verified packet with its sender, or a classified drop. */
public sealed interface DecodeResult permits DecodeResult.Accepted, DecodeResult.Rejected {

  /**
   * A packet whose hash and signature checked out.
   *
   * @param sender the node id recovered from the signature
   * @param hash the packet hash (a Pong or ENRResponse refers to its request by this value)
   */
  record Accepted(Packet packet, NodeId sender, byte[] hash) implements DecodeResult {}

  /** A dropped datagram with the reason and a one-line detail for debug logs. */
  record Rejected(Rejection reason, String detail) implements DecodeResult {}
}
