package io.ethfollow.sync;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Transaction;
import io.ethfollow.store.BlockData;
import io.ethfollow.wire.eth.EthMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one peer's answers (headers, the bodies and receipts it returned for them, in order) into
 * verified blocks ready for the store: every block checked against its header (all roots, bloom, gas,
 * receipt count and types). Stateless; runs on the scheduler's thread for both sync modes.
 */
public final class BlockAssembler {
  private BlockAssembler() {}

  /**
   * The verified prefix, and the first block that failed verification (its sender sent bad data).
   *
   * @param blocks verified blocks, in the order of the headers
   * @param failed number of the first block that does not match its header, -1 when none did
   */
  public record Assembled(List<BlockData> blocks, long failed) {}

  /**
   * Verifies {@code min(bodies, receipts)} blocks from the first header on; stops at the first bad
   * one. The bodies must already be matched to their headers ({@code BlockVerifier.verifyBody}, which
   * {@code BodiesRequest} runs on every body it accepts): the transactions root is not computed twice.
   */
  public static Assembled assemble(
      List<BlockHeader> headers, List<BlockBody> bodies, List<EthMessage.BlockReceipts> receipts) {
    int n = Math.min(headers.size(), Math.min(bodies.size(), receipts.size()));
    List<BlockData> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BlockHeader h = headers.get(i);
      BlockBody body = bodies.get(i);
      EthMessage.BlockReceipts r = receipts.get(i);
      // The body was matched to its header when it arrived (BodiesRequest: transactions root, ommers
      // hash, withdrawals root), the receipts root computed once (ReceiptsRequest); what is left is
      // the receipts against header and body: root, bloom, gas used, count and types.
      if (!BlockVerifier.verifyReceipts(h, body.transactions(), r.receipts(), r.receiptsRoot()).passed()) {
        return new Assembled(out, h.number());
      }
      List<Hash> txs = new ArrayList<>(body.transactions().size());
      for (Transaction t : body.transactions()) {
        txs.add(t.hash());
      }
      out.add(new BlockData(h, body.encode(), receipts.get(i).eth69Rlp(), txs));
    }
    return new Assembled(out, -1);
  }
}
