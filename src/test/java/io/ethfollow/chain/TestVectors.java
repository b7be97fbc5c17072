package io.ethfollow.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.rlp.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Loads the copied mainnet block vectors from src/test/resources/testdata/mainnet-blocks. */
public final class TestVectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestVectors() {}

  /** One real mainnet block with its receipts in both wire forms. */
  public record MainnetBlock(
      String file,
      long number,
      Hash hash,
      String fork,
      JsonNode json,
      byte[] headerRlp,
      byte[] blockRlp,
      byte[] bodyRlp,
      byte[] receipts68,
      byte[] receipts69) {
    @Override
    public String toString() {
      return number + " (" + fork + ")";
    }
  }

  public static JsonNode json(String resource) {
    try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(String resource) {
    try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every block of every file listed in mainnet-blocks/index.json (28 blocks). */
  public static List<MainnetBlock> mainnetBlocks() {
    List<MainnetBlock> out = new ArrayList<>();
    for (JsonNode entry : json("/testdata/mainnet-blocks/index.json")) {
      String file = entry.get("file").asText();
      JsonNode doc = json("/testdata/mainnet-blocks/" + file);
      if (doc.has("blocks")) {
        for (JsonNode b : doc.get("blocks")) {
          out.add(block(file, b));
        }
      } else {
        out.add(block(file, doc));
      }
    }
    return out;
  }

  private static MainnetBlock block(String file, JsonNode b) {
    return new MainnetBlock(
        file,
        b.get("number").asLong(),
        Hash.fromHex(b.get("hash").asText()),
        b.get("fork").asText(),
        b,
        Hex.decode(b.get("header_rlp").asText()),
        Hex.decode(b.get("block_rlp").asText()),
        Hex.decode(b.get("body_rlp").asText()),
        Hex.decode(b.get("receipts_eth68_rlp").asText()),
        Hex.decode(b.get("receipts_eth69_rlp").asText()));
  }
}
