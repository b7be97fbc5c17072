package io.ethfollow.app;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.CheckResult;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.VerificationReport;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.SstFileCheck;
import io.ethfollow.store.StoreCorruptionException;
import io.ethfollow.store.StoredBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks every block the store's completed ranges claim, once, and collects every problem: damaged
 * data (RocksDB checksum mismatches: the block, its column family and table file), a block or part
 * missing inside a completed range, undecodable data, a header whose hash is not its key, a failed
 * root/bloom/gas check, a broken parent link between consecutive blocks; then checks every table
 * file's checksums, so damage no block lookup reaches is listed too. A damaged or missing block
 * costs only itself: the walk goes on. Runs on the caller's thread.
 */
final class StoreVerifier {
  private final BlockStore store;
  private final ChainSpec chain;
  private final int maxListed;
  private final List<Problem> problems = new ArrayList<>();
  private final List<DamagedBlock> damaged = new ArrayList<>();
  private long problemCount;

  /** One thing wrong with one block. */
  record Problem(long number, String hash, String check, String detail) {}

  /** A block with an entry RocksDB reports damaged (a checksum mismatch): family and file named. */
  record DamagedBlock(long number, String hash, String family, String file) {}

  /** What the walk found; every damaged block and file is listed, other problems up to a bound. */
  record Result(
      long blocks,
      long firstBlock,
      long lastBlock,
      long problemCount,
      List<Problem> problems,
      List<DamagedBlock> damagedBlocks,
      List<SstFileCheck> damagedFiles) {}

  /**
   * @param chain the store's chain when it is a built-in network (enables the header-layout check
   *     per fork), or null for a custom network whose fork schedule the store does not record
   */
  StoreVerifier(BlockStore store, ChainSpec chain, int maxListed) {
    this.store = store;
    this.chain = chain;
    this.maxListed = Math.max(0, maxListed);
  }

  Result run() {
    long blocks = 0;
    long first = -1;
    long last = -1;
    BlockHeader previous = null;
    for (BlockRange range : store.completedRanges().ranges()) {
      for (long n = range.from(); n <= range.to(); n++) {
        Optional<StoredBlock> b = read(n, range);
        if (b.isEmpty()) {
          previous = null;
          continue;
        }
        blocks++;
        first = first < 0 ? n : first;
        last = n;
        previous = check(b.get(), previous);
      }
    }
    List<SstFileCheck> damagedFiles =
        store.checkFiles().stream().filter(SstFileCheck::damaged).toList();
    problemCount += damagedFiles.size();
    return new Result(blocks, first, last, problemCount, List.copyOf(problems),
        List.copyOf(damaged), damagedFiles);
  }

  /**
   * Block {@code n} as stored, read entry by entry so one damaged entry costs only its block: a
   * damaged or missing part is recorded and the walk goes on with the next block.
   */
  private Optional<StoredBlock> read(long n, BlockRange range) {
    Hash hash = null;
    try {
      Optional<Hash> canonical = store.canonicalHash(n);
      if (canonical.isEmpty()) {
        problem(n, null, "missingBlock",
            "inside completed range " + range.from() + "-" + range.to());
        return Optional.empty();
      }
      hash = canonical.get();
      Optional<byte[]> header = store.headerRlp(hash);
      Optional<byte[]> body = store.body(hash);
      Optional<byte[]> receipts = store.receipts(hash);
      if (header.isEmpty() || body.isEmpty() || receipts.isEmpty()) {
        String part = header.isEmpty() ? "header" : body.isEmpty() ? "body" : "receipts";
        problem(n, hash.toHex(), "missingPart", "the block's " + part + " is not stored");
        return Optional.empty();
      }
      return Optional.of(new StoredBlock(n, hash, header.get(), body.get(), receipts.get()));
    } catch (StoreCorruptionException e) {
      String h = hash == null ? null : hash.toHex();
      damaged.add(new DamagedBlock(n, h, e.family(), e.sstFile()));
      problem(n, h, "damaged", e.getMessage());
      return Optional.empty();
    }
  }

  /** Verifies one block; returns its header (or null if undecodable) for the next link check. */
  private BlockHeader check(StoredBlock b, BlockHeader parent) {
    String hash = b.hash().toHex();
    BlockHeader header;
    try {
      header = BlockHeader.decode(b.header());
    } catch (RlpException e) {
      problem(b.number(), hash, "headerDecode", e.getMessage());
      return null;
    }
    if (!header.hash().equals(b.hash())) {
      problem(b.number(), hash, "blockHash", "header hashes to " + header.hash().toHex());
    }
    if (header.number() != b.number()) {
      problem(b.number(), hash, "blockNumber", "header says " + header.number());
    }
    if (chain != null) {
      report(b.number(), hash, BlockVerifier.verifyHeaderLayout(chain, header));
    }
    if (parent != null && parent.number() + 1 == b.number()) {
      report(b.number(), hash, BlockVerifier.verifyLink(parent, header));
    }
    try {
      BlockBody body = BlockBody.decode(b.body());
      report(b.number(), hash, BlockVerifier.verify(header, body, ReceiptCodec.decode(b.receipts())));
    } catch (RlpException e) {
      problem(b.number(), hash, "contentDecode", e.getMessage());
    }
    return header;
  }

  private void report(long number, String hash, VerificationReport r) {
    for (CheckResult c : r.failures()) {
      problem(number, hash, c.name(), "expected " + c.expected() + ", got " + c.actual());
    }
  }

  private void problem(long number, String hash, String check, String detail) {
    problemCount++;
    if (problems.size() < maxListed) {
      problems.add(new Problem(number, hash, check, detail));
    }
  }
}
