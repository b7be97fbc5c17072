package io.ethfollow.network;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.peer.CachedPeer;
import io.ethfollow.peer.PeerCache;
import io.ethfollow.peer.PoolConfig;
import io.ethfollow.request.ExecutorConfig;
import io.ethfollow.rlpx.RlpxConfig;
import io.ethfollow.time.SystemScheduler;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.serve.ChainReader;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A whole {@link NetworkService} on 127.0.0.1 (ephemeral port, no discovery, no stored blocks),
 * with its own scheduler thread: the daemon's network shell as tests see it. {@code cache} seeds
 * the pool's candidates, so a node can dial another without making it a static peer (static peers
 * are re-dialled, which would hide a disconnect).
 */
public final class LoopbackNode implements AutoCloseable {
  /** Serves nothing: the tests here are about sessions, not data. */
  private static final ChainReader NOTHING = ChainReader.empty();

  public final NodeKey key;
  public final SystemScheduler scheduler;
  public final NetworkService service;

  private LoopbackNode(NodeKey key, SystemScheduler scheduler, NetworkService service) {
    this.key = key;
    this.scheduler = scheduler;
    this.service = service;
  }

  /** A node at {@code head} that dials the {@code candidates} when its pool wants peers. */
  public static LoopbackNode start(ChainSpec spec, LocalHead head, List<Enode> candidates) {
    NodeKey key = NodeKey.random();
    SystemScheduler scheduler = new SystemScheduler("test-net-" + key.nodeId()[0]);
    PeerCache cache =
        new PeerCache() {
          @Override
          public List<CachedPeer> load() {
            return candidates.stream().map(e -> new CachedPeer(e, 1)).toList();
          }

          @Override
          public void save(List<CachedPeer> peers) {}
        };
    NetworkService.Settings settings =
        new NetworkService.Settings(
            RlpxConfig.forTests(), Optional.empty(), PoolConfig.forTests(), ExecutorConfig.defaults(),
            List.of());
    NetworkService service =
        NetworkService.start(
            spec, key, settings, NOTHING, () -> head, scheduler, scheduler::execute, a -> false, cache);
    return new LoopbackNode(key, scheduler, service);
  }

  /** A node at {@code spec}'s genesis. */
  public static LoopbackNode atGenesis(ChainSpec spec, List<Enode> candidates) {
    return start(spec, new LocalHead(0, spec.genesisHash(), spec.genesisTimestamp(), 0), candidates);
  }

  public Enode enode() {
    return service.enode(InetAddress.getLoopbackAddress());
  }

  /** Runs {@code task} on the node's scheduler thread (the pool's owner) and returns its result. */
  public <T> T onThread(Callable<T> task) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          try {
            f.complete(task.call());
          } catch (Exception e) {
            f.completeExceptionally(e);
          }
        });
    return f.get(5, TimeUnit.SECONDS);
  }

  /** Connected peers as the pool counts them. */
  public int connected() throws Exception {
    return onThread(() -> service.counts().connected());
  }

  /** Polls {@code condition} every 20 ms for up to {@code seconds}; true if it came true. */
  public static boolean within(int seconds, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  /** {@link #connected()} for use in {@link #within}. */
  public int connectedQuietly() {
    try {
      return connected();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    service.close();
    scheduler.close();
  }
}
