package io.ethfollow.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds a {@link ChainSpec} for a custom network from a geth-style genesis.json: the fork schedule
 * from {@code config} ({@code *Block} and {@code *Time} keys), and the genesis block itself, whose
 * hash it computes from the header fields and the state root of {@code alloc}. Which optional header
 * fields genesis carries follows the forks active at block 0 and the genesis timestamp.
 *
 * <p>Numbers may be JSON numbers, decimal strings or 0x-hex strings. Every problem is a
 * {@link GenesisException} with a one-line message naming the key. Stateless and thread-safe.
 */
public final class GenesisJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** EIP-1559 INITIAL_BASE_FEE (1 gwei): the genesis base fee when London is active at block 0. */
  static final BigInteger DEFAULT_BASE_FEE = BigInteger.valueOf(1_000_000_000L);

  /**
   * Gas limit of a genesis without one: 4712388, the value go-ethereum has always filled in, so a
   * file written for geth hashes the same here.
   */
  static final long DEFAULT_GAS_LIMIT = 4_712_388L;

  /**
   * Difficulty of a proof-of-work genesis without one: 131072 (2^17), the minimum ethash difficulty
   * and go-ethereum's default. A genesis that is already proof of stake (TTD 0) defaults to 0.
   */
  static final BigInteger DEFAULT_POW_DIFFICULTY = BigInteger.valueOf(131_072L);

  private static final int ADDRESS_SIZE = 20;
  private static final int NONCE_SIZE = 8;

  /** The fork keys of a geth config, oldest first. Optional ones may be absent between others. */
  private enum ForkKey {
    HOMESTEAD("homesteadBlock", Fork.HOMESTEAD, false),
    DAO("daoForkBlock", Fork.DAO, true),
    EIP150("eip150Block", Fork.TANGERINE_WHISTLE, false),
    EIP155("eip155Block", Fork.SPURIOUS_DRAGON_155, false),
    EIP158("eip158Block", Fork.SPURIOUS_DRAGON_158, false),
    BYZANTIUM("byzantiumBlock", Fork.BYZANTIUM, false),
    CONSTANTINOPLE("constantinopleBlock", Fork.CONSTANTINOPLE, false),
    PETERSBURG("petersburgBlock", Fork.PETERSBURG, true),
    ISTANBUL("istanbulBlock", Fork.ISTANBUL, false),
    MUIR_GLACIER("muirGlacierBlock", Fork.MUIR_GLACIER, true),
    BERLIN("berlinBlock", Fork.BERLIN, false),
    LONDON("londonBlock", Fork.LONDON, false),
    ARROW_GLACIER("arrowGlacierBlock", Fork.ARROW_GLACIER, true),
    GRAY_GLACIER("grayGlacierBlock", Fork.GRAY_GLACIER, true),
    MERGE_NETSPLIT("mergeNetsplitBlock", Fork.MERGE_NETSPLIT, true),
    SHANGHAI("shanghaiTime", Fork.SHANGHAI, false),
    CANCUN("cancunTime", Fork.CANCUN, false),
    PRAGUE("pragueTime", Fork.PRAGUE, false),
    OSAKA("osakaTime", Fork.OSAKA, false),
    BPO1("bpo1Time", "bpo1", true),
    BPO2("bpo2Time", "bpo2", true),
    BPO3("bpo3Time", "bpo3", true),
    BPO4("bpo4Time", "bpo4", true),
    BPO5("bpo5Time", "bpo5", true);

    final String key;
    final String forkName;
    final boolean optional;

    ForkKey(String key, String forkName, boolean optional) {
      this.key = key;
      this.forkName = forkName;
      this.optional = optional;
    }

    Fork.Basis basis() {
      return key.endsWith("Time") ? Fork.Basis.TIMESTAMP : Fork.Basis.BLOCK;
    }

    static ForkKey byKey(String key) {
      for (ForkKey k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      return null;
    }
  }

  private GenesisJson() {}

  /** Reads and parses a genesis file; the network is named "custom". */
  public static ChainSpec load(Path file) {
    return load(file, bytes -> parse(bytes, "custom"));
  }

  /**
   * Reads {@code file} and hands its bytes to {@code parser}; an unreadable file or a parse error
   * becomes a {@link GenesisException} whose one-line message names the file.
   */
  public static <T> T load(Path file, java.util.function.Function<byte[], T> parser) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new GenesisException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return parser.apply(bytes);
    } catch (GenesisException e) {
      throw new GenesisException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses genesis.json bytes into a chain spec.
   *
   * @param networkName name the spec reports (logs, status endpoint)
   * @throws GenesisException with a one-line message naming the offending key
   */
  public static ChainSpec parse(byte[] json, String networkName) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GenesisException(
          "malformed JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new GenesisException("expected a JSON object at the top level");
    }
    JsonNode config = root.get("config");
    if (config == null || !config.isObject()) {
      throw new GenesisException("config: missing or not an object");
    }
    long chainId = JsonQuantity.longValue(config.get("chainId"), "config.chainId");
    long networkId = chainId;
    if (root.hasNonNull("networkId")) {
      networkId = JsonQuantity.longValue(root.get("networkId"), "networkId");
    }
    List<Fork> forks = forks(config);
    BigInteger ttd = JsonQuantity.optionalBig(config, "terminalTotalDifficulty");
    BlockHeader genesis = header(root, forks, ttd);
    Optional<ChainSpec.Merge> merge =
        ttd == null
            ? Optional.empty()
            : Optional.of(
                new ChainSpec.Merge(
                    ttd, ttd.signum() == 0 ? OptionalLong.of(0) : OptionalLong.empty()));
    try {
      return new ChainSpec(
          networkName, chainId, networkId, genesis.hash(), Optional.of(genesis),
          genesis.timestamp(), forks, merge, List.of());
    } catch (IllegalArgumentException e) {
      throw new GenesisException("config: " + e.getMessage(), e);
    }
  }

  /** The schedule in config order, checking that every fork key is known and in order. */
  private static List<Fork> forks(JsonNode config) {
    Iterator<String> names = config.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if ((key.endsWith("Block") || key.endsWith("Time")) && ForkKey.byKey(key) == null) {
        throw new GenesisException(
            "config." + key + ": unknown fork key (ethfollow cannot compute a fork id with it)");
      }
    }
    List<Fork> forks = new ArrayList<>();
    ForkKey missingRequired = null;
    Fork lastBlock = null;
    Fork lastTime = null;
    for (ForkKey k : ForkKey.values()) {
      JsonNode v = config.get(k.key);
      if (v == null || v.isNull()) {
        if (!k.optional && missingRequired == null) {
          missingRequired = k;
        }
        continue;
      }
      if (missingRequired != null) {
        throw new GenesisException(
            "config." + k.key + ": set, but the earlier config." + missingRequired.key + " is not");
      }
      Fork f = new Fork(k.forkName, k.basis(), JsonQuantity.longValue(v, "config." + k.key));
      Fork previous = k.basis() == Fork.Basis.BLOCK ? lastBlock : lastTime;
      if (previous != null && f.at() < previous.at()) {
        throw new GenesisException(
            "config." + k.key + ": " + f.at() + " is before " + previous.name() + " at "
                + previous.at() + "; forks must be scheduled in order");
      }
      if (k.basis() == Fork.Basis.BLOCK) {
        lastBlock = f;
      } else {
        lastTime = f;
      }
      forks.add(f);
    }
    return forks;
  }

  private static BlockHeader header(JsonNode root, List<Fork> forks, BigInteger ttd) {
    BlockHeader.Fields f = new BlockHeader.Fields();
    long timestamp = longOr(root, "timestamp", 0);
    if (root.hasNonNull("number") && longOr(root, "number", 0) != 0) {
      throw new GenesisException("number: a genesis block is block 0");
    }
    f.number = 0;
    f.timestamp = timestamp;
    f.parentHash =
        root.hasNonNull("parentHash")
            ? Hash.of(JsonQuantity.fixedBytes(root.get("parentHash"), "parentHash", Hash.SIZE))
            : Hash.ZERO;
    f.nonce =
        JsonQuantity.padded(
            root.hasNonNull("nonce") ? JsonQuantity.big(root.get("nonce"), "nonce") : BigInteger.ZERO,
            NONCE_SIZE, "nonce");
    f.extraData =
        root.hasNonNull("extraData")
            ? JsonQuantity.bytes(root.get("extraData"), "extraData")
            : new byte[0];
    if (f.extraData.length > BlockHeader.MAX_EXTRA_DATA) {
      throw new GenesisException("extraData: " + f.extraData.length + " bytes, at most 32 allowed");
    }
    f.gasLimit = longOr(root, "gasLimit", DEFAULT_GAS_LIMIT);
    f.gasUsed = longOr(root, "gasUsed", 0);
    BigInteger difficulty = JsonQuantity.optionalBig(root, "difficulty");
    if (difficulty == null) {
      difficulty = ttd != null && ttd.signum() == 0 ? BigInteger.ZERO : DEFAULT_POW_DIFFICULTY;
    }
    f.difficulty = difficulty;
    if (root.hasNonNull("mixHash")) {
      f.mixHash = Hash.of(JsonQuantity.fixedBytes(root.get("mixHash"), "mixHash", Hash.SIZE));
    }
    if (root.hasNonNull("coinbase")) {
      f.coinbase = JsonQuantity.fixedBytes(root.get("coinbase"), "coinbase", ADDRESS_SIZE);
    }
    f.stateRoot = GenesisState.root(root.get("alloc"));
    if (activeAtGenesis(forks, Fork.LONDON, timestamp)) {
      BigInteger baseFee = JsonQuantity.optionalBig(root, "baseFeePerGas");
      f.baseFeePerGas = baseFee == null ? DEFAULT_BASE_FEE : baseFee;
    }
    if (activeAtGenesis(forks, Fork.SHANGHAI, timestamp)) {
      f.withdrawalsRoot = Hash.EMPTY_TRIE;
    }
    if (activeAtGenesis(forks, Fork.CANCUN, timestamp)) {
      f.blobGasUsed = longOr(root, "blobGasUsed", 0);
      f.excessBlobGas = longOr(root, "excessBlobGas", 0);
      f.parentBeaconBlockRoot = Hash.ZERO;
    }
    if (activeAtGenesis(forks, Fork.PRAGUE, timestamp)) {
      f.requestsHash = EMPTY_REQUESTS_HASH;
    }
    return BlockHeader.create(f);
  }

  /** EIP-7685 requestsHash of a block without requests: sha256 of nothing. */
  static final Hash EMPTY_REQUESTS_HASH = sha256(new byte[0]);

  private static boolean activeAtGenesis(List<Fork> forks, String name, long timestamp) {
    for (Fork f : forks) {
      if (f.name().equals(name)) {
        return f.isActive(0, timestamp);
      }
    }
    return false;
  }

  private static long longOr(JsonNode root, String key, long fallback) {
    JsonNode n = root.get(key);
    return n == null || n.isNull() ? fallback : JsonQuantity.longValue(n, key);
  }

  private static Hash sha256(byte[] data) {
    try {
      return Hash.of(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
