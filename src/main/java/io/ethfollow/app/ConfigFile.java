package io.ethfollow.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.sync.StartBlock;
import io.ethfollow.wire.Enode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the daemon's TOML file ({@code config/ethfollow.toml}) into a {@link DaemonConfig}. Strict:
 * an unknown key, a wrong type or an out-of-range value is a one-line {@link CliException} (exit 2)
 * naming the key as {@code section.key}, so a typo never silently falls back to a default. Relative
 * paths in the file are resolved against the file's directory, so the file means the same thing
 * whatever directory the daemon is started from.
 */
final class ConfigFile {
  /** The sections and their keys; anything else is a typo or an option from another version. */
  static final Map<String, Set<String>> KEYS =
      Map.of(
          "store", Set.of("data-dir"),
          "chain", Set.of("network", "genesis", "spec-file"),
          "p2p",
              Set.of(
                  "port", "listen-addr", "advertise-ip", "static-peers", "bootnodes", "discovery",
                  "max-peers"),
          "status", Set.of("addr", "max-head-age"),
          "rpc", Set.of("enabled", "addr"),
          "log", Set.of("format", "level"),
          "sync", Set.of("start-block"));

  private ConfigFile() {}

  /** Reads and validates {@code file}; every failure is a one-line CliException naming the key. */
  static DaemonConfig load(Path file) {
    if (!Files.exists(file)) {
      throw new CliException("config: no such file " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new CliException("config: not a regular file " + file);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("config: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc != null && loc.getLineNr() > 0 ? " at line " + loc.getLineNr() : "";
      throw new CliException(
          "config: " + file + " is not valid TOML" + where + ": " + oneLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return DaemonConfig.EMPTY;
    }
    checkKeys(root);
    Path base = file.toAbsolutePath().getParent();
    JsonNode store = root.path("store");
    JsonNode chain = root.path("chain");
    JsonNode p2p = root.path("p2p");
    JsonNode status = root.path("status");
    JsonNode log = root.path("log");
    JsonNode sync = root.path("sync");

    Path dataDir = path(base, "store.data-dir", string(store, "store", "data-dir"));
    String network = string(chain, "chain", "network");
    Path genesis = path(base, "chain.genesis", string(chain, "chain", "genesis"));
    Path specFile = path(base, "chain.spec-file", string(chain, "chain", "spec-file"));
    if ((network != null ? 1 : 0) + (genesis != null ? 1 : 0) + (specFile != null ? 1 : 0) > 1) {
      throw new CliException(
          "config: set only one of chain.network, chain.genesis and chain.spec-file");
    }
    if (specFile != null) {
      ChainSpecs.load("config: chain.spec-file", specFile);
    }
    if (network != null) {
      try {
        ChainSpec.named(network);
      } catch (IllegalArgumentException e) {
        throw new CliException("config: chain.network: " + oneLine(e.getMessage()));
      }
    }
    if (genesis != null && (!Files.isRegularFile(genesis) || !Files.isReadable(genesis))) {
      throw new CliException("config: chain.genesis: cannot read file " + genesis);
    }
    Integer port = integer(p2p, "p2p", "port", 0, 65535);
    String listen = string(p2p, "p2p", "listen-addr");
    if (listen != null) {
      NetworkOptionsBuilder.ip("config: p2p.listen-addr", listen);
    }
    String advertise = string(p2p, "p2p", "advertise-ip");
    if (advertise != null) {
      NetworkOptionsBuilder.ip("config: p2p.advertise-ip", advertise);
    }
    List<String> peers = enodes(p2p, "static-peers");
    List<String> bootnodes = enodes(p2p, "bootnodes");
    Boolean discovery = bool(p2p, "p2p", "discovery");
    Integer maxPeers = integer(p2p, "p2p", "max-peers", 1, DaemonConfig.MAX_PEERS_LIMIT);
    String statusAddr = string(status, "status", "addr");
    if (statusAddr != null) {
      HostPort.parse("config: status.addr", statusAddr);
    }
    String maxHeadAge = string(status, "status", "max-head-age");
    if (maxHeadAge != null) {
      DurationArg.parse("config: status.max-head-age", maxHeadAge);
    }
    JsonNode rpc = root.path("rpc");
    Boolean rpcEnabled = bool(rpc, "rpc", "enabled");
    String rpcAddr = string(rpc, "rpc", "addr");
    if (rpcAddr != null) {
      HostPort.parse("config: rpc.addr", rpcAddr);
    }
    String format = string(log, "log", "format");
    if (format != null) {
      LoggingSetup.checkFormat("config: log.format", format);
    }
    String level = string(log, "log", "level");
    if (level != null) {
      LoggingSetup.checkLevel("config: log.level", level);
    }
    String startBlock = startBlock(sync);
    return new DaemonConfig(
        dataDir, network, genesis, port, listen, advertise, peers, discovery, maxPeers, statusAddr,
        format, level, specFile, bootnodes, startBlock, maxHeadAge, rpcEnabled, rpcAddr);
  }

  private static void checkKeys(JsonNode root) {
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      Set<String> allowed = KEYS.get(section.getKey());
      if (allowed == null) {
        throw new CliException("config: unknown key '" + section.getKey() + "'");
      }
      if (!section.getValue().isObject()) {
        throw new CliException(
            "config: " + section.getKey() + " must be a table ([" + section.getKey() + "]), got "
                + section.getValue());
      }
      for (Iterator<String> keys = section.getValue().fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!allowed.contains(key)) {
          throw new CliException("config: unknown key '" + section.getKey() + "." + key + "'");
        }
      }
    }
  }

  /** {@code sync.start-block}: a block number, or a string N or head-N. */
  private static String startBlock(JsonNode sync) {
    JsonNode v = sync.get("start-block");
    if (v == null) {
      return null;
    }
    String text = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.asText() : null;
    if (text == null) {
      throw new CliException("config: sync.start-block must be a block number or \"head-N\", got " + v);
    }
    try {
      return StartBlock.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw new CliException("config: sync.start-block: " + e.getMessage());
    }
  }

  private static String string(JsonNode table, String section, String key) {
    JsonNode v = table.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new CliException("config: " + section + "." + key + " must be a string, got " + v);
    }
    return v.asText();
  }

  private static Integer integer(JsonNode table, String section, String key, int min, int max) {
    JsonNode v = table.get(key);
    if (v == null) {
      return null;
    }
    String name = section + "." + key;
    if (!v.isIntegralNumber()) {
      throw new CliException("config: " + name + " must be an integer, got " + v);
    }
    if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw new CliException("config: " + name + " must be " + min + "-" + max + ", got " + v);
    }
    return v.asInt();
  }

  private static Boolean bool(JsonNode table, String section, String key) {
    JsonNode v = table.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new CliException(
          "config: " + section + "." + key + " must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  private static List<String> enodes(JsonNode p2p, String key) {
    JsonNode v = p2p.get(key);
    if (v == null) {
      return null;
    }
    String name = "p2p." + key;
    if (!v.isArray()) {
      throw new CliException("config: " + name + " must be an array of enode strings, got " + v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw new CliException("config: " + name + "[" + i + "] must be a string, got " + e);
      }
      try {
        Enode.parse(e.asText());
      } catch (IllegalArgumentException ex) {
        throw new CliException("config: " + name + "[" + i + "]: " + oneLine(ex.getMessage()));
      }
      out.add(e.asText());
    }
    return out;
  }

  private static Path path(Path base, String name, String text) {
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      return null;
    }
    try {
      return base.resolve(text).normalize();
    } catch (InvalidPathException e) { // a NUL (fuzz input crash-nul-in-data-dir)
      throw new CliException("config: " + name + " is not a valid path: " + oneLine(e.getReason()));
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
