package io.ethfollow.rlpx;

/**
 * Pipeline user event fired by {@link HandshakeHandler} once the frame codec is installed: the
 * session handler sends Hello next. Immutable.
 *
 * @param remoteNodeId the peer's authenticated node id
 */
record HandshakeCompleted(byte[] remoteNodeId) {}
