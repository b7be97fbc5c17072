package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.rlp.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithdrawalAndBloomTest {
  @Test
  void withdrawalRoundTripsThroughItsEncoding() {
    byte[] address = Hex.decode("0x8c8d7c46219d9205f056f28fee5950ad564d7465");
    Withdrawal w = new Withdrawal(35_000_000L, 1_234_567L, address, 17_000_000L);
    byte[] rlp = w.encode();
    assertThat(Withdrawal.decode(rlp)).isEqualTo(w);
    assertThat(Hex.encode(Withdrawal.decode(rlp).encode())).isEqualTo(Hex.encode(rlp));
  }

  @Test
  void mainnetWithdrawalsReEncodeToTheirBodyBytes() {
    for (TestVectors.MainnetBlock b : TestVectors.mainnetBlocks()) {
      BlockBody body = BlockBody.decode(b.bodyRlp());
      if (body.withdrawals() == null) {
        continue;
      }
      for (Withdrawal w : body.withdrawals()) {
        assertThat(Withdrawal.decode(w.encode())).isEqualTo(w);
      }
      assertThat(body.withdrawalsRoot())
          .isEqualTo(BlockHeader.decode(b.headerRlp()).withdrawalsRoot());
    }
  }

  @Test
  void bloomSetsThreeBitsPerValueAndIsEmptyWithoutLogs() {
    assertThat(Bloom.of(List.of())).isEqualTo(new byte[Bloom.SIZE]);
    byte[] bloom = new byte[Bloom.SIZE];
    Bloom.add(bloom, new byte[20]);
    int bits = 0;
    for (byte b : bloom) {
      bits += Integer.bitCount(b & 0xff);
    }
    assertThat(bits).isBetween(1, 3);
  }

  @Test
  void receiptBloomsOfMainnetEth68VectorsEqualRecomputedBlooms() {
    for (TestVectors.MainnetBlock b : TestVectors.mainnetBlocks()) {
      for (Receipt r : ReceiptCodec.decodeEth68(b.receipts68())) {
        assertThat(Bloom.of(r.logs())).isEqualTo(r.bloom());
      }
    }
  }
}
