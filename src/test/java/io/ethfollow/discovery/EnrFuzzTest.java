package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ethfollow.chain.Keccak;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.NodeKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coverage-guided fuzz tests of node records (EIP-778; docs/fuzzing.md). Contract: a malformed,
 * oversized, unsigned or badly signed record fails with {@link InvalidEnrException} only; an
 * accepted record's accessors never throw, it is signed by the key it names, and its text form
 * parses back to an equal record. Signed inputs carry fuzzed key/value pairs signed with a fixed
 * key, so the fuzzer gets past the signature check to the entries.
 */
class EnrFuzzTest {
  /** A fixed key (the secret is 0x02 repeated), so every finding replays the same way. */
  private static final NodeKey KEY = NodeKey.fromSecret(filled(32, (byte) 2));

  /** Keys the record readers look at, plus two nobody reads; the fuzzer may also invent keys. */
  private static final String[] KEYS = {
    "eth", "id", "ip", "ip6", "secp256k1", "tcp", "udp", "snap", "x"
  };

  /** Fuzzed pairs per record: a record has room for about this many small entries in 300 bytes. */
  private static final int MAX_PAIRS = 8;

  /** Largest fuzzed value: an IPv6 address or a fork id list fits, and so do oversized records. */
  private static final int MAX_VALUE = 48;

  /** Input: a record as it arrives in an ENRResponse or a config file, from anyone. */
  @FuzzTest
  void rawRecordsDecodeOrFailWithInvalidEnrException(byte[] rlp) {
    Enr record;
    try {
      record = Enr.decode(rlp);
    } catch (InvalidEnrException rejected) {
      assertThat(rejected.getMessage()).isNotBlank();
      return;
    }
    checkAccepted(record);
  }

  /** Input: text after "enr:" (base64url), as an operator would paste it. */
  @FuzzTest
  void textRecordsParseOrFailWithInvalidEnrException(FuzzedDataProvider data) {
    String text = (data.consumeBoolean() ? "enr:" : "") + data.consumeRemainingAsString();
    try {
      checkAccepted(Enr.parse(text));
    } catch (InvalidEnrException rejected) {
      assertThat(rejected.getMessage()).isNotBlank();
    }
  }

  /**
   * Input: a sequence number, whether to keep the "id" and "secp256k1" entries, and up to {@value
   * #MAX_PAIRS} pairs (a known key or an invented one; the value is fuzzed bytes, either as an RLP
   * string or raw as the value's RLP, so it may be malformed), signed with {@link #KEY}.
   */
  @FuzzTest
  void signedRecordsDecodeOrFailWithInvalidEnrException(FuzzedDataProvider data) {
    long seq = data.consumeLong();
    TreeMap<String, byte[]> pairs = new TreeMap<>();
    if (data.consumeBoolean()) {
      pairs.put("id", rlp("v4".getBytes(StandardCharsets.US_ASCII)));
    }
    if (data.consumeBoolean()) {
      pairs.put("secp256k1", rlp(PublicKeys.compress(KEY.nodeId())));
    }
    int n = data.consumeInt(0, MAX_PAIRS);
    for (int i = 0; i < n; i++) {
      String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeAsciiString(6);
      byte[] value = data.consumeBytes(data.consumeInt(0, MAX_VALUE));
      pairs.put(key, data.consumeBoolean() ? rlp(value) : value);
    }
    byte[] encoded = signedRecord(seq, pairs);
    Enr record;
    try {
      record = Enr.decode(encoded);
    } catch (InvalidEnrException rejected) {
      assertThat(rejected.getMessage()).isNotBlank();
      return;
    }
    assertThat(record.seq()).isEqualTo(seq);
    assertThat(record.nodeId()).isEqualTo(new NodeId(KEY.nodeId()));
    checkAccepted(record);
  }

  private static void checkAccepted(Enr record) {
    record.ip();
    record.tcp().ifPresent(p -> assertThat(p).isBetween(1, 0xffff));
    record.udp().ifPresent(p -> assertThat(p).isBetween(1, 0xffff));
    record.ethForkId();
    assertThat(record.keys()).contains("id", "secp256k1");
    assertThat(record.encoded().length).isLessThanOrEqualTo(Enr.MAX_SIZE);
    assertThat(Enr.parse(record.toText())).isEqualTo(record);
    assertThat(record.toString()).isNotBlank();
  }

  /** rlp([signature, seq, k, v, ...]) signed over rlp([seq, k, v, ...]) as EIP-778 says. */
  private static byte[] signedRecord(long seq, Map<String, byte[]> pairs) {
    byte[] content = body(new RlpWriter().startList(), seq, pairs).endList().toByteArray();
    byte[] signature = Arrays.copyOf(KEY.sign(Keccak.hash(content)), 64);
    RlpWriter w = new RlpWriter().startList().writeBytes(signature);
    return body(w, seq, pairs).endList().toByteArray();
  }

  private static RlpWriter body(RlpWriter w, long seq, Map<String, byte[]> pairs) {
    w.writeBigInteger(new BigInteger(Long.toUnsignedString(seq)));
    for (Map.Entry<String, byte[]> e : pairs.entrySet()) {
      w.writeBytes(e.getKey().getBytes(StandardCharsets.ISO_8859_1)).writeRaw(e.getValue());
    }
    return w;
  }

  private static byte[] rlp(byte[] value) {
    return new RlpWriter().writeBytes(value).toByteArray();
  }

  private static byte[] filled(int n, byte b) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }
}
