package io.ethfollow.discovery;

import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * discv4 on Netty UDP: binds the socket, seeds the table from the bootnodes, keeps looking up nodes
 * and hands every verified, fork-compatible node to a {@link NodeSink}. Owns one Netty event-loop
 * thread (decode/verify only) and the UDP socket; all protocol state lives on the caller's
 * {@link Scheduler} thread. Start with {@link #start}, stop with {@link #stop}.
 */
public final class DiscoveryService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryService.class);

  /**
   * Receive buffer per datagram: above the 1280-byte limit so oversize datagrams are seen (and
   * dropped) rather than silently truncated into something that looks valid.
   */
  private static final int RECEIVE_BUFFER = 2048;

  private final EventLoopGroup group;
  private final Channel channel;
  private final Scheduler scheduler;
  private final DiscoveryProtocol protocol;
  private final InetSocketAddress localAddress;
  private final NodeKey key;
  private final int tcpPort;

  private DiscoveryService(
      EventLoopGroup group, Channel channel, Scheduler scheduler, DiscoveryProtocol protocol,
      InetSocketAddress localAddress, NodeKey key, int tcpPort) {
    this.group = group;
    this.channel = channel;
    this.scheduler = scheduler;
    this.protocol = protocol;
    this.localAddress = localAddress;
    this.key = key;
    this.tcpPort = tcpPort;
  }

  /**
   * Binds the UDP socket and starts discovery on {@code scheduler}'s thread.
   *
   * @throws UncheckedIOException with a {@link BindException} when the address cannot be bound
   */
  public static DiscoveryService start(DiscoveryConfig config, NodeKey key, Scheduler scheduler, NodeSink sink) {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    // the handler needs the protocol, and the protocol needs the bound port: bind first, then attach
    DiscoveryProtocol[] holder = new DiscoveryProtocol[1];
    Channel ch;
    try {
      ch =
          new Bootstrap()
              .group(group)
              .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
              .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
              .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
              .bind(config.bind())
              .syncUninterruptibly()
              .channel();
    } catch (Exception e) { // Netty rethrows the checked BindException unchecked
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      BindException bind =
          new BindException("cannot bind discovery to " + config.bind() + ": " + e.getMessage());
      bind.initCause(e);
      throw new UncheckedIOException(bind);
    }
    InetSocketAddress local = (InetSocketAddress) ch.localAddress();
    DiscoveryProtocol.Transport transport =
        (to, datagram) -> ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to));
    holder[0] = new DiscoveryProtocol(key, config, local.getPort(), scheduler, transport, sink);
    ch.pipeline().removeFirst();
    ch.pipeline().addLast(new UdpPacketHandler(scheduler, holder[0]));
    DiscoveryService service = new DiscoveryService(group, ch, scheduler, holder[0], local, key, config.tcpPort());
    LOG.atInfo().addKeyValue("event", "discovery_started").addKeyValue("udp", local)
        .addKeyValue("bootnodes", config.bootnodes().size())
        .log("discovery listening on {} with {} bootnodes", local, config.bootnodes().size());
    scheduler.execute(holder[0]::start);
    return service;
  }

  /** The bound UDP address (the real port when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** Our enode URL as other nodes should use it (bootnode of a test network, status endpoint). */
  public Enode localEnode() {
    return new Enode(key.nodeId(), localAddress.getAddress(), tcpPort, localAddress.getPort());
  }

  /** Our signed node record. */
  public Enr localRecord() {
    return protocol.localRecord();
  }

  /** The latest counters; any thread. */
  public DiscoveryStats stats() {
    return protocol.stats();
  }

  /** Runs an iterative lookup for {@code target} (a 64-byte node id); completes with the k closest. */
  public CompletableFuture<List<Enode>> lookup(byte[] target) {
    CompletableFuture<List<Enode>> f = new CompletableFuture<>();
    byte[] t = target.clone();
    scheduler.execute(() -> protocol.lookup(t, nodes -> {
      List<Enode> out = new ArrayList<>();
      for (KnownNode n : nodes) {
        out.add(new Enode(n.id().bytes(), n.udp().getAddress(), n.tcpPort(), n.udp().getPort()));
      }
      f.complete(out);
    }));
    return f;
  }

  /** Bonds with a node if needed and asks for its record (EIP-868); empty if it does not answer. */
  public CompletableFuture<Optional<Enr>> requestRecord(Enode node) {
    CompletableFuture<Optional<Enr>> f = new CompletableFuture<>();
    KnownNode r = new KnownNode(new NodeId(node.nodeId()), new InetSocketAddress(node.address(), node.udpPort()), node.tcpPort());
    scheduler.execute(() -> protocol.requestRecord(r, enr -> f.complete(Optional.ofNullable(enr))));
    return f;
  }

  /**
   * Stops timers and closes the socket. Safe from any thread; pending timers on the scheduler find
   * the protocol stopped and do nothing.
   */
  public void stop() {
    protocol.markStopped();
    try {
      scheduler.execute(protocol::stop);
    } catch (RuntimeException e) {
      // the owner already shut the scheduler down: its timers are gone with it
    }
    channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    LOG.atInfo().addKeyValue("event", "discovery_stopped").log("discovery stopped");
  }

  @Override
  public void close() {
    stop();
  }
}
