package io.ethfollow.peer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.chain.Hash;
import io.ethfollow.time.ManualScheduler;
import io.ethfollow.wire.Enode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Pool behaviour as events in, actions out, in virtual time. Each test drives {@link PeerPool} with
 * {@link ManualScheduler} and asserts the {@link PeerAction}s it emits.
 */
class PeerPoolTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<PeerAction> actions = new ArrayList<>();
  private PeerPool pool = new PeerPool(PoolConfig.forTests(), scheduler, actions::add);

  private static Hash hash(long n) {
    return Hash.keccakOf(Long.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private FakeLink connect(int n, long head) {
    FakeLink link = new FakeLink(FakeLink.id(n));
    pool.onConnected(link, head, hash(head), 0);
    return link;
  }

  private List<PeerAction> drain() {
    List<PeerAction> out = new ArrayList<>(actions);
    actions.clear();
    return out;
  }

  private static Set<Integer> dialed(List<PeerAction> as) {
    Set<Integer> out = new java.util.TreeSet<>();
    for (PeerAction a : as) {
      if (a instanceof PeerAction.Dial d) {
        out.add(d.enode().tcpPort() - 30303);
      }
    }
    return out;
  }

  private static long count(List<PeerAction> as, Class<?> type) {
    return as.stream().filter(type::isInstance).count();
  }

  @Test
  void dialsTowardsTargetWithinTheConcurrencyLimitRoundByRound() {
    for (int i = 0; i < 5; i++) {
      pool.onCandidate(FakeLink.enode(i));
    }
    // round 1: two dial slots
    assertThat(dialed(drain())).containsExactly(0, 1);
    // round 2: node 0 connects, node 1 fails: two slots free again, one more peer needed per slot
    connect(0, 100);
    pool.onDisconnected(FakeLink.id(1), DropReason.DIAL_FAILED);
    assertThat(dialed(drain())).containsExactly(2, 3);
    // round 3: both connect: target 3 reached, no more dials
    connect(2, 100);
    connect(3, 100);
    assertThat(dialed(drain())).isEmpty();
    assertThat(pool.counts().connected()).isEqualTo(3);
    // node 1 failed a dial: medium cooldown (3 min) before it is dialled again
    assertThat(pool.suitableAfter(FakeLink.id(1))).isEqualTo(Duration.ofMinutes(3).toMillis());
  }

  @Test
  void cooldownParksAPeerUntilADefiniteTimeWithoutARequeueLoop() {
    connect(0, 100);
    drain();
    PeerId id = FakeLink.id(0);
    for (int i = 0; i < 3; i++) {
      assertThat(pool.beginRequest(id)).isTrue();
      pool.onRequestOutcome(id, OutcomeKind.EMPTY);
    }
    List<PeerAction> afterThird = drain();
    assertThat(count(afterThird, PeerAction.PeerAvailable.class)).isEqualTo(2); // first two handed back
    assertThat(pool.counts().cooling()).isEqualTo(1);
    assertThat(pool.select(PeerRequirement.headers(1, 100))).isEmpty();
    long before = scheduler.tasksRun();
    scheduler.advance(Duration.ofSeconds(29));
    assertThat(drain()).noneMatch(a -> a instanceof PeerAction.PeerAvailable);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(drain()).contains(new PeerAction.PeerAvailable(id));
    assertThat(pool.select(PeerRequirement.headers(1, 100))).isPresent();
    // 30 s parked: a handful of timer wake-ups (cooldown end, probes), not a loop
    assertThat(scheduler.tasksRun() - before).isLessThanOrEqualTo(5);
  }

  @Test
  void probedHeadIsWhatTheNextSelectionUses() {
    connect(0, 100);
    PeerId id = FakeLink.id(0);
    assertThat(pool.select(PeerRequirement.headers(101, 105))).isEmpty();
    pool.onHeadObserved(id, 105, hash(105));
    assertThat(pool.select(PeerRequirement.headers(101, 105)))
        .hasValueSatisfying(s -> assertThat(s.headHash()).isEqualTo(hash(105)));
    // heads never move backwards on an older observation
    pool.onHeadObserved(id, 90, hash(90));
    assertThat(pool.peer(id).orElseThrow().headNumber()).isEqualTo(105);
  }

  @Test
  void probesAnIdlePeerOncePerIntervalAndAnEth68PeerAtOnce() {
    FakeLink link = new FakeLink(FakeLink.id(0));
    pool.onConnected(link, -1, hash(7), 0);
    assertThat(drain()).contains(new PeerAction.ProbeHead(link.id, -1, hash(7)));
    assertThat(pool.select(PeerRequirement.headers(0, 0))).isEmpty(); // busy probing
    pool.onHeadObserved(link.id, 7, hash(7));
    assertThat(drain()).contains(new PeerAction.PeerAvailable(link.id));
    scheduler.advance(Duration.ofSeconds(12));
    assertThat(count(drain(), PeerAction.ProbeHead.class)).isEqualTo(1);
  }

  @Test
  void disconnectRemovesFromSelectionAtOnceAndReconnectionRestores() {
    connect(0, 100);
    PeerId id = FakeLink.id(0);
    assertThat(pool.select(PeerRequirement.headers(1, 100))).isPresent();
    pool.onDisconnected(id, DropReason.TCP_ERROR);
    assertThat(pool.select(PeerRequirement.headers(1, 100))).isEmpty();
    assertThat(pool.link(id)).isEmpty();
    assertThat(pool.beginRequest(id)).isFalse();
    connect(0, 120); // inbound reconnect; the low cooldown still applies to selection
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(pool.select(PeerRequirement.headers(1, 120))).hasValueSatisfying(
        s -> assertThat(s.id()).isEqualTo(id));
  }

  @Test
  void penaltiesNeverLeaveThePoolEmptyWhileCandidatesRemain() {
    pool.onCandidate(FakeLink.enode(0));
    pool.onCandidate(FakeLink.enode(1));
    int dials = 0;
    int connections = 0;
    // every session is ended by the remote as useless: 15 min × strikes cooldowns for both nodes
    for (int step = 0; step < 600; step++) { // 10 virtual minutes in 1 s steps
      for (PeerAction a : drain()) {
        if (a instanceof PeerAction.Dial d) {
          dials++;
          FakeLink link = connect(d.enode().tcpPort() - 30303, 100);
          connections++;
          pool.onDisconnected(link.id, DropReason.USELESS_PEER);
        }
      }
      scheduler.advance(Duration.ofSeconds(1));
    }
    // both nodes are cooling for 15+ min, yet the pool kept retrying the least-bad one every 10 s
    assertThat(connections).isGreaterThan(10);
    assertThat(dials).isLessThanOrEqualTo(600 / 10 + 2);
    assertThat(pool.isBanned(FakeLink.id(0)) && pool.isBanned(FakeLink.id(1))).isFalse();
  }

  @Test
  void wrongNetworkBansForTwelveHoursAndRefusesInboundMeanwhile() {
    pool.onCandidate(FakeLink.enode(0));
    assertThat(dialed(drain())).containsExactly(0);
    pool.onDisconnected(FakeLink.id(0), DropReason.WRONG_NETWORK);
    assertThat(pool.isBanned(FakeLink.id(0))).isTrue();
    assertThat(pool.counts().banned()).isEqualTo(1);
    scheduler.advance(Duration.ofHours(1));
    assertThat(dialed(drain())).isEmpty(); // a ban is not a cooldown: no last-resort dial either
    FakeLink inbound = connect(0, 100);
    assertThat(inbound.closedWith).isNotNull();
    assertThat(pool.counts().connected()).isZero();
    scheduler.advance(Duration.ofHours(11));
    assertThat(dialed(drain())).containsExactly(0);
  }

  @Test
  void repeatedInvalidResponsesBanByReputation() {
    PeerId id = FakeLink.id(0);
    for (int i = 0; i < 4; i++) {
      connect(0, 100);
      pool.beginRequest(id);
      pool.onRequestOutcome(id, OutcomeKind.INVALID);
      assertThat(drain()).contains(new PeerAction.Disconnect(id, i < 3 ? DropReason.BAD_RESPONSE : DropReason.REPUTATION));
      pool.onDisconnected(id, DropReason.BAD_RESPONSE); // the shell confirms; no second penalty
    }
    assertThat(pool.isBanned(id)).isTrue();
  }

  @Test
  void remoteDisconnectCooldownGrowsPerStrikeAndIsCapped() {
    PeerId id = FakeLink.id(0);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      connect(0, 100);
      long now = scheduler.nowMillis();
      pool.onDisconnected(id, DropReason.USELESS_PEER);
      waits.add((pool.suitableAfter(id) - now) / 60_000);
      scheduler.advance(Duration.ofMillis(pool.suitableAfter(id) - now));
    }
    assertThat(waits).containsExactly(15L, 30L, 45L, 60L, 60L, 60L);
    // a full answer resets the strikes
    connect(0, 100);
    pool.beginRequest(id);
    pool.onRequestOutcome(id, OutcomeKind.OK);
    long now = scheduler.nowMillis();
    pool.onDisconnected(id, DropReason.TOO_MANY_PEERS);
    assertThat(pool.suitableAfter(id) - now).isEqualTo(30_000);
  }

  @Test
  void staticPeerRedialBackoffDoublesAndCaps() {
    pool.addStatic(FakeLink.enode(0));
    List<Long> gaps = new ArrayList<>();
    long last = -1;
    for (int step = 0; step < 1200 && gaps.size() < 7; step++) { // up to 20 min in 1 s steps
      for (PeerAction a : drain()) {
        if (a instanceof PeerAction.Dial) {
          long now = scheduler.nowMillis();
          if (last >= 0) {
            gaps.add((now - last) / 1000);
          }
          last = now;
          pool.onDisconnected(FakeLink.id(0), DropReason.DIAL_FAILED);
        }
      }
      scheduler.advance(Duration.ofSeconds(1));
    }
    assertThat(gaps).containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L);
    assertThat(pool.isBanned(FakeLink.id(0))).isFalse();
  }

  /**
   * A flaky static peer accepts the dial, then drops the session 5 s later, again and again: the
   * wait before each redial doubles from 10 s to the 5 min cap (the old pool reset the streak on
   * every connect and redialled every 10 s); one session that lasts 1 min resets it to 10 s.
   */
  @Test
  void flakyStaticPeerIsRedialledWithGrowingCappedWaitsUntilASessionLasts() {
    pool.addStatic(FakeLink.enode(0));
    PeerId id = FakeLink.id(0);
    List<Long> waits = new ArrayList<>();
    long droppedAt = -1;
    Duration sessionLength = Duration.ofSeconds(5);
    for (int step = 0; step < 3600 && waits.size() < 9; step++) { // up to 1 h in 1 s steps
      for (PeerAction a : drain()) {
        if (a instanceof PeerAction.Dial) {
          if (droppedAt >= 0) {
            waits.add((scheduler.nowMillis() - droppedAt) / 1000);
          }
          if (waits.size() == 7) {
            sessionLength = Duration.ofMinutes(1); // this one lasts
          } else if (waits.size() == 8) {
            sessionLength = Duration.ofSeconds(5);
          }
          connect(0, 100);
          scheduler.advance(sessionLength);
          pool.onDisconnected(id, DropReason.TCP_ERROR);
          droppedAt = scheduler.nowMillis();
        }
      }
      scheduler.advance(Duration.ofSeconds(1));
    }
    assertThat(waits).containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L, 10L, 20L);
    assertThat(pool.isBanned(id)).isFalse();
    assertThat(pool.suitableAfter(id) - droppedAt).isEqualTo(40_000); // due after the next short one
  }

  @Test
  void hopelesslyStalePeerIsDroppedOnceNotRecycledWithBoundedLogs() {
    Logger logger = (Logger) LoggerFactory.getLogger(PeerPool.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    ch.qos.logback.classic.Level level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try {
      connect(0, 5000);
      connect(1, 100); // 4900 behind the best head
      pool.onCandidate(FakeLink.enode(1));
      PeerId stale = FakeLink.id(1);
      assertThat(pool.counts().stale()).isEqualTo(1);
      assertThat(pool.select(PeerRequirement.headers(200, 200)).orElseThrow().id()).isEqualTo(FakeLink.id(0));
      long tasksBefore = scheduler.tasksRun();
      scheduler.advance(Duration.ofMinutes(2));
      assertThat(drain()).contains(new PeerAction.Disconnect(stale, DropReason.HOPELESSLY_STALE));
      pool.onDisconnected(stale, DropReason.HOPELESSLY_STALE);
      scheduler.advance(Duration.ofMinutes(10));
      assertThat(dialed(drain())).doesNotContain(1); // 15 min hold-back: dropped, not recycled
      long staleEvents = appender.list.stream()
          .filter(e -> e.getKeyValuePairs() != null && e.getKeyValuePairs().stream()
              .anyMatch(kv -> kv.key.equals("peer") && stale.shortId().equals(kv.value)))
          .count();
      assertThat(staleEvents).isLessThanOrEqualTo(3); // connected, dropped (+ at most one more)
      assertThat(scheduler.tasksRun() - tasksBefore).isLessThan(100); // 12 min, ~1 probe per 12 s
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }
  }

  @Test
  void stalePeerThatKeepsMovingIsKept() {
    connect(0, 5000);
    connect(1, 100);
    PeerId id = FakeLink.id(1);
    for (int i = 1; i <= 20; i++) {
      scheduler.advance(Duration.ofSeconds(12));
      pool.onHeadObserved(id, 100 + 200L * i, hash(100 + 200L * i));
    }
    assertThat(drain()).doesNotContain(new PeerAction.Disconnect(id, DropReason.HOPELESSLY_STALE));
    assertThat(pool.peer(id)).isPresent();
  }

  @Test
  void anIdlePeerAnnouncingAHigherHeadIsAnnouncedAvailableOnceAndABusyOneIsNot() {
    connect(0, 100);
    connect(1, 100);
    drain();
    pool.onBlockRange(FakeLink.id(0), 0, 101, hash(101)); // idle, head moved: the engine may have work
    assertThat(drain()).containsExactly(new PeerAction.PeerAvailable(FakeLink.id(0)));
    pool.onBlockRange(FakeLink.id(0), 0, 101, hash(101)); // same head again: nothing new
    assertThat(count(drain(), PeerAction.PeerAvailable.class)).isZero();
    pool.beginRequest(FakeLink.id(1));
    pool.onBlockRange(FakeLink.id(1), 0, 102, hash(102)); // busy: handed back when its request ends
    assertThat(count(drain(), PeerAction.PeerAvailable.class)).isZero();
    pool.onRequestOutcome(FakeLink.id(1), OutcomeKind.OK, Duration.ofMillis(50));
    assertThat(drain()).contains(new PeerAction.PeerAvailable(FakeLink.id(1)));
  }

  @Test
  void selectionPrefersHighestHeadThenLowestRttAndHonoursExclusionsAndHistory() {
    connect(0, 100);
    connect(1, 120);
    connect(2, 120);
    pool.onBlockRange(FakeLink.id(2), 50, 120, hash(120));
    pool.beginRequest(FakeLink.id(1));
    pool.onRequestOutcome(FakeLink.id(1), OutcomeKind.OK, Duration.ofSeconds(1));
    pool.beginRequest(FakeLink.id(2));
    pool.onRequestOutcome(FakeLink.id(2), OutcomeKind.OK, Duration.ofSeconds(20));
    assertThat(pool.selectAll(PeerRequirement.headers(1, 100)).stream().map(PeerSnapshot::id))
        .containsExactly(FakeLink.id(1), FakeLink.id(2), FakeLink.id(0));
    assertThat(pool.select(PeerRequirement.headers(1, 100).excluding(Set.of(FakeLink.id(1)))).orElseThrow().id())
        .isEqualTo(FakeLink.id(2));
    assertThat(pool.selectAll(PeerRequirement.history(10, 110)).stream().map(PeerSnapshot::id)
        .collect(Collectors.toList())).containsExactly(FakeLink.id(1));
    pool.beginRequest(FakeLink.id(1));
    assertThat(pool.select(PeerRequirement.headers(1, 110)).orElseThrow().id()).isEqualTo(FakeLink.id(2));
    assertThat(pool.counts()).isEqualTo(new PoolCounts(3, 2, 1, 0, 0, 0, 0, 3));
  }

  @Test
  void timedOutRequestKeepsThePeerBusyUntilTheLateAnswer() {
    connect(0, 100);
    PeerId id = FakeLink.id(0);
    pool.beginRequest(id);
    pool.onRequestOutcome(id, OutcomeKind.TIMEOUT);
    assertThat(pool.select(PeerRequirement.headers(1, 100))).isEmpty();
    assertThat(pool.beginRequest(id)).isFalse();
    drain();
    pool.onRequestOutcome(id, OutcomeKind.LATE_ANSWER);
    assertThat(drain()).contains(new PeerAction.PeerAvailable(id));
    assertThat(pool.peer(id).orElseThrow().reputation()).isEqualTo(-4);
  }

  @Test
  void refusesInboundBeyondMaxPeersButNotStaticPeers() {
    for (int i = 0; i < 5; i++) {
      connect(i, 100);
    }
    FakeLink extra = connect(5, 100);
    assertThat(extra.closedWith).isNotNull();
    pool.addStatic(FakeLink.enode(6));
    FakeLink stat = connect(6, 100);
    assertThat(stat.closedWith).isNull();
    assertThat(pool.counts().connected()).isEqualTo(6);
  }

  @Test
  void knownGoodPeersAreThoseThatServedFullAnswers() {
    pool.onCandidate(FakeLink.enode(0));
    pool.onCandidate(FakeLink.enode(1));
    connect(0, 100);
    connect(1, 100);
    pool.beginRequest(FakeLink.id(1));
    pool.onRequestOutcome(FakeLink.id(1), OutcomeKind.OK);
    List<Enode> good = pool.knownGoodPeers().stream().map(CachedPeer::enode).collect(Collectors.toList());
    assertThat(good).containsExactly(FakeLink.enode(1));
  }
}
