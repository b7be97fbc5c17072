package io.ethfollow.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.Hash;
import io.ethfollow.network.Responder;
import io.ethfollow.store.BlockData;
import io.ethfollow.time.ManualScheduler;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.ChainReader;
import io.ethfollow.wire.serve.RequestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each request fault in isolation, against a small generated chain held in memory. */
class FaultyResponderTest {
  private static final int VERSION = EthCodec.ETH69;

  private final DevnetChain chain = DevnetChainTest.chain(4, Profile.SMALL, ReorgSchedule.NONE);
  private final List<BlockData> blocks = DevnetChainTest.blocks(chain, 8, 8);
  private final RequestServer server = new RequestServer(new MemoryChain(blocks));
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Capture reply = new Capture();

  private FaultyResponder responder(String faults) {
    return new FaultyResponder(server, FaultSpec.parse(faults), scheduler, 4);
  }

  private EthMessage.GetBlockBodies bodiesRequest() {
    return new EthMessage.GetBlockBodies(7, blocks.stream().map(BlockData::hash).toList());
  }

  @Test
  void withoutFaultsTheAnswerIsTheServersAndImmediate() {
    responder("").respond(bodiesRequest(), VERSION, reply);
    assertThat(reply.sent).containsExactly(server.answer(bodiesRequest(), VERSION).orElseThrow());
  }

  @Test
  void emptyAnswersWithAnEmptyListOfTheRightKind() {
    responder("empty:1").respond(bodiesRequest(), VERSION, reply);
    assertThat(reply.sent).containsExactly(new EthMessage.BlockBodies(7, List.of()));
  }

  @Test
  void timeoutNeverAnswers() {
    FaultyResponder r = responder("timeout:1");
    r.respond(bodiesRequest(), VERSION, reply);
    scheduler.advance(Duration.ofHours(1));
    assertThat(reply.sent).isEmpty();
    assertThat(reply.disconnects).isEmpty();
    assertThat(r.injected()).isEqualTo(1);
  }

  @Test
  void disconnectDropsTheSessionInsteadOfAnswering() {
    responder("disconnect:1").respond(bodiesRequest(), VERSION, reply);
    assertThat(reply.sent).isEmpty();
    assertThat(reply.disconnects).hasSize(1);
  }

  @Test
  void slowSendsTheSameAnswerOnlyAfterTheDelay() {
    responder("slow:500").respond(bodiesRequest(), VERSION, reply);
    scheduler.advance(Duration.ofMillis(499));
    assertThat(reply.sent).isEmpty();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(reply.sent).containsExactly(server.answer(bodiesRequest(), VERSION).orElseThrow());
  }

  @Test
  void invalidBodiesAndReceiptsNoLongerMatchTheirHeaders() {
    responder("invalid:1").respond(bodiesRequest(), VERSION, reply);
    EthMessage.BlockBodies bodies = (EthMessage.BlockBodies) reply.sent.get(0);
    assertThat(BlockVerifier.verifyBody(blocks.get(0).header(), BlockBody.decode(bodies.rawBodies().get(0))).passed())
        .isFalse();
    assertThat(BlockVerifier.verifyBody(blocks.get(1).header(), BlockBody.decode(bodies.rawBodies().get(1))).passed())
        .isTrue();

    EthMessage.GetReceipts get = new EthMessage.GetReceipts(8, List.of(blocks.get(0).hash()));
    responder("invalid:1").respond(get, VERSION, reply);
    EthMessage.Receipts receipts = (EthMessage.Receipts) reply.sent.get(1);
    BlockBody body = BlockBody.decode(blocks.get(0).body());
    assertThat(BlockVerifier.verifyReceipts(blocks.get(0).header(), body.transactions(),
        receipts.blocks().get(0).receipts()).passed()).isFalse();
  }

  @Test
  void invalidLeavesHeaderAnswersIntact() {
    EthMessage.GetBlockHeaders get = new EthMessage.GetBlockHeaders(9, new EthMessage.Origin.Number(1), 8, 0, false);
    responder("invalid:1").respond(get, VERSION, reply);
    assertThat(reply.sent).containsExactly(server.answer(get, VERSION).orElseThrow());
  }

  /** Records what the responder did with the peer. */
  private static final class Capture implements Responder.Reply {
    final List<EthMessage> sent = new ArrayList<>();
    final List<DisconnectCause> disconnects = new ArrayList<>();

    @Override
    public void send(EthMessage answer) {
      sent.add(answer);
    }

    @Override
    public void disconnect(DisconnectCause cause) {
      disconnects.add(cause);
    }
  }

  /** The blocks as a ChainReader. */
  private static final class MemoryChain implements ChainReader {
    private final Map<Hash, BlockData> byHash = new HashMap<>();
    private final Map<Long, BlockData> byNumber = new HashMap<>();

    MemoryChain(List<BlockData> blocks) {
      for (BlockData b : blocks) {
        byHash.put(b.hash(), b);
        byNumber.put(b.number(), b);
      }
    }

    @Override
    public Optional<byte[]> headerByNumber(long number) {
      return Optional.ofNullable(byNumber.get(number)).map(b -> b.header().rlp());
    }

    @Override
    public Optional<byte[]> headerByHash(Hash hash) {
      return Optional.ofNullable(byHash.get(hash)).map(b -> b.header().rlp());
    }

    @Override
    public Optional<Hash> canonicalHash(long number) {
      return Optional.ofNullable(byNumber.get(number)).map(BlockData::hash);
    }

    @Override
    public Optional<byte[]> bodyByHash(Hash hash) {
      return Optional.ofNullable(byHash.get(hash)).map(BlockData::body);
    }

    @Override
    public Optional<byte[]> receiptsByHash(Hash hash) {
      return Optional.ofNullable(byHash.get(hash)).map(BlockData::receipts);
    }
  }
}
