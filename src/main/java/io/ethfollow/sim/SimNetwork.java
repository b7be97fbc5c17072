package io.ethfollow.sim;

import io.ethfollow.chain.Hash;
import io.ethfollow.peer.DropReason;
import io.ethfollow.peer.PeerAction;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PoolConfig;
import io.ethfollow.request.ExecutorConfig;
import io.ethfollow.request.RequestExecutor;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.sync.FastSyncConfig;
import io.ethfollow.sync.SyncConfig;
import io.ethfollow.sync.SyncController;
import io.ethfollow.time.ManualClock;
import io.ethfollow.time.ManualScheduler;
import io.ethfollow.wire.eth.EthMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The real sync core against simulated peers in virtual time: one {@link ManualScheduler} runs the
 * real {@link PeerPool}, the real {@link RequestExecutor} and the {@link SyncController} over a real
 * {@link RocksBlockStore} in a temp dir, while N {@link SimPeer}s answer through the real serving code.
 * The chain grows one block per 12 s slot; the store starts with block {@code base} as the anchor.
 * It plays the shell's part: pool actions go to the controller (PeerAvailable, ProbeHead) or end a
 * simulated session (Disconnect); dials are ignored (simulated peers connect on their own).
 * Single-threaded: everything runs inside {@link #runFor}.
 */
public final class SimNetwork implements AutoCloseable {
  public final ManualScheduler scheduler;
  public final PeerPool pool;
  public final RequestExecutor executor;
  public final BlockStore store;
  public final SimChain chain;
  public final List<SimPeer> peers = new ArrayList<>();
  private final long seed;
  private SyncController controller;
  private SyncConfig syncConfig = SyncConfig.defaults();
  private FastSyncConfig fastSyncConfig = FastSyncConfig.followOnly();
  private long statusLag;
  private SimChain canonical;
  private long outageUntil = Long.MIN_VALUE;
  private long droppedByPool;
  private long disconnectedByPeers;
  private long outageTasks = -1;
  private long outageEngineWakeUps = -1;

  public SimNetwork(long seed, SimChain chain, Path dir) {
    this.seed = seed;
    this.chain = chain;
    this.canonical = chain;
    this.scheduler = new ManualScheduler(new ManualClock(chain.appearsAt(chain.base())));
    this.pool = new PeerPool(PoolConfig.defaults(), scheduler, this::onPoolAction);
    this.executor = new RequestExecutor(pool, scheduler, ExecutorConfig.defaults());
    this.store = RocksBlockStore.open(dir, new ChainIdentity(Hash.keccakOf(new byte[] {1}), 770_078, "sim"));
    store.setSyncStart(chain.base());
    store.writeBlock(chain.block(chain.base()));
  }

  public SimNetwork config(SyncConfig config) {
    this.syncConfig = config;
    return this;
  }

  /** Fast-sync settings; the default never fast-syncs (follow scenarios catch up from the anchor in order). */
  public SimNetwork fastSync(FastSyncConfig config) {
    this.fastSyncConfig = config;
    return this;
  }

  /** Adds {@code count} peers with this behaviour (see {@link SimBehaviour#parse}). */
  public SimNetwork peers(int count, String behaviour) {
    SimBehaviour b = SimBehaviour.parse(behaviour);
    for (int i = 0; i < count; i++) {
      int index = peers.size();
      SimChain view = chain;
      if (b.staleBlocks() > 0) {
        long staleBase = chain.base() - b.staleBlocks() - 10;
        view = SimChain.create(staleBase, 11, chain.appearsAt(chain.base()) - 11 * chain.slotMillis(),
            chain.slotMillis());
      }
      peers.add(new SimPeer(this, index, view, b, seed * 7919 + index));
    }
    return this;
  }

  /** Peers announce a head this many blocks below what they have in their Status (an old head in the pool). */
  public SimNetwork statusBehindBy(long blocks) {
    this.statusLag = blocks;
    return this;
  }

  public SyncController controller() {
    return controller;
  }

  /** Connects every peer (Status with its current head) and starts following. */
  public SimNetwork start() {
    controller = new SyncController(syncConfig, fastSyncConfig, null, scheduler, pool, executor, store);
    for (SimPeer p : peers) {
      connect(p);
    }
    if (peers.stream().anyMatch(p -> p.behaviour.announce())) {
      scheduleAnnouncements(chain.base() + 1);
    }
    if (peers.stream().anyMatch(p -> p.behaviour.flapBlocks() > 0)) {
      scheduleFlap(1);
    }
    controller.start();
    scheduler.runDue();
    return this;
  }

  /** The chain honest peers serve now: {@link #chain}, or the latest branch {@link #reorg} made. */
  public SimChain canonical() {
    return canonical;
  }

  /** Sessions the pool closed (its Disconnect actions: bans, bad data, stalling, stale peers). */
  public long droppedByPool() {
    return droppedByPool;
  }

  /**
   * Sessions the simulated peers ended themselves ({@code disconnect:}, an outage), counting only
   * sessions the pool had accepted (a refused reconnect is not a session lost).
   */
  public long disconnectedByPeers() {
    return disconnectedByPeers;
  }

  /** Every session the run lost: {@link #droppedByPool()} plus {@link #disconnectedByPeers()}. */
  public long sessionsLost() {
    return droppedByPool + disconnectedByPeers;
  }

  /** Scheduler tasks run between the outage's start and the reconnect (-1 before an outage ended). */
  public long outageTasks() {
    return outageTasks;
  }

  /** The engine's wake-ups ({@code SyncController.wakeUps}) during the outage (-1 before an outage ended). */
  public long outageEngineWakeUps() {
    return outageEngineWakeUps;
  }

  /**
   * A reorg of {@code depth} blocks below the current canonical head, now: every peer that serves the
   * canonical chain switches to a branch (salted by {@code salt}); stale peers keep their own chain.
   */
  public SimChain reorg(int depth, String salt) {
    long head = canonical.headAt(scheduler.nowMillis());
    long keep = Math.max(canonical.base(), head - depth);
    SimChain branch = canonical.fork(keep, salt, 0);
    for (SimPeer p : peers) {
      if (p.chain() == canonical) {
        p.switchTo(branch);
      }
    }
    canonical = branch;
    return branch;
  }

  /**
   * Every peer drops its session after {@code after} and none connects for {@code length}; then all
   * connect again (a network outage on our side). Reconnects that fall inside the outage wait for its end.
   */
  public void outage(Duration after, Duration length) {
    scheduler.schedule(after, () -> {
      outageUntil = scheduler.nowMillis() + length.toMillis();
      for (SimPeer p : peers) {
        if (p.connected) {
          endedByPeer(p);
        }
      }
      long tasksAtStart = scheduler.tasksRun();
      long wakeUpsAtStart = controller == null ? 0 : controller.wakeUps();
      scheduler.schedule(length, () -> {
        // this task itself is not part of the outage
        outageTasks = scheduler.tasksRun() - tasksAtStart;
        outageEngineWakeUps = controller == null ? 0 : controller.wakeUps() - wakeUpsAtStart;
        for (SimPeer p : peers) {
          if (!p.connected) {
            connect(p);
          }
        }
      });
    });
  }

  private void connect(SimPeer p) {
    long now = scheduler.nowMillis();
    if (now < outageUntil || p.connected) {
      return;
    }
    long head = Math.max(p.chain().base(), p.visibleHead(now) - statusLag);
    p.connected = true;
    pool.onConnected(p, head, p.chain().header(head).hash(), p.chain().base());
    p.accepted = pool.peer(p.id).isPresent();
  }

  /** The peer ends its session (TCP error as the pool sees it). */
  private void endedByPeer(SimPeer p) {
    p.connected = false;
    if (p.accepted) {
      p.accepted = false;
      p.sessionsEnded++;
      disconnectedByPeers++;
    }
    executor.onDisconnected(p.id);
    pool.onDisconnected(p.id, DropReason.TCP_ERROR);
  }

  public void runFor(Duration d) {
    scheduler.advance(d);
  }

  /** Announcing peers send BlockRangeUpdate the moment block {@code n} appears (before they can serve it). */
  private void scheduleAnnouncements(long n) {
    if (n > chain.head()) {
      return;
    }
    scheduler.schedule(Duration.ofMillis(chain.appearsAt(n) - scheduler.nowMillis()), () -> {
      for (SimPeer p : peers) {
        if (p.behaviour.announce() && p.behaviour.staleBlocks() == 0) {
          EthMessage update = new EthMessage.BlockRangeUpdate(p.chain().base(), n, p.chain().header(n).hash());
          deliverLater(p, p.latency(), () -> update);
        }
      }
      scheduleAnnouncements(n + 1);
    });
  }

  /**
   * Flapping peers announce a head that jumps up and down: at the middle of slot {@code k}, a
   * BlockRangeUpdate BLOCKS above the head they really have (with a hash of nothing: they cannot serve
   * it) on odd slots, BLOCKS below it on even ones.
   */
  private void scheduleFlap(long k) {
    if (chain.base() + k > chain.head()) {
      return;
    }
    long at = chain.appearsAt(chain.base() + k) + chain.slotMillis() / 2;
    scheduler.schedule(Duration.ofMillis(Math.max(0, at - scheduler.nowMillis())), () -> {
      long now = scheduler.nowMillis();
      for (SimPeer p : peers) {
        long amplitude = p.behaviour.flapBlocks();
        if (amplitude <= 0 || !p.connected) {
          continue;
        }
        long real = p.visibleHead(now);
        long latest = k % 2 == 1 ? real + amplitude : Math.max(p.chain().base(), real - amplitude);
        Hash hash = latest <= real ? p.chain().header(latest).hash()
            : Hash.keccakOf(("flap " + p.index + " " + latest).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        EthMessage update = new EthMessage.BlockRangeUpdate(p.chain().base(), latest, hash);
        deliverLater(p, p.latency(), () -> update);
      }
      scheduleFlap(k + 1);
    });
  }

  void deliverLater(SimPeer p, long latencyMs, Supplier<EthMessage> message) {
    scheduler.schedule(Duration.ofMillis(latencyMs), () -> {
      if (p.connected) {
        EthMessage m = message.get();
        if (m != null) {
          executor.onMessage(p.id, m);
        }
      }
    });
  }

  /** The peer drops the session; it comes back 10 s later as a new inbound session. */
  void dropSoon(SimPeer p, long latencyMs) {
    scheduler.schedule(Duration.ofMillis(latencyMs), () -> {
      if (!p.connected) {
        return;
      }
      endedByPeer(p);
      scheduler.schedule(Duration.ofSeconds(10), () -> connect(p));
    });
  }

  /** We closed the session (pool Disconnect); reported back one task later, as a real session does. */
  void disconnectedByUs(SimPeer p) {
    scheduler.execute(() -> {
      if (!p.connected) {
        return;
      }
      p.connected = false;
      if (p.accepted) {
        p.accepted = false;
        p.sessionsEnded++;
      }
      executor.onDisconnected(p.id);
      pool.onDisconnected(p.id, DropReason.REQUESTED);
    });
  }

  private void onPoolAction(PeerAction action) {
    if (action instanceof PeerAction.Disconnect d) {
      droppedByPool++;
      peers.stream().filter(p -> p.id.equals(d.id())).findFirst().ifPresent(p -> {
        p.poolDrops.add(d.reason());
        p.disconnect(d.reason().toCause());
      });
    } else if (controller != null) {
      controller.onPeerAction(action);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
