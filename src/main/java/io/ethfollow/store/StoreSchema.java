package io.ethfollow.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The on-disk layout, schema version 1. Column families, key and value layouts:
 *
 * <pre>
 * headers      block hash (32)              -> header RLP
 * bodies       block hash (32)              -> body RLP (opaque)
 * receipts     block hash (32)              -> receipts RLP, eth/69 form (opaque)
 * canonical    number (8, big-endian)       -> block hash (32); big-endian so iteration is by number
 * txindex      tx hash (32)                 -> number (8, BE) ++ index in block (4, BE)
 * blocktxs     number (8, BE)               -> tx hashes of that block (32 each, in order); lets a
 *                                              rollback remove the block's txindex entries
 * meta         "schema-version"             -> int (4, BE)
 *              "genesis-hash"               -> 32 bytes
 *              "network-id"                 -> long (8, BE)
 *              "network-name"               -> UTF-8
 * checkpoints  "sync-start"                 -> long (8, BE)
 *              "completed-ranges"           -> format byte 1, then pairs of longs (8, BE) from, to
 * peers        node id (opaque)             -> peer record (opaque)
 * </pre>
 *
 * Blocks of one write and the "completed-ranges" record covering them go in one WriteBatch.
 */
final class StoreSchema {
  /** Bump whenever a key or value layout above changes; older builds then refuse the store. */
  static final int VERSION = 1;

  static final String HEADERS = "headers";
  static final String BODIES = "bodies";
  static final String RECEIPTS = "receipts";
  static final String CANONICAL = "canonical";
  static final String TXINDEX = "txindex";
  static final String BLOCKTXS = "blocktxs";
  static final String META = "meta";
  static final String CHECKPOINTS = "checkpoints";
  static final String PEERS = "peers";

  /** RocksDB always has this family; we keep nothing in it. */
  static final String DEFAULT = "default";

  /** Every family of this schema, in a fixed order (the default family first, as RocksDB wants). */
  static final List<String> FAMILIES =
      List.of(DEFAULT, HEADERS, BODIES, RECEIPTS, CANONICAL, TXINDEX, BLOCKTXS, META, CHECKPOINTS,
          PEERS);

  static final byte[] META_SCHEMA_VERSION = ascii("schema-version");
  static final byte[] META_GENESIS_HASH = ascii("genesis-hash");
  static final byte[] META_NETWORK_ID = ascii("network-id");
  static final byte[] META_NETWORK_NAME = ascii("network-name");

  static final byte[] CHECKPOINT_SYNC_START = ascii("sync-start");
  static final byte[] CHECKPOINT_RANGES = ascii("completed-ranges");

  /** Present (one byte, 1) once the store caught up with the network; see BlockStore#markCaughtUp. */
  static final byte[] CHECKPOINT_CAUGHT_UP = ascii("caught-up");

  private StoreSchema() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
