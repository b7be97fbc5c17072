package io.ethfollow.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Child-process main for {@link RocksStoreCrashTest}: writes the {@link #CHAIN} in chunks, in a
 * shuffled (fixed-seed) order like fast sync, and prints {@code ACK from to} after each chunk's write
 * returned. Then waits for stdin to close. The parent kills it with SIGKILL mid-writes.
 */
public final class StoreCrashWriter {
  static final int CHAIN_LENGTH = 20_000;
  static final int CHAIN_SEED = 3;
  static final int CHUNK = 25;
  static final long CHUNK_ORDER_SEED = 11;

  private StoreCrashWriter() {}

  /** The chunk start numbers in the order the writer stores them. */
  static List<Long> chunkOrder() {
    List<Long> starts = new ArrayList<>();
    for (long s = 0; s < CHAIN_LENGTH; s += CHUNK) {
      starts.add(s);
    }
    Collections.shuffle(starts, new Random(CHUNK_ORDER_SEED));
    return starts;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    ChainFixture chain = ChainFixture.build(CHAIN_LENGTH, CHAIN_SEED);
    RocksBlockStore store =
        RocksBlockStore.open(dir, chain.identity("crash", 7), StoreOptions.forTests());
    store.setSyncStart(0);
    System.out.println("READY");
    System.out.flush();
    for (long start : chunkOrder()) {
      long end = Math.min(start + CHUNK, CHAIN_LENGTH) - 1;
      store.writeBlocks(chain.range(start, end));
      System.out.println("ACK " + start + " " + end);
      System.out.flush();
    }
    System.out.println("DONE");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to kill us or close stdin
    }
    store.close();
  }
}
