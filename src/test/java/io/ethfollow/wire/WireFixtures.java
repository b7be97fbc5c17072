package io.ethfollow.wire;

import io.ethfollow.chain.Block;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.rlp.RlpReader;
import java.util.ArrayList;
import java.util.List;

/** Real chain data for the wire tests, loaded from src/test/resources/testdata. */
public final class WireFixtures {
  private WireFixtures() {}

  /** The 45 blocks (1..45) of the execution-apis Prague test chain. */
  public static List<Block> execApisChain() {
    RlpReader r = new RlpReader(TestVectors.bytes("/testdata/exec-apis-prague/chain.rlp"));
    List<Block> blocks = new ArrayList<>();
    while (r.hasNext()) {
      blocks.add(Block.readNext(r));
    }
    return blocks;
  }
}
