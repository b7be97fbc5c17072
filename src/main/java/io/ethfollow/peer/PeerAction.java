package io.ethfollow.peer;

import io.ethfollow.chain.Hash;
import io.ethfollow.wire.Enode;

/**
 * What the pool asks its shell to do. The pool does no IO: it emits these to a sink, the shell
 * (discovery/RLPx adapter, request executor, sync engine) carries them out and reports back with
 * pool events.
 */
public sealed interface PeerAction {
  /** Open a session to this node; report with onConnected or onDisconnected(id, DIAL_FAILED...). */
  record Dial(Enode enode) implements PeerAction {}

  /** End this session with this reason. */
  record Disconnect(PeerId id, DropReason reason) implements PeerAction {}

  /**
   * Learn this peer's current head (for example GetBlockHeaders from {@code knownHash} or forward
   * from {@code knownNumber}) and report it with onHeadObserved.
   */
  record ProbeHead(PeerId id, long knownNumber, Hash knownHash) implements PeerAction {}

  /** This peer can take work now (connected, finished a request, or its cooldown ended). */
  record PeerAvailable(PeerId id) implements PeerAction {}
}
