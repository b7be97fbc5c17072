package io.ethfollow.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;

/**
 * Test-only: leaves a closed store with a compaction due. Adds {@code files} small level-0 table
 * files of stray keys to the bodies family with automatic compaction off, so the next open (which
 * has it on) finds at least RocksDB's level-0 trigger of 4 files and compacts them at once,
 * together with whatever bodies file is already there.
 */
public final class PendingCompaction {
  private PendingCompaction() {}

  public static void stack(Path dir, int files) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : StoreSchema.FAMILIES) {
      ColumnFamilyOptions o = new ColumnFamilyOptions().setDisableAutoCompactions(true);
      cfOptions.add(o);
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), o));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    Random rnd = new Random(5);
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      ColumnFamilyHandle bodies = handles.get(StoreSchema.FAMILIES.indexOf(StoreSchema.BODIES));
      for (int f = 0; f < files; f++) {
        for (int i = 0; i < 50; i++) {
          byte[] key = new byte[32];
          rnd.nextBytes(key);
          db.put(bodies, key, new byte[] {(byte) 0xc0});
        }
        db.flush(flush, bodies);
      }
      for (ColumnFamilyHandle h : handles) {
        h.close();
      }
    } finally {
      cfOptions.forEach(ColumnFamilyOptions::close);
    }
  }
}
