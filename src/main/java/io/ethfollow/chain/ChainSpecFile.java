package io.ethfollow.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.rlp.RlpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads ethfollow's own chain spec JSON (the built-in {@code chains/<name>.json} resources, and the
 * same shape from an operator's file):
 *
 * <pre>{@code
 * {"name": "mainnet", "chainId": 1, "networkId": 1,
 *  "genesis": {"hash": "0x…", "timestamp": 0, "headerRlp": "0x…"},   // headerRlp optional
 *  "forks": [{"name": "homestead", "block": 1150000}, {"name": "shanghai", "timestamp": 1681338455}],
 *  "merge": {"terminalTotalDifficulty": "587…", "firstPosBlock": 15537394},   // optional
 *  "bootnodes": ["enode://…"]}
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class ChainSpecFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Top-level keys of the format; anything else is a typo. */
  private static final Set<String> TOP_KEYS =
      Set.of("name", "chainId", "networkId", "genesis", "forks", "merge", "bootnodes");

  /** Keys of one fork entry. */
  private static final Set<String> FORK_KEYS = Set.of("name", "block", "timestamp");

  private ChainSpecFile() {}

  /**
   * The exact bytes of the built-in spec for a network ({@code ethfollow config print-spec}), so an
   * operator can start a spec file from what this release ships.
   *
   * @throws IllegalArgumentException for an unknown network name
   */
  public static byte[] builtInJson(String network) {
    String key = network.strip().toLowerCase(java.util.Locale.ROOT);
    if (!ChainSpec.builtInNames().contains(key)) {
      throw new IllegalArgumentException(
          "unknown network '" + network + "'; known networks: " + String.join(", ", ChainSpec.builtInNames()));
    }
    String resource = "/chains/" + key + ".json";
    try (InputStream in = ChainSpecFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in chain spec " + resource + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads {@code chains/<name>.json} from the classpath; a broken built-in is a build bug. */
  static ChainSpec builtIn(String name) {
    String resource = "/chains/" + name + ".json";
    try (InputStream in = ChainSpecFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in chain spec " + resource + " is missing");
      }
      return parse(in.readAllBytes(), resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a chain spec document.
   *
   * @param source file or resource name, used in error messages
   * @throws GenesisException naming the key when the document is malformed
   */
  public static ChainSpec parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GenesisException(source + ": malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new GenesisException(source + ": expected a JSON object");
    }
    try {
      return build(root, source);
    } catch (GenesisException e) {
      throw new GenesisException(source + ": " + e.getMessage(), e);
    }
  }

  private static ChainSpec build(JsonNode root, String source) {
    checkKeys(root, TOP_KEYS, "");
    String name = text(root, "name");
    long chainId = JsonQuantity.longValue(root.get("chainId"), "chainId");
    long networkId =
        root.has("networkId") ? JsonQuantity.longValue(root.get("networkId"), "networkId") : chainId;
    JsonNode genesis = object(root, "genesis");
    checkKeys(genesis, Set.of("hash", "timestamp", "headerRlp"), "genesis.");
    Hash genesisHash =
        Hash.of(JsonQuantity.fixedBytes(genesis.get("hash"), "genesis.hash", Hash.SIZE));
    long genesisTime = JsonQuantity.longValue(genesis.get("timestamp"), "genesis.timestamp");
    Optional<BlockHeader> header = Optional.empty();
    if (genesis.hasNonNull("headerRlp")) {
      try {
        header =
            Optional.of(
                BlockHeader.decode(JsonQuantity.bytes(genesis.get("headerRlp"), "genesis.headerRlp")));
      } catch (RlpException e) {
        throw new GenesisException("genesis.headerRlp: " + e.getMessage(), e);
      }
    }
    List<Fork> forks = new ArrayList<>();
    JsonNode forkList = root.get("forks");
    if (forkList == null || !forkList.isArray()) {
      throw new GenesisException("forks: expected a list");
    }
    for (int i = 0; i < forkList.size(); i++) {
      forks.add(fork(forkList.get(i), "forks[" + i + "]"));
    }
    Optional<ChainSpec.Merge> merge = Optional.empty();
    if (root.hasNonNull("merge")) {
      JsonNode m = object(root, "merge");
      checkKeys(m, Set.of("terminalTotalDifficulty", "firstPosBlock"), "merge.");
      OptionalLong firstPos =
          m.hasNonNull("firstPosBlock")
              ? OptionalLong.of(JsonQuantity.longValue(m.get("firstPosBlock"), "merge.firstPosBlock"))
              : OptionalLong.empty();
      merge =
          Optional.of(
              new ChainSpec.Merge(
                  JsonQuantity.big(m.get("terminalTotalDifficulty"), "merge.terminalTotalDifficulty"),
                  firstPos));
    }
    List<String> bootnodes = new ArrayList<>();
    if (root.hasNonNull("bootnodes")) {
      JsonNode list = root.get("bootnodes");
      if (!list.isArray()) {
        throw new GenesisException("bootnodes: expected a list of enode strings");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isTextual()) {
          throw new GenesisException("bootnodes[" + i + "]: not a string");
        }
        bootnodes.add(list.get(i).asText());
      }
    }
    try {
      return new ChainSpec(
          name, chainId, networkId, genesisHash, header, genesisTime, forks, merge, bootnodes);
    } catch (IllegalArgumentException e) {
      throw new GenesisException(e.getMessage(), e);
    }
  }

  private static Fork fork(JsonNode node, String key) {
    if (node == null || !node.isObject()) {
      throw new GenesisException(key + ": expected an object");
    }
    checkKeys(node, FORK_KEYS, key + ".");
    String name = text(node, "name");
    boolean hasBlock = node.hasNonNull("block");
    boolean hasTime = node.hasNonNull("timestamp");
    if (hasBlock == hasTime) {
      throw new GenesisException(key + " (" + name + "): needs exactly one of block or timestamp");
    }
    return hasBlock
        ? Fork.atBlock(name, JsonQuantity.longValue(node.get("block"), key + ".block"))
        : Fork.atTime(name, JsonQuantity.longValue(node.get("timestamp"), key + ".timestamp"));
  }

  /**
   * An operator's file is edited by hand: a misspelt key ("bootnode", "timestmp") must not be
   * ignored silently, or a fork or the bootnode list would quietly fall back to nothing.
   */
  private static void checkKeys(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new GenesisException(prefix + key + ": unknown key (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static String text(JsonNode parent, String key) {
    JsonNode n = parent.get(key);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new GenesisException(key + ": missing or not a string");
    }
    return n.asText();
  }

  private static JsonNode object(JsonNode parent, String key) {
    JsonNode n = parent.get(key);
    if (n == null || !n.isObject()) {
      throw new GenesisException(key + ": missing or not an object");
    }
    return n;
  }
}
