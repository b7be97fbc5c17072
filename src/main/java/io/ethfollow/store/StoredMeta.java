package io.ethfollow.store;

import io.ethfollow.chain.Hash;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** The meta column family's content: schema version and chain identity. Reads and writes it. */
record StoredMeta(int schemaVersion, ChainIdentity identity) {

  /**
   * Reads and checks the metadata of the store in {@code dir}.
   *
   * @throws NotAStoreException when there is no ethfollow metadata
   * @throws SchemaVersionException when the schema version is not one this build reads
   */
  static StoredMeta read(RocksDB db, ColumnFamilyHandle meta, String dir) throws RocksDBException {
    byte[] version = db.get(meta, StoreSchema.META_SCHEMA_VERSION);
    byte[] genesis = db.get(meta, StoreSchema.META_GENESIS_HASH);
    byte[] networkId = db.get(meta, StoreSchema.META_NETWORK_ID);
    byte[] networkName = db.get(meta, StoreSchema.META_NETWORK_NAME);
    if (version == null || genesis == null || networkId == null || networkName == null) {
      throw new NotAStoreException(dir + " is not an ethfollow store: it is a RocksDB database"
          + " without ethfollow metadata (schema version and chain identity)");
    }
    int v = StoreCodec.readInt(version, "schema version");
    if (v != StoreSchema.VERSION) {
      throw new SchemaVersionException("store at " + dir + " has schema version " + v
          + " but this build reads only version " + StoreSchema.VERSION
          + (v > StoreSchema.VERSION ? " (written by a newer ethfollow; upgrade)" : ""));
    }
    ChainIdentity identity = new ChainIdentity(
        StoreCodec.readHash(genesis, "genesis hash"),
        StoreCodec.readLong(networkId, "network id"),
        new String(networkName, StandardCharsets.UTF_8));
    return new StoredMeta(v, identity);
  }

  /** Adds this metadata to a batch. */
  void writeTo(WriteBatch batch, ColumnFamilyHandle meta) throws RocksDBException {
    batch.put(meta, StoreSchema.META_SCHEMA_VERSION, StoreCodec.intBytes(schemaVersion));
    batch.put(meta, StoreSchema.META_GENESIS_HASH, identity.genesisHash().toArray());
    batch.put(meta, StoreSchema.META_NETWORK_ID, StoreCodec.longBytes(identity.networkId()));
    batch.put(meta, StoreSchema.META_NETWORK_NAME,
        identity.networkName().getBytes(StandardCharsets.UTF_8));
  }
}
