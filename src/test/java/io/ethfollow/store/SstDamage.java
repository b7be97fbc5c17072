package io.ethfollow.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Test-only: damages a closed store the way a failing disk would, by flipping bytes inside the
 * first data block of one column family's table file (data blocks come first in an SST file, the
 * index and footer last, so the database still opens).
 */
final class SstDamage {
  /** Past the first few bytes of the file, well inside its first 4 KiB data block. */
  private static final long OFFSET = 64;

  private static final int BYTES = 8;

  private SstDamage() {}

  /** The name of the (only) table file of {@code family} in the open store. */
  static String fileOf(RocksBlockStore store, String family) {
    return store.checkFiles().stream()
        .filter(f -> f.family().equals(family))
        .map(SstFileCheck::file)
        .reduce((a, b) -> {
          throw new IllegalStateException(family + " has several files: " + a + ", " + b);
        })
        .orElseThrow(() -> new IllegalStateException(family + " has no table file"));
  }

  /** Flips {@link #BYTES} bytes at {@link #OFFSET} of {@code file} in {@code dir}. */
  static void flip(Path dir, String file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(file).toFile(), "rw")) {
      byte[] b = new byte[BYTES];
      f.seek(OFFSET);
      f.readFully(b);
      for (int i = 0; i < b.length; i++) {
        b[i] ^= (byte) 0xFF;
      }
      f.seek(OFFSET);
      f.write(b);
      f.getFD().sync();
    }
  }
}
