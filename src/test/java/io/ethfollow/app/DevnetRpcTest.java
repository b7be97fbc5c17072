package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.devnet.DevnetGenesis;
import io.ethfollow.rpc.HistoryMethods;
import io.ethfollow.rpc.RpcChain;
import io.ethfollow.rpc.RpcDispatcher;
import io.ethfollow.rpc.RpcLimits;
import io.ethfollow.rpc.RpcNodeState;
import io.ethfollow.store.RocksBlockStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-RPC over a mainnet-profile devnet store (real RocksDB; every transaction type, ~170
 * transactions and ~350 logs a block): full blocks and block receipts answer without error, every
 * transaction has a recovered {@code from}, gas used adds up to the header's, and {@code logIndex}
 * runs 0, 1, 2, … across the whole block (the predecessor counted per receipt).
 */
class DevnetRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void fullBlocksAndReceiptsOfADevnetAreConsistentWithTheirHeaders() throws Exception {
    Path dir = tmp.resolve("d");
    CliRunner.Result init = CliRunner.run("devnet", "init", "--out", dir.toString(), "--profile", "mainnet",
        "--prefill", "12");
    assertThat(init.exitCode()).as(init.err()).isZero();
    ChainSpec spec = DevnetGenesis.load(dir.resolve("genesis.json")).spec();
    try (RocksBlockStore store = RocksBlockStore.openExisting(dir.resolve("store"), true)) {
      RpcDispatcher rpc = new RpcDispatcher(new HistoryMethods(new RpcChain(store, 64),
          RpcNodeState.NONE, "test", spec, RpcLimits.DEFAULTS).all(), 100, 25 << 20);
      for (int n = 1; n <= 12; n++) {
        String tag = "\"0x" + Integer.toHexString(n) + "\"";
        JsonNode block = call(rpc, "eth_getBlockByNumber", "[" + tag + ", true]").get("result");
        JsonNode receipts = call(rpc, "eth_getBlockReceipts", "[" + tag + "]").get("result");
        assertThat(block.get("transactions").size()).isGreaterThan(50).isEqualTo(receipts.size());
        long gas = 0;
        int logIndex = 0;
        for (int i = 0; i < receipts.size(); i++) {
          JsonNode tx = block.get("transactions").get(i);
          JsonNode rc = receipts.get(i);
          assertThat(tx.get("from").asText()).hasSize(42).isEqualTo(rc.get("from").asText());
          assertThat(rc.get("transactionHash").asText()).isEqualTo(tx.get("hash").asText());
          gas += Long.decode(rc.get("gasUsed").asText());
          for (JsonNode log : rc.get("logs")) {
            assertThat(Long.decode(log.get("logIndex").asText())).isEqualTo(logIndex++);
          }
        }
        assertThat(gas).isEqualTo(Long.decode(block.get("gasUsed").asText()));
        assertThat(logIndex).as("block %d has logs", n).isGreaterThan(0);
        JsonNode logs = call(rpc, "eth_getLogs", "[{\"fromBlock\":" + tag + ",\"toBlock\":" + tag + "}]")
            .get("result");
        assertThat(logs.size()).isEqualTo(logIndex);
      }
    }
  }

  private static JsonNode call(RpcDispatcher rpc, String method, String params) throws Exception {
    JsonNode n = JSON.readTree(rpc.handle(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
        + "\",\"params\":" + params + "}").getBytes(StandardCharsets.UTF_8)));
    assertThat(n.has("error")).as(method + " " + params + ": " + n).isFalse();
    return n;
  }
}
