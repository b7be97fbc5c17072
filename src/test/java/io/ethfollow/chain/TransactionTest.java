package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;

class TransactionTest {
  /** The example of EIP-155 (ethereum/EIPs EIPS/eip-155.md): nonce 9, 1 ether to 0x3535...35. */
  private static final String EIP155_SIGNED =
      "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
  private static final String EIP155_SIGNING_DATA =
      "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080";
  private static final String EIP155_SIGNING_HASH =
      "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";
  private static final BigInteger EIP155_KEY =
      new BigInteger("4646464646464646464646464646464646464646464646464646464646464646", 16);

  @Test
  void recoversTheSenderOfTheEip155ExampleAsTheAddressOfItsPrivateKey() {
    Transaction tx = Transaction.decode(Hex.decode(EIP155_SIGNED));

    assertThat(tx.type()).isEqualTo(Transaction.TYPE_LEGACY);
    assertThat(Hash.keccakOf(Hex.decode(EIP155_SIGNING_DATA)).toHex()).isEqualTo(EIP155_SIGNING_HASH);
    assertThat(SenderRecovery.signingHash(tx).toHex()).isEqualTo(EIP155_SIGNING_HASH);
    SenderRecovery.Signature sig = SenderRecovery.signature(tx);
    assertThat(sig.chainId()).isEqualTo(1L);
    assertThat(sig.r()).isEqualTo(new BigInteger(
        "18515461264373351373200002665853028612451056578545711640558177340181847433846"));
    byte[] expected = SenderRecovery.addressOfPrivateKey(EIP155_KEY);
    assertThat(Hex.encode(expected)).isEqualTo("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
    assertThat(SenderRecovery.recoverSender(tx)).isEqualTo(expected);
  }

  @Test
  void recoversSendersOfFreshlySignedTransactionsOfEveryType() {
    BigInteger key = new BigInteger("1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef", 16);
    byte[] address = SenderRecovery.addressOfPrivateKey(key);
    for (int type = 0; type <= Transaction.TYPE_SET_CODE; type++) {
      Transaction tx = sign(type, key);
      assertThat(Transaction.decode(tx.encoded())).isEqualTo(tx);
      assertThat(SenderRecovery.recoverSender(tx)).as("type %d", type).isEqualTo(address);
    }
  }

  @Test
  void rejectsUnknownTransactionTypeWithAClearMessage() {
    byte[] typed = sign(Transaction.TYPE_DYNAMIC_FEE, BigInteger.TEN).encoded().clone();
    typed[0] = 0x05;
    assertThatThrownBy(() -> Transaction.decode(typed))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("unknown transaction type 0x5");
    byte[] body = new RlpWriter().startList().writeBytes(typed).endList().toByteArray();
    assertThatThrownBy(() -> Transaction.readAll(new RlpReader(body).readList()))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("unknown transaction type");
  }

  @Test
  void rejectsTypedTransactionWithTheFieldCountOfAnotherType() {
    // a type-1 payload (11 fields) labelled as type 2 (12 fields)
    byte[] typed = sign(Transaction.TYPE_ACCESS_LIST, BigInteger.TEN).encoded().clone();
    typed[0] = 0x02;
    assertThatThrownBy(() -> Transaction.decode(typed))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("expected 12 fields for type 2, found 11");
  }

  @Test
  void rejectsLegacyTransactionWithExtraField() {
    byte[] tx = new RlpWriter().startList()
        .writeLong(1).writeLong(2).writeLong(3).writeBytes(new byte[20]).writeLong(4)
        .writeBytes(new byte[0]).writeLong(27).writeLong(5).writeLong(6).writeLong(7)
        .endList().toByteArray();
    assertThatThrownBy(() -> Transaction.decode(tx))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("expected 9 fields");
  }

  @Test
  void rejectsNonCanonicalIntegerInsideATransaction() {
    byte[] good = Hex.decode(EIP155_SIGNED);
    // nonce 9 re-encoded as 0x81 0x09: a single byte below 0x80 wrapped in a string header
    byte[] bad = new byte[good.length + 1];
    bad[0] = good[0];
    bad[1] = (byte) (good[1] + 1);
    bad[2] = (byte) 0x81;
    System.arraycopy(good, 2, bad, 3, good.length - 2);
    assertThatThrownBy(() -> Transaction.decode(bad))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("non-canonical");
  }

  @Test
  void rejectsBadRecipientLengthAndTrailingBytes() {
    byte[] shortTo = new RlpWriter().startList()
        .writeLong(1).writeLong(2).writeLong(3).writeBytes(new byte[19]).writeLong(4)
        .writeBytes(new byte[0]).writeLong(27).writeLong(5).writeLong(6)
        .endList().toByteArray();
    assertThatThrownBy(() -> Transaction.decode(shortTo))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("recipient");
    byte[] good = Hex.decode(EIP155_SIGNED);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> Transaction.decode(trailing)).isInstanceOf(RlpException.class);
  }

  @Test
  void rejectsBlobTransactionWithoutRecipient() {
    byte[] typed = sign(Transaction.TYPE_BLOB, BigInteger.TEN, true).encoded();
    assertThatThrownBy(() -> Transaction.decode(typed))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("expected 20 bytes");
  }

  @Test
  void rejectsSignatureWithInvalidV() {
    byte[] tx = new RlpWriter().startList()
        .writeLong(1).writeLong(2).writeLong(3).writeBytes(new byte[20]).writeLong(4)
        .writeBytes(new byte[0]).writeLong(30).writeLong(5).writeLong(6)
        .endList().toByteArray();
    assertThatThrownBy(() -> SenderRecovery.recoverSender(Transaction.decode(tx)))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("legacy v");
  }

  // ---- signing helper (test-only): builds a valid transaction of each type and signs it ----

  static Transaction sign(int type, BigInteger key) {
    return sign(type, key, false);
  }

  static Transaction sign(int type, BigInteger key, boolean noRecipient) {
    byte[] to = new byte[20];
    to[19] = 0x42;
    RlpWriter unsigned = new RlpWriter();
    if (type != Transaction.TYPE_LEGACY) {
      unsigned.writeRaw(new byte[] {(byte) type});
    }
    unsigned.startList();
    writeUnsignedFields(unsigned, type, noRecipient ? new byte[0] : to);
    long chainId = 1;
    if (type == Transaction.TYPE_LEGACY) {
      unsigned.writeLong(chainId).writeLong(0).writeLong(0);
    }
    byte[] payload = unsigned.endList().toByteArray();
    byte[] hash = Keccak.hash(payload);

    X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
    ECDomainParameters domain =
        new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(key, domain));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    if (s.compareTo(curve.getN().shiftRight(1)) > 0) {
      s = curve.getN().subtract(s);
    }
    byte[] expected = SenderRecovery.addressOfPrivateKey(key);
    int recId = java.util.Arrays.equals(SenderRecovery.recoverAddress(hash, 0, r, s), expected) ? 0 : 1;

    RlpWriter signed = new RlpWriter();
    if (type != Transaction.TYPE_LEGACY) {
      signed.writeRaw(new byte[] {(byte) type});
    }
    signed.startList();
    writeUnsignedFields(signed, type, noRecipient ? new byte[0] : to);
    signed.writeLong(type == Transaction.TYPE_LEGACY ? 35 + 2 * chainId + recId : recId);
    signed.writeBigInteger(r).writeBigInteger(s);
    byte[] bytes = signed.endList().toByteArray();
    return noRecipient ? new Transaction(type, bytes) : Transaction.decode(bytes);
  }

  private static void writeUnsignedFields(RlpWriter w, int type, byte[] to) {
    if (type == Transaction.TYPE_LEGACY) {
      w.writeLong(7).writeLong(1_000_000_000L).writeLong(21_000).writeBytes(to).writeLong(1)
          .writeBytes(new byte[] {1, 2, 3});
      return;
    }
    w.writeLong(1).writeLong(7);
    if (type == Transaction.TYPE_ACCESS_LIST) {
      w.writeLong(1_000_000_000L);
    } else {
      w.writeLong(1_000_000L).writeLong(2_000_000_000L);
    }
    w.writeLong(50_000).writeBytes(to).writeLong(1).writeBytes(new byte[] {1, 2, 3});
    // access list with one address and one storage key
    w.startList().startList().writeBytes(to).startList().writeBytes(new byte[32]).endList().endList()
        .endList();
    if (type == Transaction.TYPE_BLOB) {
      byte[] versioned = new byte[32];
      versioned[0] = 0x01;
      w.writeLong(3).startList().writeBytes(versioned).endList();
    } else if (type == Transaction.TYPE_SET_CODE) {
      w.startList().startList().writeLong(1).writeBytes(to).writeLong(0).writeLong(1)
          .writeLong(12345).writeLong(67890).endList().endList();
    }
  }
}
