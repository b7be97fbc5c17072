package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrieRootTest {

  @Test
  void emptyTrieHasTheWellKnownRoot() {
    Hash expected =
        Hash.fromHex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    assertThat(TrieRoot.of(List.of())).isEqualTo(expected);
    assertThat(TrieRoot.ordered(List.of())).isEqualTo(expected);
    assertThat(Hash.EMPTY_TRIE).isEqualTo(expected);
  }

  @TestFactory
  Stream<DynamicTest> matchesEthereumTestsTrieAnyOrder() {
    return vectors("trieanyorder.json", false);
  }

  @TestFactory
  Stream<DynamicTest> matchesEthereumTestsTrieAnyOrderSecure() {
    return vectors("trieanyorder_secureTrie.json", true);
  }

  @TestFactory
  Stream<DynamicTest> matchesEthereumTestsTrieTestAfterApplyingInsertsAndDeletes() {
    return vectors("trietest.json", false);
  }

  @TestFactory
  Stream<DynamicTest> matchesEthereumTestsTrieTestSecure() {
    return vectors("trietest_secureTrie.json", true);
  }

  @TestFactory
  Stream<DynamicTest> matchesEthereumTestsHexEncodedSecureTrie() {
    return vectors("hex_encoded_securetrie_test.json", true);
  }

  @Test
  void rootDoesNotDependOnInsertionOrder() {
    List<TrieRoot.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // 300 keys: two-byte rlp(i) keys, extensions and branches
      entries.add(new TrieRoot.Entry(Keccak.hash(new byte[] {(byte) i, (byte) (i >> 8)}), value(i)));
    }
    Hash root = TrieRoot.of(entries);
    Collections.reverse(entries);
    assertThat(TrieRoot.of(entries)).isEqualTo(root);
    Collections.shuffle(entries, new java.util.Random(1)); // fixed seed: reproducible order
    assertThat(TrieRoot.of(entries)).isEqualTo(root);
  }

  @Test
  void rejectsDuplicateKeys() {
    List<TrieRoot.Entry> entries =
        List.of(new TrieRoot.Entry(ascii("dog"), ascii("a")), new TrieRoot.Entry(ascii("dog"), ascii("b")));
    assertThatThrownBy(() -> TrieRoot.of(entries)).isInstanceOf(IllegalArgumentException.class);
  }

  static List<TestVectors.MainnetBlock> blocks() {
    return TestVectors.mainnetBlocks();
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void orderedRootOfBodyTransactionsEqualsHeaderTransactionsRoot(TestVectors.MainnetBlock b) {
    BlockHeader header = BlockHeader.decode(b.headerRlp());
    assertThat(TrieRoot.ordered(transactionTrieValues(b.bodyRlp())))
        .isEqualTo(header.transactionsRoot());
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void orderedRootOfEth68ReceiptsEqualsHeaderReceiptsRoot(TestVectors.MainnetBlock b) {
    BlockHeader header = BlockHeader.decode(b.headerRlp());
    assertThat(TrieRoot.ordered(typedListTrieValues(b.receipts68())))
        .isEqualTo(header.receiptsRoot());
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void orderedRootOfBodyWithdrawalsEqualsHeaderWithdrawalsRoot(TestVectors.MainnetBlock b) {
    BlockHeader header = BlockHeader.decode(b.headerRlp());
    RlpReader body = bodyFields(b.bodyRlp());
    body.skip(); // transactions
    body.skip(); // uncles
    if (header.withdrawalsRoot() == null) {
      assertThat(body.hasNext()).isFalse();
      return;
    }
    List<byte[]> withdrawals = new ArrayList<>();
    RlpReader list = body.readList();
    while (list.hasNext()) {
      withdrawals.add(list.readRaw());
    }
    assertThat(TrieRoot.ordered(withdrawals)).isEqualTo(header.withdrawalsRoot());
  }

  // ---------------------------------------------------------------- helpers

  /** body = [txs, uncles(, withdrawals)]: a reader over its fields, the whole body checked. */
  static RlpReader bodyFields(byte[] bodyRlp) {
    RlpReader outer = new RlpReader(bodyRlp);
    RlpReader body = outer.readList();
    outer.ensureDone();
    return body;
  }

  /** The transactions list of a block body as trie values. */
  static List<byte[]> transactionTrieValues(byte[] bodyRlp) {
    RlpReader body = bodyFields(bodyRlp);
    List<byte[]> values = new ArrayList<>();
    RlpReader txs = body.readList();
    while (txs.hasNext()) {
      values.add(consensusEncoding(txs));
    }
    return values;
  }

  /** A list of eth/68 items (transactions or receipts) as trie values. */
  static List<byte[]> typedListTrieValues(byte[] listRlp) {
    RlpReader outer = new RlpReader(listRlp);
    RlpReader list = outer.readList();
    outer.ensureDone();
    List<byte[]> values = new ArrayList<>();
    while (list.hasNext()) {
      values.add(consensusEncoding(list));
    }
    return values;
  }

  /**
   * Legacy items are RLP lists and go into the trie as their raw encoding; typed items (EIP-2718) are
   * RLP strings whose payload, type byte || rlp(fields), is the trie value.
   */
  static byte[] consensusEncoding(RlpReader r) {
    return r.nextIsList() ? r.readRaw() : r.readBytes();
  }

  private Stream<DynamicTest> vectors(String file, boolean secure) {
    JsonNode doc = TestVectors.json("/testdata/trie/" + file);
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> v : doc.properties()) {
      tests.add(
          DynamicTest.dynamicTest(
              v.getKey(),
              () -> {
                Map<String, byte[]> state = applyOperations(v.getValue().get("in"));
                List<TrieRoot.Entry> entries = new ArrayList<>();
                for (Map.Entry<String, byte[]> e : state.entrySet()) {
                  byte[] key = parse(e.getKey());
                  entries.add(new TrieRoot.Entry(secure ? Keccak.hash(key) : key, e.getValue()));
                }
                assertThat(TrieRoot.of(entries).toHex())
                    .isEqualTo(v.getValue().get("root").asText());
              }));
    }
    return tests.stream();
  }

  /**
   * "in" is either a map (trieanyorder) or an ordered list of [key, value] operations in which a null
   * or empty value deletes the key (trietest): the trie holds no empty values.
   */
  private static Map<String, byte[]> applyOperations(JsonNode in) {
    Map<String, byte[]> state = new LinkedHashMap<>();
    if (in.isObject()) {
      for (Map.Entry<String, JsonNode> e : in.properties()) {
        put(state, e.getKey(), e.getValue());
      }
    } else {
      for (JsonNode op : in) {
        put(state, op.get(0).asText(), op.get(1));
      }
    }
    return state;
  }

  private static void put(Map<String, byte[]> state, String key, JsonNode value) {
    byte[] v = value.isNull() ? new byte[0] : parse(value.asText());
    if (v.length == 0) {
      state.remove(key);
    } else {
      state.put(key, v);
    }
  }

  private static byte[] parse(String text) {
    return text.startsWith("0x") ? Hex.decode(text) : text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(int i) {
    return ("value-" + i).getBytes(StandardCharsets.US_ASCII);
  }
}
