package io.ethfollow.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.GenesisException;
import io.ethfollow.chain.GenesisJson;
import io.ethfollow.rlp.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads a devnet's genesis.json: a geth-style file for a post-merge network with every
 * fork through Prague active at genesis, its own chain id and genesis (so its own fork id), and the
 * devnet parameters under {@link DevnetParams#JSON_KEY}. Any ethfollow command that takes
 * {@code --genesis} accepts the file. Stateless; thread-safe.
 */
public final class DevnetGenesis {
  /** Block gas limit: mainnet's for most of 2025 (45M); generated blocks use about half of it. */
  public static final long GAS_LIMIT = 45_000_000L;

  /**
   * Default chain ids live in [700000000, 800000000): far from public networks' ids (chainlist.org
   * has none there in 2025), and different seeds give different ids.
   */
  static final long CHAIN_ID_BASE = 700_000_000L;

  static final long CHAIN_ID_SPAN = 100_000_000L;

  /** extraData prefix of the genesis block; the seed follows, so each devnet has its own genesis. */
  private static final String GENESIS_EXTRA = "ethfollow devnet";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DevnetGenesis() {}

  /** The chain id a devnet gets when none is given: a function of the seed. */
  public static long defaultChainId(long seed) {
    return CHAIN_ID_BASE + Math.floorMod(Rng.mix(seed), CHAIN_ID_SPAN);
  }

  /** genesis.json text for a devnet with these parameters. */
  public static String json(long chainId, DevnetParams params) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode config = root.putObject("config");
    config.put("chainId", chainId);
    for (String block : new String[] {
        "homesteadBlock", "eip150Block", "eip155Block", "eip158Block", "byzantiumBlock",
        "constantinopleBlock", "petersburgBlock", "istanbulBlock", "berlinBlock", "londonBlock",
        "mergeNetsplitBlock"}) {
      config.put(block, 0);
    }
    config.put("shanghaiTime", 0);
    config.put("cancunTime", 0);
    config.put("pragueTime", 0);
    config.put("terminalTotalDifficulty", 0);
    // go-ethereum requires the blob schedule of every blob fork in the config (EIP-7840).
    ObjectNode blobs = config.putObject("blobSchedule");
    blobs.putObject("cancun").put("target", 3).put("max", 6).put("baseFeeUpdateFraction", 3338477);
    blobs.putObject("prague").put("target", 6).put("max", 9).put("baseFeeUpdateFraction", 5007716);
    root.put("nonce", "0x0");
    root.put("timestamp", "0x" + Long.toHexString(params.genesisTimeSeconds()));
    byte[] extra = ByteBuffer.allocate(GENESIS_EXTRA.length() + Long.BYTES)
        .put(GENESIS_EXTRA.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putLong(params.seed())
        .array();
    root.put("extraData", Hex.encode(extra));
    root.put("gasLimit", "0x" + Long.toHexString(GAS_LIMIT));
    root.put("difficulty", "0x0");
    root.put("mixHash", "0x" + "00".repeat(32));
    root.put("coinbase", "0x" + "00".repeat(20));
    root.put("baseFeePerGas", "0x3b9aca00"); // 1 gwei, EIP-1559's initial base fee
    root.put("excessBlobGas", "0x0");
    root.put("blobGasUsed", "0x0");
    root.putObject("alloc");
    root.set(DevnetParams.JSON_KEY, params.toJson());
    return root.toPrettyString() + "\n";
  }

  /** Writes {@code dir/genesis.json} and returns its path. */
  public static Path write(Path dir, long chainId, DevnetParams params) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve("genesis.json"), json(chainId, params));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write genesis.json in " + dir, e);
    }
  }

  /**
   * Reads a devnet genesis.json.
   *
   * @throws GenesisException when the file is unreadable, not a valid genesis, or not a devnet's
   */
  public static DevnetChain load(Path file) {
    return GenesisJson.load(file, bytes -> parse(bytes, "devnet"));
  }

  /** Parses devnet genesis.json bytes. */
  public static DevnetChain parse(byte[] json, String networkName) {
    ChainSpec spec = GenesisJson.parse(json, networkName);
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new GenesisException("malformed JSON: " + e.getMessage(), e);
    }
    try {
      return new DevnetChain(spec, DevnetParams.fromJson(root, spec.genesisTimestamp()));
    } catch (IllegalArgumentException e) {
      throw new GenesisException(e.getMessage(), e);
    }
  }
}
