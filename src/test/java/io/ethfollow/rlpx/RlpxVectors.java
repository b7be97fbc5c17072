package io.ethfollow.rlpx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.rlp.Hex;
import io.ethfollow.wire.NodeKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the RLPx vectors under src/test/resources/testdata/rlpx (see PROVENANCE.md there). */
final class RlpxVectors {
  private RlpxVectors() {}

  static JsonNode load(String file) {
    try (InputStream in = RlpxVectors.class.getResourceAsStream("/testdata/rlpx/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test vector " + file);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hex(JsonNode node, String field) {
    return Hex.decode(node.get(field).asText());
  }

  static NodeKey key(JsonNode node, String field) {
    return NodeKey.fromSecret(hex(node, field));
  }

  static byte[] packet(JsonNode eip8, String name) {
    for (JsonNode p : eip8.get("packets")) {
      if (p.get("name").asText().equals(name)) {
        return hex(p, "hex");
      }
    }
    throw new IllegalArgumentException("no packet " + name);
  }
}
