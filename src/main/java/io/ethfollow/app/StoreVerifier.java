package io.ethfollow.app;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.CheckResult;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.VerificationReport;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.StoredBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a store's canonical chain once and collects every problem: undecodable data, a header whose
 * hash is not its key, a failed root/bloom/gas check, a broken parent link between consecutive
 * blocks, and blocks missing inside ranges the checkpoint calls complete. Runs on the caller's thread.
 */
final class StoreVerifier {
  private final BlockStore store;
  private final ChainSpec chain;
  private final int maxListed;
  private final List<Problem> problems = new ArrayList<>();
  private long problemCount;

  /** One thing wrong with one block. */
  record Problem(long number, String hash, String check, String detail) {}

  /** What the walk found. */
  record Result(long blocks, long firstBlock, long lastBlock, long problemCount, List<Problem> problems) {}

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
    long[] counts = {0, -1, -1};
    BlockHeader[] previous = {null};
    store.forEachCanonical(
        0,
        b -> {
          counts[0]++;
          if (counts[1] < 0) {
            counts[1] = b.number();
          }
          counts[2] = b.number();
          previous[0] = check(b, previous[0]);
          return true;
        });
    for (BlockRange range : store.completedRanges().ranges()) {
      for (long n = range.from(); n <= range.to(); n++) {
        if (store.canonicalHash(n).isEmpty()) {
          problem(n, null, "missingBlock", "inside completed range " + range.from() + "-" + range.to());
        }
      }
    }
    return new Result(counts[0], counts[1], counts[2], problemCount, List.copyOf(problems));
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
