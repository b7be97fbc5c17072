package io.ethfollow.peer;

import io.ethfollow.wire.Enode;
import java.time.Duration;

/**
 * What the pool knows about one node, connected or not: where to dial it, whether the operator listed
 * it, and its standing as data ({@code suitableAfter}, ban, strikes, reputation). Owned by
 * {@link PeerPool}; mutated only on the scheduler's thread.
 */
final class NodeRecord {
  /** Reputation credit is capped so a long-good peer that turns bad is still banned after a few bad answers. */
  static final int MAX_REPUTATION = 50;

  final PeerId id;
  Enode enode;
  final boolean isStatic;
  /** Not dialled (or, while connected, not selected) before this time. */
  long suitableAfter;
  /** Not accepted before this time; 0 when not banned. Static nodes are never banned. */
  long bannedUntil;
  /** Cooldowns applied since the node last served a full answer; the cooldown grows with it. */
  int strikes;
  /**
   * Failed dials and short sessions of a static node since its last session that lasted (see {@link
   * PoolConfig#staticStableSession()}): the exponent of its redial backoff.
   */
  int staticFailures;
  int reputation;
  /** When the node last gave a full answer; -1 never. */
  long lastGood = -1;

  NodeRecord(PeerId id, Enode enode, boolean isStatic) {
    this.id = id;
    this.enode = enode;
    this.isStatic = isStatic;
  }

  boolean banned(long now) {
    return bannedUntil > now;
  }

  boolean cooling(long now) {
    return suitableAfter > now;
  }

  /**
   * Applies a hold-back of {@code severity}: a ban for BAN (a long cooldown for static nodes), else
   * {@code base × (1 + strikes)} capped. Never shortens an existing hold-back.
   */
  void penalise(Severity severity, long now, PoolConfig config) {
    if (severity == Severity.NONE) {
      return;
    }
    if (severity == Severity.BAN && !isStatic) {
      bannedUntil = Math.max(bannedUntil, now + config.banDuration().toMillis());
      suitableAfter = Math.max(suitableAfter, bannedUntil);
      return;
    }
    Severity s = severity == Severity.BAN ? Severity.HIGH : severity;
    long base = config.base(s).toMillis();
    long wait = Math.min(base * (1L + strikes), config.cooldownCap().toMillis());
    strikes++;
    suitableAfter = Math.max(suitableAfter, now + wait);
  }

  /**
   * A session of this static node ended after {@code lasted} ms: a session that lasted at least
   * {@link PoolConfig#staticStableSession()} clears the failure streak (the next redial waits the
   * base delay); a shorter one counts as one more failure, so a node that accepts and then drops us
   * every few seconds is redialled less and less often.
   */
  void staticSessionEnded(long lasted, long now, PoolConfig config) {
    if (lasted >= config.staticStableSession().toMillis()) {
      staticFailures = 0;
    }
    staticDialFailed(now, config);
  }

  /**
   * Static redial: {@code base × 2^(failures-1)}, capped; replaces any longer cooldown (the operator
   * wants it). The next dial time is data ({@code suitableAfter}); the pool's timer wakes for it.
   */
  void staticDialFailed(long now, PoolConfig config) {
    staticFailures++;
    int shift = Math.min(staticFailures - 1, 30);
    long wait = Math.min(config.staticRedialBase().toMillis() << shift, config.staticRedialCap().toMillis());
    suitableAfter = now + wait;
  }

  static Duration durationBetween(long from, long to) {
    return Duration.ofMillis(Math.max(0, to - from));
  }
}
