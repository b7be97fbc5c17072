package io.ethfollow.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.DropReason;
import io.ethfollow.peer.FakeLink;
import io.ethfollow.peer.PeerAction;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerRequirement;
import io.ethfollow.peer.PoolConfig;
import io.ethfollow.time.ManualScheduler;
import io.ethfollow.wire.eth.EthMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The executor against a fake session in virtual time: matching, timeouts, grace, shape checks. */
class RequestExecutorTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<PeerAction> actions = new ArrayList<>();
  private final PeerPool pool = new PeerPool(PoolConfig.forTests(), scheduler, actions::add);
  private final RequestExecutor executor = new RequestExecutor(pool, scheduler, ExecutorConfig.defaults());
  private final FakeLink link = new FakeLink(FakeLink.id(0));
  private final PeerId peer = link.id;
  private final List<BlockHeader> chain = chain(120);

  RequestExecutorTest() {
    pool.onConnected(link, 100, chain.get(100).hash(), 0);
  }

  static List<BlockHeader> chain(int length) {
    List<BlockHeader> out = new ArrayList<>();
    Hash parent = Hash.ZERO;
    for (int n = 0; n < length; n++) {
      BlockHeader.Fields f = new BlockHeader.Fields();
      f.parentHash = parent;
      f.number = n;
      f.gasLimit = 30_000_000;
      f.timestamp = 1_700_000_000L + 12L * n;
      if (n % 2 == 1) {
        f.baseFeePerGas = java.math.BigInteger.ONE;
        f.withdrawalsRoot = Hash.EMPTY_TRIE; // odd blocks carry an (empty) withdrawals list
      }
      BlockHeader h = BlockHeader.create(f);
      out.add(h);
      parent = h.hash();
    }
    return out;
  }

  private long lastRequestId() {
    return ((EthMessage.Request) link.sent.get(link.sent.size() - 1)).requestId();
  }

  private RequestOutcome<List<BlockHeader>> answerHeaders(HeadersRequest req, List<BlockHeader> headers) {
    CompletableFuture<RequestOutcome<List<BlockHeader>>> f = executor.send(peer, req);
    executor.onMessage(peer, new EthMessage.BlockHeaders(lastRequestId(), headers));
    return f.join();
  }

  @Test
  void responseIsMatchedByIdAndItsHighestHeaderMovesThePeersHead() {
    CompletableFuture<RequestOutcome<List<BlockHeader>>> f = executor.headers(peer, 101, 3, 0, false);
    assertThat(link.sent.get(0)).isEqualTo(new EthMessage.GetBlockHeaders(1, new EthMessage.Origin.Number(101), 3, 0, false));
    scheduler.advance(Duration.ofMillis(300));
    executor.onMessage(peer, new EthMessage.BlockHeaders(1, chain.subList(101, 104)));
    assertThat(f.join()).isInstanceOf(RequestOutcome.Ok.class);
    assertThat(((RequestOutcome.Ok<?>) f.join()).rtt()).isEqualTo(Duration.ofMillis(300));
    assertThat(pool.peer(peer).orElseThrow().headNumber()).isEqualTo(103);
    assertThat(pool.select(PeerRequirement.headers(103, 103))).isPresent();
    assertThat(executor.openRequests()).isZero();
  }

  @Test
  void unknownRequestIdIsABadMessageAndDropsThePeer() {
    executor.onMessage(peer, new EthMessage.BlockHeaders(77, List.of()));
    assertThat(actions).contains(new PeerAction.Disconnect(peer, DropReason.BAD_MESSAGE));
    assertThat(pool.select(PeerRequirement.headers(0, 0))).isEmpty();
  }

  @Test
  void wrongMessageTypeForAKnownIdIsInvalidAndABadMessage() {
    CompletableFuture<RequestOutcome<List<BlockHeader>>> f = executor.headers(peer, 1, 1, 0, false);
    executor.onMessage(peer, new EthMessage.BlockBodies(lastRequestId(), List.of()));
    assertThat(f.join()).isInstanceOf(RequestOutcome.Invalid.class);
    assertThat(actions).contains(new PeerAction.Disconnect(peer, DropReason.BAD_MESSAGE));
  }

  @Test
  void timeoutReroutesButALateAnswerWithinGraceIsNotPunished() {
    CompletableFuture<RequestOutcome<List<BlockHeader>>> f = executor.headers(peer, 1, 2, 0, false);
    long id = lastRequestId();
    scheduler.advance(Duration.ofSeconds(15)); // 3 × the 5 s initial RTT
    assertThat(f.join()).isInstanceOf(RequestOutcome.Timeout.class);
    assertThat(f.join().retryable()).isTrue();
    // still registered: the peer gets no new work meanwhile
    assertThat(executor.openRequests()).isEqualTo(1);
    assertThat(pool.select(PeerRequirement.headers(1, 2))).isEmpty();
    assertThat(executor.headers(peer, 5, 1, 0, false)).isCompletedExceptionally();
    actions.clear();
    scheduler.advance(Duration.ofSeconds(60));
    executor.onMessage(peer, new EthMessage.BlockHeaders(id, chain.subList(1, 3)));
    assertThat(actions).contains(new PeerAction.PeerAvailable(peer));
    assertThat(actions).noneMatch(a -> a instanceof PeerAction.Disconnect);
    assertThat(pool.peer(peer).orElseThrow().reputation()).isEqualTo(-4); // the timeout only
    assertThat(executor.openRequests()).isZero();
  }

  @Test
  void noAnswerWithinGraceDropsThePeerAsStalling() {
    executor.headers(peer, 1, 2, 0, false);
    scheduler.advance(Duration.ofSeconds(15));
    scheduler.advance(Duration.ofMinutes(2));
    assertThat(actions).contains(new PeerAction.Disconnect(peer, DropReason.STALLING));
    assertThat(executor.openRequests()).isZero();
  }

  @Test
  void disconnectCompletesOpenRequestsAsDisconnected() {
    CompletableFuture<RequestOutcome<List<BlockHeader>>> f = executor.headers(peer, 1, 2, 0, false);
    executor.onDisconnected(peer);
    pool.onDisconnected(peer, DropReason.TCP_ERROR);
    assertThat(f.join()).isEqualTo(new RequestOutcome.Disconnected<>(peer));
    assertThat(executor.headers(peer, 1, 1, 0, false).join()).isInstanceOf(RequestOutcome.Disconnected.class);
  }

  @Test
  void headerShapesAreClassified() {
    HeadersRequest fwd = HeadersRequest.byNumber(10, 4, 0, false);
    assertThat(fwd.check(chain.subList(10, 14))).isNull();
    assertThat(fwd.check(List.of())).isNull();
    assertThat(answerHeaders(fwd, List.of())).isInstanceOf(RequestOutcome.Empty.class);
    assertThat(answerHeaders(HeadersRequest.byNumber(10, 4, 0, false), chain.subList(10, 12)))
        .isInstanceOf(RequestOutcome.Partial.class);
    assertThat(fwd.check(chain.subList(11, 15))).startsWith("shifted");
    assertThat(fwd.check(List.of(chain.get(10), chain.get(10), chain.get(11)))).startsWith("duplicated");
    assertThat(fwd.check(chain.subList(10, 15))).startsWith("over-long");
    assertThat(fwd.check(List.of(chain.get(10), chain.get(12)))).contains("expected 11");
    List<BlockHeader> other = chain(20);
    assertThat(HeadersRequest.byNumber(10, 2, 0, false).check(List.of(chain.get(10), otherAt(11))))
        .startsWith("unlinked");
    assertThat(HeadersRequest.byNumber(13, 3, 0, true).check(List.of(chain.get(13), chain.get(12), chain.get(11))))
        .isNull();
    assertThat(HeadersRequest.byNumber(10, 3, 4, false).check(List.of(chain.get(10), chain.get(15), chain.get(20))))
        .isNull();
    assertThat(HeadersRequest.byHash(chain.get(50).hash(), 2, 0, false).check(chain.subList(50, 52))).isNull();
    assertThat(HeadersRequest.byHash(chain.get(50).hash(), 2, 0, false).check(chain.subList(51, 53)))
        .startsWith("wrong hash");
    assertThat(other).hasSize(20);
  }

  private BlockHeader otherAt(long n) {
    BlockHeader.Fields f = new BlockHeader.Fields();
    f.number = n;
    f.extraData = new byte[] {1};
    return BlockHeader.create(f);
  }

  @Test
  void bodiesAreMatchedOneToOneByRoots() {
    BlockBody legacy = new BlockBody(List.of(), List.of(), null);
    BlockBody shanghai = new BlockBody(List.of(), List.of(), List.of());
    List<BlockHeader> asked = List.of(chain.get(10), chain.get(11));
    assertThat(bodies(asked, List.of(legacy, shanghai))).isInstanceOf(RequestOutcome.Ok.class);
    assertThat(bodies(asked, List.of(legacy))).isInstanceOf(RequestOutcome.Partial.class);
    assertThat(bodies(asked, List.of())).isInstanceOf(RequestOutcome.Empty.class);
    RequestOutcome<List<BlockBody>> shifted = bodies(asked, List.of(shanghai));
    assertThat(shifted).isInstanceOf(RequestOutcome.Invalid.class);
    assertThat(((RequestOutcome.Invalid<?>) shifted).reason()).startsWith("shifted");
  }

  private RequestOutcome<List<BlockBody>> bodies(List<BlockHeader> asked, List<BlockBody> answer) {
    RequestOutcome<List<BlockBody>> out = new BodiesRequest(asked)
        .evaluate(peer, EthMessage.BlockBodies.of(1, answer), Duration.ZERO);
    assertThat(out.peer()).isEqualTo(peer);
    return out;
  }

  @Test
  void receiptsAreMatchedOneToOneByReceiptsRoot() {
    List<BlockHeader> asked = List.of(chain.get(10), chain.get(11));
    EthMessage.BlockReceipts none = EthMessage.BlockReceipts.of(List.of());
    RequestOutcome<List<EthMessage.BlockReceipts>> ok = new ReceiptsRequest(asked).evaluate(
        peer, new EthMessage.Receipts(1, io.ethfollow.chain.ReceiptCodec.Form.ETH69, List.of(none, none)), Duration.ZERO);
    assertThat(ok).isInstanceOf(RequestOutcome.Ok.class);
    RequestOutcome<List<EthMessage.BlockReceipts>> over = new ReceiptsRequest(asked).evaluate(
        peer, new EthMessage.Receipts(1, io.ethfollow.chain.ReceiptCodec.Form.ETH69, List.of(none, none, none)),
        Duration.ZERO);
    assertThat(over).isInstanceOf(RequestOutcome.Invalid.class);
  }
}
