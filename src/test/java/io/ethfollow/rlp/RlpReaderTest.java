package io.ethfollow.rlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RlpReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // ---------------------------------------------------------------- ethereum/tests vectors

  @TestFactory
  Stream<DynamicTest> decodesEveryValidEthereumTestsVectorToItsInput() {
    JsonNode vectors = json("/testdata/rlp/rlptest.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> v : iterable(vectors)) {
      tests.add(
          DynamicTest.dynamicTest(
              v.getKey(),
              () -> {
                byte[] encoded = Hex.decode(v.getValue().get("out").asText());
                Object expected = expectedTree(v.getValue().get("in"));
                assertThat(RlpTree.deepEquals(RlpTree.decode(encoded), expected))
                    .as("decoded tree of %s", v.getKey())
                    .isTrue();
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> decodesEveryIntegerEthereumTestsVectorToItsValue() {
    JsonNode vectors = json("/testdata/rlp/rlptest.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> v : iterable(vectors)) {
      JsonNode in = v.getValue().get("in");
      boolean bigText = in.isTextual() && in.asText().startsWith("#");
      if (!in.isIntegralNumber() && !bigText) {
        continue;
      }
      BigInteger expected = bigText ? new BigInteger(in.asText().substring(1)) : in.bigIntegerValue();
      tests.add(
          DynamicTest.dynamicTest(
              v.getKey(),
              () -> {
                RlpReader r = new RlpReader(Hex.decode(v.getValue().get("out").asText()));
                // 33 bytes: the largest vector is 2^256, one byte more than a uint256.
                assertThat(r.readBigInteger(33)).isEqualTo(expected);
                r.ensureDone();
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> rejectsEveryInvalidEthereumTestsVector() {
    JsonNode vectors = json("/testdata/rlp/invalidRLPTest.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, JsonNode> v : iterable(vectors)) {
      tests.add(
          DynamicTest.dynamicTest(
              v.getKey(),
              () -> {
                byte[] encoded = Hex.decode(v.getValue().get("out").asText());
                assertThatThrownBy(() -> RlpTree.decode(encoded)).isInstanceOf(RlpException.class);
              }));
    }
    return tests.stream();
  }

  // ---------------------------------------------------------------- spec examples, by hand

  @Test
  void decodesSingleBytesBelow0x80AsThemselves() {
    for (int b = 0; b < 0x80; b++) {
      assertThat(Rlp.decodeBytes(new byte[] {(byte) b})).containsExactly((byte) b);
    }
  }

  @Test
  void decodesEmptyStringAndEmptyList() {
    assertThat(Rlp.decodeBytes(bytes("80"))).isEmpty();
    RlpReader outer = new RlpReader(bytes("c0"));
    RlpReader list = outer.readList();
    assertThat(list.hasNext()).isFalse();
    outer.ensureDone();
  }

  @Test
  void decodesShortStringDog() {
    assertThat(Rlp.decodeBytes(bytes("83646f67"))).isEqualTo(ascii("dog"));
  }

  @Test
  void decodesSpecIntegersAsLongs() {
    assertThat(readLong("80")).isZero();
    assertThat(readLong("01")).isEqualTo(1);
    assertThat(readLong("7f")).isEqualTo(127);
    assertThat(readLong("8180")).isEqualTo(128);
    assertThat(readLong("820100")).isEqualTo(256);
    assertThat(readLong("820400")).isEqualTo(1024);
    assertThat(readLong("887fffffffffffffff")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void decodesIntegersAround2To64AsBigIntegers() {
    BigInteger twoTo64 = BigInteger.ONE.shiftLeft(64);
    assertThat(readBig("88ffffffffffffffff", 32)).isEqualTo(twoTo64.subtract(BigInteger.ONE));
    assertThat(readBig("89010000000000000000", 32)).isEqualTo(twoTo64);
    assertThat(readBig("89010000000000000001", 32)).isEqualTo(twoTo64.add(BigInteger.ONE));
    assertThat(readBig("80", 32)).isEqualTo(BigInteger.ZERO);
  }

  @Test
  void decodesLongStringWithOneByteLength() {
    byte[] payload = new byte[56]; // 56 is the first length that needs the long form
    Arrays.fill(payload, (byte) 0xaa);
    byte[] encoded = concat(bytes("b838"), payload);
    assertThat(Rlp.decodeBytes(encoded)).isEqualTo(payload);
  }

  @Test
  void decodesLongStringWithTwoByteLength() {
    byte[] payload = new byte[1024];
    Arrays.fill(payload, (byte) 0x42);
    assertThat(Rlp.decodeBytes(concat(bytes("b90400"), payload))).isEqualTo(payload);
  }

  @Test
  void decodesLongListOfShortItems() {
    // 20 items of 3 bytes = 60 bytes of payload, above the 55-byte short-list limit
    byte[] payload = new byte[60];
    for (int i = 0; i < 20; i++) {
      payload[3 * i] = (byte) 0x82;
      payload[3 * i + 1] = (byte) i;
      payload[3 * i + 2] = (byte) 0xff;
    }
    RlpReader outer = new RlpReader(concat(bytes("f83c"), payload));
    RlpReader list = outer.readList();
    outer.ensureDone();
    for (int i = 0; i < 20; i++) {
      assertThat(list.readBytes()).containsExactly((byte) i, (byte) 0xff);
    }
    list.ensureDone();
  }

  @Test
  void decodesNestedSetTheoreticRepresentationOfThree() {
    // [ [], [[]], [ [], [[]] ] ] from the RLP spec
    Object tree = RlpTree.decode(bytes("c7c0c1c0c3c0c1c0"));
    Object expected = List.of(List.of(), List.of(List.of()), List.of(List.of(), List.of(List.of())));
    assertThat(RlpTree.deepEquals(tree, expected)).isTrue();
  }

  @Test
  void readRawReturnsHeaderAndPayloadAndAdvances() {
    RlpReader r = new RlpReader(bytes("c583646f6701"));
    RlpReader list = r.readList();
    assertThat(list.readRaw()).isEqualTo(bytes("83646f67"));
    assertThat(list.readRaw()).isEqualTo(bytes("01"));
    list.ensureDone();
  }

  @Test
  void remainingItemsCountsWithoutConsuming() {
    RlpReader list = new RlpReader(bytes("c6827a77c10401")).readList();
    assertThat(list.remainingItems()).isEqualTo(3);
    assertThat(list.readBytes()).isEqualTo(ascii("zw"));
    assertThat(list.remainingItems()).isEqualTo(2);
  }

  @Test
  void remainingItemsLeavesTheCursorInPlaceWhenALaterItemIsMalformed() {
    // list payload: a good item (0x01), then a string header declaring 4 bytes with only 1 present
    RlpReader list = new RlpReader(bytes("c30184ff")).readList();
    int before = list.position();
    assertThatThrownBy(list::remainingItems).isInstanceOf(RlpException.class);
    assertThat(list.position()).isEqualTo(before);
    assertThat(list.readLong()).isEqualTo(1);
  }

  @Test
  void readFixedAcceptsExactLength() {
    assertThat(new RlpReader(bytes("83010203")).readFixed(3)).containsExactly(1, 2, 3);
  }

  // ---------------------------------------------------------------- strict rejections

  @Test
  void rejectsSingleByteBelow0x80WrappedInAStringHeader() {
    assertRejected("8100", "non-canonical single byte");
    assertRejected("817f", "non-canonical single byte");
  }

  @Test
  void acceptsSingleByteAtOrAbove0x80InAStringHeader() {
    assertThat(Rlp.decodeBytes(bytes("8180"))).containsExactly((byte) 0x80);
  }

  @Test
  void rejectsLongFormStringLengthThatFitsShortForm() {
    assertRejected("b837" + "00".repeat(55), "should be short form");
    assertRejected("b801ff", "should be short form");
  }

  @Test
  void rejectsLongFormListLengthThatFitsShortForm() {
    assertRejected("f80180", "should be short form");
  }

  @Test
  void rejectsLengthWithLeadingZeroByte() {
    assertRejected("b90038" + "00".repeat(56), "leading zero");
    assertRejected("f90038" + "80".repeat(56), "leading zero");
  }

  @Test
  void rejectsIntegerWithLeadingZeroByte() {
    assertThatThrownBy(() -> new RlpReader(bytes("820001")).readLong())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("leading zero");
    assertThatThrownBy(() -> new RlpReader(bytes("820001")).readBigInteger(32))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("leading zero");
  }

  @Test
  void rejectsIntegerZeroWrittenAsByte00() {
    // zero is the empty string 0x80; a lone 0x00 byte is a one-byte integer with a leading zero
    assertThatThrownBy(() -> new RlpReader(bytes("00")).readLong())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("leading zero");
  }

  @Test
  void rejectsTruncatedString() {
    assertRejected("83646f", "declares 3 bytes");
  }

  @Test
  void rejectsTruncatedLongStringHeader() {
    assertRejected("b9", "truncated header");
    assertRejected("b904", "truncated header");
  }

  @Test
  void rejectsTruncatedList() {
    assertRejected("c30102", "declares 3 bytes"); // 3 payload bytes declared, 2 present
    assertRejected("f8", "truncated header");
  }

  @Test
  void rejectsItemOverrunningItsEnclosingList() {
    // the list says 2 payload bytes; the string inside claims 3 (and 3 more bytes follow)
    RlpReader outer = new RlpReader(bytes("c283646f67"));
    RlpReader list = outer.readList();
    assertThatThrownBy(list::readBytes)
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("declares 3 bytes");
  }

  @Test
  void rejectsTrailingBytesAfterTopLevelItem() {
    RlpReader r = new RlpReader(bytes("83646f6700"));
    assertThat(r.readBytes()).isEqualTo(ascii("dog"));
    assertThatThrownBy(r::ensureDone)
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("trailing bytes: 1");
  }

  @Test
  void rejectsTrailingBytesInsideAList() {
    RlpReader list = new RlpReader(bytes("c20102")).readList();
    list.readLong();
    assertThatThrownBy(list::ensureDone).isInstanceOf(RlpException.class);
  }

  @Test
  void rejectsListWhereAStringIsExpected() {
    assertThatThrownBy(() -> new RlpReader(bytes("c0")).readBytes())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("expected a string");
    assertThatThrownBy(() -> new RlpReader(bytes("c0")).readLong())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("found a list");
    assertThatThrownBy(() -> new RlpReader(bytes("c0")).readBigInteger(32))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("found a list");
    assertThatThrownBy(() -> new RlpReader(bytes("c0")).readFixed(0))
        .isInstanceOf(RlpException.class);
  }

  @Test
  void rejectsStringWhereAListIsExpected() {
    assertThatThrownBy(() -> new RlpReader(bytes("83646f67")).readList())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("expected a list");
  }

  @Test
  void rejectsIntegerLongerThanEightBytesInReadLong() {
    assertThatThrownBy(() -> new RlpReader(bytes("89010000000000000000")).readLong())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void rejectsEightByteIntegerAboveLongMaxInReadLong() {
    assertThatThrownBy(() -> new RlpReader(bytes("888000000000000000")).readLong())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("2^63-1");
  }

  @Test
  void rejectsBigIntegerLongerThanItsLimit() {
    // 33 bytes cannot be a uint256
    assertThatThrownBy(() -> new RlpReader(bytes("a1" + "01" + "00".repeat(32))).readBigInteger(32))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("longer than 32");
  }

  @Test
  void rejectsFixedLengthStringOfWrongLength() {
    assertThatThrownBy(() -> new RlpReader(bytes("83010203")).readFixed(32))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("expected 32 bytes");
  }

  @Test
  void rejectsRidiculousDeclaredLengthsWithoutAllocating() {
    // Each header claims up to 4 GiB (or 2^64) of payload after a handful of bytes. The reader must
    // fail on the bounds check before it copies anything: under surefire's -Xmx2g a 4 GiB copy
    // attempt would be an OutOfMemoryError, not an RlpException.
    String[] headers = {
      "bbffffffff", // string, 4-byte length 2^32-1: above Integer.MAX_VALUE
      "bb7fffffff", // string, 4-byte length 2^31-1: fits an int, far beyond the input
      "bb80000000", // string, length 2^31: one above Integer.MAX_VALUE
      "fbffffffff", // list, 4-byte length 2^32-1
      "fb7fffffff", // list, 2^31-1
      "bfffffffffffffffff", // string, 8-byte length
      "ffffffffffffffffff", // list, 8-byte length
      "b9ffff", // 64 KiB declared, 0 present
    };
    for (String h : headers) {
      byte[] input = bytes(h + "00112233");
      assertThatThrownBy(() -> new RlpReader(input).readBytes())
          .as(h)
          .isInstanceOf(RlpException.class);
      assertThatThrownBy(() -> new RlpReader(input).skip()).as(h).isInstanceOf(RlpException.class);
      assertThatThrownBy(() -> new RlpReader(input).readRaw()).as(h).isInstanceOf(RlpException.class);
      assertThatThrownBy(() -> RlpTree.decode(input)).as(h).isInstanceOf(RlpException.class);
    }
  }

  @Test
  void rejectsEmptyInput() {
    assertThatThrownBy(() -> new RlpReader(new byte[0]).readBytes())
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("unexpected end");
  }

  @Test
  void windowConstructorRejectsWindowOutsideTheArray() {
    assertThatThrownBy(() -> new RlpReader(new byte[4], 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readerOverAWindowDoesNotSeeBytesOutsideIt() {
    byte[] data = bytes("ff83646f67ff");
    RlpReader r = new RlpReader(data, 1, 4);
    assertThat(r.readBytes()).isEqualTo(ascii("dog"));
    r.ensureDone();
    assertThatThrownBy(() -> new RlpReader(data, 1, 3).readBytes()).isInstanceOf(RlpException.class);
  }

  // ---------------------------------------------------------------- fuzz-ish

  /** Mutations per seed corpus entry; bounded so the test takes well under a second. */
  private static final int MUTATIONS_PER_INPUT = 2_000;

  /** Fixed so a failure reproduces; change it locally to explore more inputs. */
  private static final long FUZZ_SEED = 0x5EED_2026L;

  @Test
  void randomByteMutationsOfValidEncodingsOnlyEverThrowRlpException() {
    Random rnd = new Random(FUZZ_SEED);
    List<byte[]> corpus = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      corpus.add(RlpTree.encode(RlpTree.random(rnd, 4)));
    }
    for (Map.Entry<String, JsonNode> v : iterable(json("/testdata/rlp/rlptest.json"))) {
      corpus.add(Hex.decode(v.getValue().get("out").asText()));
    }
    // one real block body (Cancun, 148 KB of JSON): typed transactions, blobs hashes, withdrawals
    corpus.add(
        Hex.decode(
            json("/testdata/mainnet-blocks/19426587-cancun.json").get("body_rlp").asText()));

    int accepted = 0;
    int rejected = 0;
    for (byte[] original : corpus) {
      for (int m = 0; m < MUTATIONS_PER_INPUT; m++) {
        byte[] mutated = mutate(original, rnd);
        try {
          walkStrictly(mutated);
          accepted++;
        } catch (RlpException expected) {
          rejected++;
        } catch (Throwable t) {
          fail(
              "mutation of "
                  + Hex.encode(Arrays.copyOf(original, Math.min(original.length, 64)))
                  + "... threw "
                  + t
                  + " for input "
                  + Hex.encode(Arrays.copyOf(mutated, Math.min(mutated.length, 64))),
              t);
        }
      }
    }
    // both outcomes must be common, or the mutator is not exercising the decoder
    assertThat(rejected).isGreaterThan(corpus.size() * MUTATIONS_PER_INPUT / 10);
    assertThat(accepted).isGreaterThan(0);
  }

  /** Decodes everything, and also tries every string leaf as an integer as a typed decoder would. */
  private static void walkStrictly(byte[] input) {
    RlpReader r = new RlpReader(input);
    walk(r);
    r.ensureDone();
    RlpReader again = new RlpReader(input);
    again.remainingItems();
  }

  private static void walk(RlpReader r) {
    if (r.nextIsList()) {
      RlpReader inner = r.readList();
      inner.remainingItems();
      while (inner.hasNext()) {
        walk(inner);
      }
      return;
    }
    int start = r.position();
    byte[] leaf = r.readBytes();
    if (leaf.length <= 8) {
      // re-read the same bytes as an integer: integer rules are stricter than string rules
      RlpReader asInt = new RlpReader(encodeString(leaf));
      try {
        asInt.readLong();
      } catch (RlpException ignored) {
        // leading zeros or > 2^63-1: fine for a string, not for an integer
      }
    }
    assertThat(r.position()).isGreaterThan(start);
  }

  private static byte[] encodeString(byte[] leaf) {
    return new RlpWriter(leaf.length + 2).writeBytes(leaf).toByteArray();
  }

  private static byte[] mutate(byte[] original, Random rnd) {
    int kind = rnd.nextInt(5);
    if (original.length == 0) {
      return new byte[] {(byte) rnd.nextInt(256)};
    }
    byte[] out;
    switch (kind) {
      case 0 -> { // flip one random bit
        out = original.clone();
        int i = rnd.nextInt(out.length);
        out[i] ^= (byte) (1 << rnd.nextInt(8));
      }
      case 1 -> { // replace a byte near the start, where the headers are
        out = original.clone();
        out[rnd.nextInt(Math.min(out.length, 8))] = (byte) rnd.nextInt(256);
      }
      case 2 -> // truncate
          out = Arrays.copyOf(original, rnd.nextInt(original.length));
      case 3 -> { // append junk
        out = Arrays.copyOf(original, original.length + 1 + rnd.nextInt(4));
        for (int i = original.length; i < out.length; i++) {
          out[i] = (byte) rnd.nextInt(256);
        }
      }
      default -> { // overwrite one random byte with a header-ish value
        out = original.clone();
        int[] headerish = {0x00, 0x7f, 0x80, 0x81, 0xb7, 0xb8, 0xbb, 0xbf, 0xc0, 0xf7, 0xf8, 0xff};
        out[rnd.nextInt(out.length)] = (byte) headerish[rnd.nextInt(headerish.length)];
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  private static void assertRejected(String hex, String messagePart) {
    assertThatThrownBy(() -> RlpTree.decode(bytes(hex)))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining(messagePart);
  }

  private static long readLong(String hex) {
    RlpReader r = new RlpReader(bytes(hex));
    long v = r.readLong();
    r.ensureDone();
    return v;
  }

  private static BigInteger readBig(String hex, int maxBytes) {
    RlpReader r = new RlpReader(bytes(hex));
    BigInteger v = r.readBigInteger(maxBytes);
    r.ensureDone();
    return v;
  }

  static byte[] bytes(String hex) {
    return Hex.decode(hex);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * The expected tree for an rlptest.json "in" value: integers become their minimal big-endian bytes
   * (0 is empty), "#digits" is a big integer, "0x..." is hex, any other text is its bytes.
   */
  static Object expectedTree(JsonNode in) {
    if (in.isArray()) {
      List<Object> items = new ArrayList<>();
      in.forEach(child -> items.add(expectedTree(child)));
      return items;
    }
    if (in.isIntegralNumber()) {
      return minimalBytes(in.bigIntegerValue());
    }
    String s = in.asText();
    if (s.startsWith("#")) {
      return minimalBytes(new BigInteger(s.substring(1)));
    }
    if (s.startsWith("0x")) {
      return Hex.decode(s);
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] minimalBytes(BigInteger v) {
    if (v.signum() == 0) {
      return new byte[0];
    }
    byte[] b = v.toByteArray();
    return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  static JsonNode json(String resource) {
    try (InputStream in = RlpReaderTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object.properties();
  }
}
