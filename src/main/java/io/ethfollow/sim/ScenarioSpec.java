package io.ethfollow.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One simulation scenario (docs/simulation.md): the chain (start height, slot, how long the run
 * lasts in virtual seconds, how far behind we start, reorgs), the mode, peer groups and an optional
 * outage. Parsed from JSON with the Jackson tree model; every problem is a {@link ScenarioException}
 * naming the key. Immutable.
 *
 * @param name shown in the report
 * @param mode {@code follow} or {@code fast-then-follow}
 * @param startHeight our anchor block (already stored when the run starts)
 * @param slotMillis virtual millis between blocks
 * @param durationSeconds virtual seconds the run lasts after the peers connect
 * @param behindBlocks blocks the network is ahead of our anchor when the peers connect
 * @param statusBehindBlocks peers announce a head this much older than theirs in Status
 * @param reorgs reorg events, in any order
 * @param peers peer groups, at least one
 * @param outage null for none
 */
public record ScenarioSpec(
    String name,
    String mode,
    long startHeight,
    long slotMillis,
    long durationSeconds,
    long behindBlocks,
    long statusBehindBlocks,
    List<ReorgEvent> reorgs,
    List<PeerGroup> peers,
    Outage outage) {

  public static final String FOLLOW = "follow";
  public static final String FAST_THEN_FOLLOW = "fast-then-follow";

  /** Mainnet-like height: a stale peer 400,000 blocks behind still has a positive head. */
  public static final long DEFAULT_START_HEIGHT = 21_000_000;

  /**
   * Fast-then-follow starts this far behind unless told: enough for the catch-up to take a few
   * virtual minutes, small enough to run in a second or two of wall time.
   */
  public static final long DEFAULT_FAST_BEHIND = 2_000;

  /** Keeps a scenario's generated chain (headers in memory) within a few hundred MB at most. */
  public static final long MAX_CHAIN_BLOCKS = 500_000;

  /** The rollback window is 64; deeper reorgs halt by design, so a scenario may ask for up to that and a bit. */
  static final int MAX_REORG_DEPTH = 128;

  private static final Set<String> TOP_KEYS = Set.of("name", "mode", "chain", "peers", "outage");
  private static final Set<String> CHAIN_KEYS =
      Set.of("startHeight", "slotMs", "duration", "behind", "statusBehind", "reorgs");

  public ScenarioSpec {
    reorgs = List.copyOf(reorgs);
    peers = List.copyOf(peers);
  }

  /** Blocks the simulated chain must have to last the whole run. */
  public long chainBlocks() {
    return behindBlocks + durationSeconds * 1000 / slotMillis + 10;
  }

  /** The same scenario with another duration (virtual seconds). */
  public ScenarioSpec withDuration(long seconds) {
    return new ScenarioSpec(name, mode, startHeight, slotMillis, seconds, behindBlocks, statusBehindBlocks, reorgs,
        peers, outage);
  }

  /** Parses a JSON scenario; {@code source} names it in messages (e.g. the file name). */
  public static ScenarioSpec parse(String json, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new ScenarioException(source + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException(source + ": a scenario must be a JSON object");
    }
    unknownKeys(root, TOP_KEYS, "");
    String name = root.has("name") ? text(root, "name", "name") : source;
    String mode = root.has("mode") ? text(root, "mode", "mode") : FOLLOW;
    if (!mode.equals(FOLLOW) && !mode.equals(FAST_THEN_FOLLOW)) {
      throw new ScenarioException("mode: must be follow or fast-then-follow, got '" + mode + "'");
    }
    JsonNode chain = root.path("chain");
    if (!chain.isMissingNode() && !chain.isObject()) {
      throw new ScenarioException("chain: must be an object");
    }
    unknownKeys(chain, CHAIN_KEYS, "chain.");
    long start = number(chain, "startHeight", "chain.startHeight", DEFAULT_START_HEIGHT, 0, Long.MAX_VALUE / 2);
    long slot = number(chain, "slotMs", "chain.slotMs", 12_000, 100, 3_600_000);
    long duration = number(chain, "duration", "chain.duration", 600, 1, 30L * 24 * 3600);
    long behind = number(chain, "behind", "chain.behind", mode.equals(FOLLOW) ? 0 : DEFAULT_FAST_BEHIND, 0,
        MAX_CHAIN_BLOCKS);
    long statusBehind = number(chain, "statusBehind", "chain.statusBehind", 0, 0, MAX_CHAIN_BLOCKS);
    List<ReorgEvent> reorgs = new ArrayList<>();
    JsonNode r = chain.path("reorgs");
    if (!r.isMissingNode()) {
      if (!r.isArray()) {
        throw new ScenarioException("chain.reorgs: must be an array of {\"at\": SECONDS, \"depth\": BLOCKS}");
      }
      for (int i = 0; i < r.size(); i++) {
        String key = "chain.reorgs[" + i + "]";
        JsonNode e = r.get(i);
        unknownKeys(e, Set.of("at", "depth"), key + ".");
        reorgs.add(new ReorgEvent(required(e, "at", key + ".at", 0, duration),
            (int) required(e, "depth", key + ".depth", 1, MAX_REORG_DEPTH)));
      }
    }
    JsonNode p = root.path("peers");
    if (!p.isArray() || p.isEmpty()) {
      throw new ScenarioException("peers: must be a non-empty array of {\"count\": N, \"behaviour\": \"...\"}");
    }
    List<PeerGroup> groups = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      String key = "peers[" + i + "]";
      JsonNode g = p.get(i);
      unknownKeys(g, Set.of("count", "behaviour"), key + ".");
      int count = (int) required(g, "count", key + ".count", 1, 1000);
      String behaviour = g.has("behaviour") ? text(g, "behaviour", key + ".behaviour") : "honest";
      try {
        SimBehaviour.parse(behaviour);
      } catch (IllegalArgumentException e) {
        throw new ScenarioException(key + ".behaviour: " + e.getMessage());
      }
      groups.add(new PeerGroup(count, behaviour));
    }
    Outage outage = null;
    JsonNode o = root.path("outage");
    if (!o.isMissingNode()) {
      unknownKeys(o, Set.of("at", "seconds"), "outage.");
      outage = new Outage(required(o, "at", "outage.at", 0, duration), required(o, "seconds", "outage.seconds", 1,
          30L * 24 * 3600));
    }
    ScenarioSpec spec = new ScenarioSpec(name, mode, start, slot, duration, behind, statusBehind, reorgs, groups,
        outage);
    if (spec.chainBlocks() > MAX_CHAIN_BLOCKS) {
      throw new ScenarioException("chain.duration: the run needs " + spec.chainBlocks() + " blocks, at most "
          + MAX_CHAIN_BLOCKS + " (shorten duration or lengthen slotMs)");
    }
    long stale = groups.stream().mapToLong(g -> SimBehaviour.parse(g.behaviour()).staleBlocks()).max().orElse(0);
    if (stale > 0 && start < stale + 11) {
      throw new ScenarioException("chain.startHeight: must exceed the largest stale:BLOCKS + 10 (" + stale + ")");
    }
    return spec;
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String prefix) {
    if (node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      throw new ScenarioException(prefix.isEmpty() ? "scenario" : prefix.substring(0, prefix.length() - 1)
          + ": must be an object");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        throw new ScenarioException(prefix + n + ": unknown key (known: " + String.join(", ", known) + ")");
      }
    }
  }

  private static String text(JsonNode node, String field, String key) {
    JsonNode v = node.get(field);
    if (!v.isTextual()) {
      throw new ScenarioException(key + ": must be a string");
    }
    return v.asText();
  }

  private static long required(JsonNode node, String field, String key, long min, long max) {
    if (!node.has(field)) {
      throw new ScenarioException(key + ": missing");
    }
    return number(node, field, key, 0, min, max);
  }

  private static long number(JsonNode node, String field, String key, long absent, long min, long max) {
    JsonNode v = node.path(field);
    if (v.isMissingNode()) {
      return absent;
    }
    if (!v.isIntegralNumber()) {
      throw new ScenarioException(key + ": must be a whole number, got " + v);
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw new ScenarioException(key + ": must be " + min + ".." + max + ", got " + n);
    }
    return n;
  }
}
