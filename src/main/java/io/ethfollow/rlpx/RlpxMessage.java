package io.ethfollow.rlpx;

/**
 * One RLPx message as the frame codec sees it: the absolute message id (p2p ids 0x00-0x0f, eth from
 * 0x10) and the payload bytes after the id, compressed or not depending on where in the pipeline it
 * is. The array is handed over, not copied (frames carry up to 16 MiB): whoever creates one must not
 * modify the array afterwards.
 *
 * @param code absolute message id, 0 or more
 * @param payload the RLP payload (or its snappy form)
 */
public record RlpxMessage(int code, byte[] payload) {
  public RlpxMessage {
    if (code < 0) {
      throw new IllegalArgumentException("negative message id " + code);
    }
  }
}
