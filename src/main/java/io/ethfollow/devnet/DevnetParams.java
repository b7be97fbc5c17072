package io.ethfollow.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What makes one devnet's chain: the seed every block's content derives from, the profile, the
 * block time, the genesis time and the reorg schedule. Stored in genesis.json under
 * {@link #JSON_KEY} so every producer started from the same file serves the same chain. Immutable.
 *
 * @param seed content seed
 * @param profile block content profile
 * @param blockTimeMillis time between blocks; block n is due at genesis time + n × block time
 * @param genesisTimeSeconds the genesis block's timestamp (Unix seconds)
 * @param reorgs the reorg schedule
 */
public record DevnetParams(
    long seed, Profile profile, long blockTimeMillis, long genesisTimeSeconds, ReorgSchedule reorgs) {
  /** Top-level genesis.json key holding these parameters (go-ethereum ignores unknown keys). */
  public static final String JSON_KEY = "ethfollowDevnet";

  /** Version of the parameter format, so a later release can refuse or convert an older file. */
  static final int FORMAT = 1;

  public DevnetParams {
    if (blockTimeMillis <= 0) {
      throw new IllegalArgumentException("block time must be positive, got " + blockTimeMillis);
    }
    if (genesisTimeSeconds < 0) {
      throw new IllegalArgumentException("genesis time must not be negative");
    }
  }

  /** When block {@code number} is due, in Unix milliseconds. */
  public long dueMillis(long number) {
    return genesisTimeSeconds * 1000 + number * blockTimeMillis;
  }

  /**
   * Block {@code number}'s header timestamp: its due time in whole seconds. With block times under
   * a second consecutive blocks may share a timestamp (ethfollow checks links, not time).
   */
  public long timestamp(long number) {
    return dueMillis(number) / 1000;
  }

  /** The newest block due at {@code nowMillis} (0 before block 1 is due). */
  public long headAt(long nowMillis) {
    long since = nowMillis - genesisTimeSeconds * 1000;
    return since <= 0 ? 0 : since / blockTimeMillis;
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("format", FORMAT);
    n.put("seed", seed);
    n.put("profile", profile.name());
    n.put("blockTimeMs", blockTimeMillis);
    n.put("reorgEvery", reorgs.every());
    n.put("reorgDepth", reorgs.depth());
    return n;
  }

  /**
   * Reads the parameters from a genesis.json root.
   *
   * @throws IllegalArgumentException when the key is missing or malformed, naming the field
   */
  static DevnetParams fromJson(JsonNode root, long genesisTimeSeconds) {
    JsonNode n = root.get(JSON_KEY);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(
          "not a devnet genesis: no \"" + JSON_KEY + "\" object (write one with ethfollow devnet init)");
    }
    int format = number(n, "format").intValue();
    if (format != FORMAT) {
      throw new IllegalArgumentException(JSON_KEY + ".format " + format + " is not supported (expected " + FORMAT + ")");
    }
    JsonNode profile = n.get("profile");
    if (profile == null || !profile.isTextual()) {
      throw new IllegalArgumentException(JSON_KEY + ".profile: missing or not a string");
    }
    return new DevnetParams(
        number(n, "seed").longValue(),
        Profile.named(profile.asText()),
        number(n, "blockTimeMs").longValue(),
        genesisTimeSeconds,
        new ReorgSchedule(number(n, "reorgEvery").longValue(), number(n, "reorgDepth").longValue()));
  }

  private static JsonNode number(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(JSON_KEY + "." + key + ": missing or not an integer");
    }
    return v;
  }
}
