package io.ethfollow.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.store.BlockStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution-apis conformance fixtures (hive rpc-compat, src/test/resources/testdata/rpc-compat)
 * for the methods that headers and bodies answer, replayed against a real RocksDB store holding the
 * fixtures' 45-block chain (chain.rlp). The chain file has no receipts, so this store holds empty
 * placeholders and the receipt and log fixtures run where the chain is synced from a real client
 * with its receipts (scripts/interop.sh). Each fixture's answer must equal ours as JSON; for an
 * error answer the code must (geth's messages name Go types, ours name the argument and reason).
 */
class RpcCompatFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The methods whose fixtures this store can answer (no receipts needed). */
  private static final List<String> METHODS = List.of(
      "eth_chainId", "eth_blockNumber", "eth_syncing", "eth_getBlockByNumber", "eth_getBlockByHash",
      "eth_getBlockTransactionCountByHash", "eth_getBlockTransactionCountByNumber",
      "eth_getTransactionByHash", "eth_getTransactionByBlockHashAndIndex",
      "eth_getTransactionByBlockNumberAndIndex", "debug_getRawHeader", "debug_getRawBlock",
      "debug_getRawTransaction", "eth_blobBaseFee");

  /**
   * Fixtures recorded under a rule ethfollow does not share, with the reason (docs/rpc.md lists
   * them too): hive's forkchoice made block 45 safe and finalized; ethfollow has no consensus client
   * and names head − 64 (here: earliest, block 0) — the deepest block it will never roll back.
   */
  static final Map<String, String> DIFFERENT_RULE = Map.of(
      "eth_getBlockByNumber/get-safe.io", "safe = latest - 64 (no consensus client)",
      "eth_getBlockByNumber/get-finalized.io", "finalized = latest - 64 (no consensus client)");

  @TempDir static Path dir;
  static BlockStore store;
  static RpcDispatcher rpc;

  @BeforeAll
  static void storeTheChain() throws Exception {
    store = ExecApisStore.open(dir.resolve("store"));
    rpc = ExecApisStore.dispatcher(store);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureOfTheBlockAndTransactionMethodsMatches() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    Path root = resource("/testdata/rpc-compat");
    for (String method : METHODS) {
      try (Stream<Path> files = Files.list(root.resolve(method))) {
        for (Path f : files.sorted().toList()) {
          String name = method + "/" + f.getFileName();
          tests.add(DynamicTest.dynamicTest(name, () -> replay(name, f)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(35);
    return tests.stream();
  }

  private static void replay(String name, Path fixture) throws IOException {
    String request = null;
    String expected = null;
    for (String line : Files.readAllLines(fixture, StandardCharsets.UTF_8)) {
      if (line.startsWith(">> ")) {
        request = line.substring(3);
      } else if (line.startsWith("<< ")) {
        expected = line.substring(3);
      }
    }
    assertThat(request).as(name + " has a request").isNotNull();
    JsonNode ours = JSON.readTree(rpc.handle(request.getBytes(StandardCharsets.UTF_8)));
    JsonNode theirs = JSON.readTree(expected);
    if (theirs.has("error")) {
      // geth's messages carry Go type names; the code is the contract, and ours says the same
      // thing in its own words (the argument, then the reason).
      assertThat(ours.path("error").path("code")).as(name + " " + ours).isEqualTo(theirs.get("error").get("code"));
      assertThat(ours.get("error").get("message").asText()).startsWith("invalid argument");
      return;
    }
    if (DIFFERENT_RULE.containsKey(name)) {
      assertThat(ours.get("result").get("number").asText()).as(name).isEqualTo("0x0");
      return;
    }
    assertThat(ours).as(name + "\nours:   " + ours + "\ntheirs: " + theirs).isEqualTo(theirs);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(RpcCompatFixturesTest.class.getResource(name).toURI());
  }
}
