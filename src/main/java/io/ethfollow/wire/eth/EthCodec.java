package io.ethfollow.wire.eth;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.MessageDecodeException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes eth/68 and eth/69 message payloads (the RLP after the message code;
 * compression and framing are the RLPx layer's). Decoding is strict RLP (canonical, no trailing
 * bytes) and enforces {@link #MAX_ITEMS} on every list; any failure is a {@link
 * MessageDecodeException}. The negotiated version decides the Status form, the receipt form and
 * whether BlockRangeUpdate exists. Gossip messages are checked only for their outer shape (one
 * RLP list) and not parsed further. Stateless; thread-safe.
 */
public final class EthCodec {
  /**
   * Most items in any request or response list we decode (hashes asked for, headers, bodies,
   * receipt lists). go-ethereum and reth serve at most 1024 items per reply and ask for far fewer
   * (192 headers, 128 bodies, 256 receipt lists), so a longer list is not from an honest peer; the
   * cap bounds the work and memory one message can cost us.
   */
  public static final int MAX_ITEMS = 1024;

  /** eth/69 (EIP-7642): Status without TD, receipts without bloom, BlockRangeUpdate. */
  public static final int ETH69 = 69;

  /** eth/68: the older version we still speak (reth and EthereumJS peers). */
  public static final int ETH68 = 68;

  /** Total difficulty is a uint256 in every client; mainnet's is about 2^75. */
  private static final int TD_MAX_BYTES = 32;

  /** Unsigned 64-bit fields (request ids, network id) are at most 8 bytes. */
  private static final int UINT64_BYTES = 8;

  private static final String PROTOCOL = "eth";

  private EthCodec() {}

  /** The receipt form a negotiated eth version uses. */
  public static ReceiptCodec.Form receiptForm(int version) {
    return version >= ETH69 ? ReceiptCodec.Form.ETH69 : ReceiptCodec.Form.ETH68;
  }

  // ---------------------------------------------------------------- encoding

  /** The RLP payload of a message (without its code). */
  public static byte[] encode(EthMessage m) {
    RlpWriter w = new RlpWriter();
    if (m instanceof EthMessage.Status68 s) {
      w.startList().writeLong(s.version());
      writeUint64(w, s.networkId());
      w.writeBigInteger(s.totalDifficulty());
      w.writeBytes(s.bestHash().toArray()).writeBytes(s.genesisHash().toArray());
      s.forkId().writeTo(w);
      return w.endList().toByteArray();
    }
    if (m instanceof EthMessage.Status69 s) {
      w.startList().writeLong(s.version());
      writeUint64(w, s.networkId());
      w.writeBytes(s.genesisHash().toArray());
      s.forkId().writeTo(w);
      w.writeLong(s.earliest()).writeLong(s.latest()).writeBytes(s.latestHash().toArray());
      return w.endList().toByteArray();
    }
    if (m instanceof EthMessage.GetBlockHeaders g) {
      startRequest(w, g.requestId()).startList();
      if (g.origin() instanceof EthMessage.Origin.ByHash h) {
        w.writeBytes(h.hash().toArray());
      } else {
        w.writeLong(((EthMessage.Origin.Number) g.origin()).number());
      }
      w.writeLong(g.amount()).writeLong(g.skip()).writeLong(g.reverse() ? 1 : 0);
      return w.endList().endList().toByteArray();
    }
    if (m instanceof EthMessage.BlockHeaders h) {
      startRequest(w, h.requestId()).startList();
      for (BlockHeader header : h.headers()) {
        header.writeTo(w);
      }
      return w.endList().endList().toByteArray();
    }
    if (m instanceof EthMessage.GetBlockBodies g) {
      return encodeHashRequest(w, g.requestId(), g.hashes());
    }
    if (m instanceof EthMessage.GetReceipts g) {
      return encodeHashRequest(w, g.requestId(), g.hashes());
    }
    if (m instanceof EthMessage.BlockBodies b) {
      return encodeRawList(w, b.requestId(), b.rawBodies());
    }
    if (m instanceof EthMessage.Receipts r) {
      List<byte[]> raw = new ArrayList<>(r.blocks().size());
      for (EthMessage.BlockReceipts block : r.blocks()) {
        raw.add(
            r.form() == ReceiptCodec.Form.ETH69 ? block.eth69Rlp() : block.eth68Rlp());
      }
      return encodeRawList(w, r.requestId(), raw);
    }
    if (m instanceof EthMessage.BlockRangeUpdate u) {
      w.startList().writeLong(u.earliest()).writeLong(u.latest());
      return w.writeBytes(u.latestHash().toArray()).endList().toByteArray();
    }
    if (m instanceof EthMessage.GetPooledTransactions g) {
      return startRequest(w, g.requestId()).startList().endList().endList().toByteArray();
    }
    if (m instanceof EthMessage.PooledTransactions p) {
      return startRequest(w, p.requestId()).startList().endList().endList().toByteArray();
    }
    throw new IllegalArgumentException(
        "we never send " + m.id() + "; gossip records only describe what peers sent");
  }

  /** Encodes one block's receipts for a peer of this form from the stored eth/69 bytes. */
  static byte[] receiptsFor(ReceiptCodec.Form form, byte[] eth69Rlp) {
    if (form == ReceiptCodec.Form.ETH69) {
      return eth69Rlp;
    }
    return ReceiptCodec.encodeEth68(ReceiptCodec.decodeEth69(eth69Rlp));
  }

  /** A message whose payload is {@code [request-id, [item...]]} with items already encoded. */
  static byte[] encodeRawList(RlpWriter w, long requestId, List<byte[]> items) {
    startRequest(w, requestId).startList();
    for (byte[] item : items) {
      w.writeRaw(item);
    }
    return w.endList().endList().toByteArray();
  }

  private static byte[] encodeHashRequest(RlpWriter w, long requestId, List<Hash> hashes) {
    startRequest(w, requestId).startList();
    for (Hash h : hashes) {
      w.writeBytes(h.toArray());
    }
    return w.endList().endList().toByteArray();
  }

  private static RlpWriter startRequest(RlpWriter w, long requestId) {
    w.startList();
    writeUint64(w, requestId);
    return w;
  }

  private static void writeUint64(RlpWriter w, long value) {
    if (value >= 0) {
      w.writeLong(value);
    } else {
      w.writeBigInteger(new BigInteger(Long.toUnsignedString(value)));
    }
  }

  // ---------------------------------------------------------------- decoding

  /**
   * Decodes the payload of the message with this code, for a connection that negotiated {@code
   * version}.
   *
   * @throws MessageDecodeException for a code the version does not define or malformed content
   */
  public static EthMessage decode(int version, int code, byte[] payload) {
    EthMessageId id =
        EthMessageId.fromCode(version, code)
            .orElseThrow(
                () ->
                    new MessageDecodeException(
                        PROTOCOL, code, "no such message in eth/" + version));
    try {
      RlpReader outer = new RlpReader(payload);
      RlpReader r = outer.readList();
      outer.ensureDone();
      EthMessage m = decodeBody(version, id, r, payload.length);
      return m;
    } catch (RlpException | IllegalArgumentException e) {
      throw new MessageDecodeException(PROTOCOL, code, e.getMessage(), e);
    }
  }

  private static EthMessage decodeBody(int version, EthMessageId id, RlpReader r, int size) {
    switch (id) {
      case STATUS:
        return version >= ETH69 ? decodeStatus69(r) : decodeStatus68(r);
      case GET_BLOCK_HEADERS:
        return decodeGetBlockHeaders(r);
      case BLOCK_HEADERS:
        {
          long requestId = readUint64(r);
          RlpReader list = itemList(r);
          r.ensureDone();
          List<BlockHeader> headers = new ArrayList<>();
          while (list.hasNext()) {
            headers.add(BlockHeader.decodeNext(list));
          }
          return new EthMessage.BlockHeaders(requestId, headers);
        }
      case GET_BLOCK_BODIES:
        {
          long requestId = readUint64(r);
          List<Hash> hashes = readHashes(r);
          return new EthMessage.GetBlockBodies(requestId, hashes);
        }
      case GET_RECEIPTS:
        {
          long requestId = readUint64(r);
          List<Hash> hashes = readHashes(r);
          return new EthMessage.GetReceipts(requestId, hashes);
        }
      case BLOCK_BODIES:
        {
          long requestId = readUint64(r);
          RlpReader list = itemList(r);
          r.ensureDone();
          List<byte[]> raw = new ArrayList<>();
          while (list.hasNext()) {
            if (!list.nextIsList()) {
              throw new RlpException("block body must be a list");
            }
            raw.add(list.readRaw());
          }
          return new EthMessage.BlockBodies(requestId, raw);
        }
      case RECEIPTS:
        return decodeReceipts(version, r);
      case BLOCK_RANGE_UPDATE:
        {
          long earliest = r.readLong();
          long latest = r.readLong();
          Hash latestHash = Hash.of(r.readFixed(Hash.SIZE));
          r.ensureDone();
          return new EthMessage.BlockRangeUpdate(earliest, latest, latestHash);
        }
      case GET_POOLED_TRANSACTIONS:
        {
          long requestId = readUint64(r);
          skipRestOfRequest(r);
          return new EthMessage.GetPooledTransactions(requestId, size);
        }
      case POOLED_TRANSACTIONS:
        {
          long requestId = readUint64(r);
          skipRestOfRequest(r);
          return new EthMessage.PooledTransactions(requestId, size);
        }
      case NEW_BLOCK_HASHES:
        return new EthMessage.NewBlockHashes(size);
      case NEW_BLOCK:
        return new EthMessage.NewBlock(size);
      case TRANSACTIONS:
        return new EthMessage.Transactions(size);
      case NEW_POOLED_TRANSACTION_HASHES:
        return new EthMessage.NewPooledTransactionHashes(size);
      default:
        throw new IllegalStateException("unhandled message " + id);
    }
  }

  private static EthMessage.Status68 decodeStatus68(RlpReader r) {
    long version = r.readLong();
    long networkId = readUint64(r);
    BigInteger td = r.readBigInteger(TD_MAX_BYTES);
    Hash best = Hash.of(r.readFixed(Hash.SIZE));
    Hash genesis = Hash.of(r.readFixed(Hash.SIZE));
    ForkId forkId = ForkId.readFrom(r);
    r.ensureDone();
    return new EthMessage.Status68(version, networkId, td, best, genesis, forkId);
  }

  private static EthMessage.Status69 decodeStatus69(RlpReader r) {
    long version = r.readLong();
    long networkId = readUint64(r);
    Hash genesis = Hash.of(r.readFixed(Hash.SIZE));
    ForkId forkId = ForkId.readFrom(r);
    long earliest = r.readLong();
    long latest = r.readLong();
    Hash latestHash = Hash.of(r.readFixed(Hash.SIZE));
    r.ensureDone();
    return new EthMessage.Status69(version, networkId, genesis, forkId, earliest, latest, latestHash);
  }

  private static EthMessage.GetBlockHeaders decodeGetBlockHeaders(RlpReader r) {
    long requestId = readUint64(r);
    RlpReader q = r.readList();
    r.ensureDone();
    EthMessage.Origin origin;
    if (!q.nextIsList() && q.nextPayloadLength() == Hash.SIZE) {
      origin = new EthMessage.Origin.ByHash(Hash.of(q.readFixed(Hash.SIZE)));
    } else {
      origin = new EthMessage.Origin.Number(q.readLong());
    }
    long amount = readSaturated(q);
    long skip = readSaturated(q);
    long reverse = q.readLong();
    if (reverse > 1) {
      throw new RlpException("reverse must be 0 or 1, found " + reverse);
    }
    q.ensureDone();
    return new EthMessage.GetBlockHeaders(requestId, origin, amount, skip, reverse == 1);
  }

  private static EthMessage.Receipts decodeReceipts(int version, RlpReader r) {
    long requestId = readUint64(r);
    RlpReader list = itemList(r);
    r.ensureDone();
    ReceiptCodec.Form form = receiptForm(version);
    List<EthMessage.BlockReceipts> blocks = new ArrayList<>();
    while (list.hasNext()) {
      byte[] raw = list.readRaw();
      RlpReader one = new RlpReader(raw).readList();
      if (form == ReceiptCodec.Form.ETH69) {
        blocks.add(new EthMessage.BlockReceipts(ReceiptCodec.readEth69(one), raw));
      } else {
        List<Receipt> receipts = ReceiptCodec.readEth68(one);
        blocks.add(new EthMessage.BlockReceipts(receipts, ReceiptCodec.encodeEth69(receipts)));
      }
    }
    return new EthMessage.Receipts(requestId, form, blocks);
  }

  /** Reads {@code [hash...]} (at most {@link #MAX_ITEMS}) and requires the end of {@code r}. */
  private static List<Hash> readHashes(RlpReader r) {
    RlpReader list = itemList(r);
    r.ensureDone();
    List<Hash> out = new ArrayList<>();
    while (list.hasNext()) {
      out.add(Hash.of(list.readFixed(Hash.SIZE)));
    }
    return out;
  }

  /** Enters the next list and checks its item count against {@link #MAX_ITEMS}. */
  private static RlpReader itemList(RlpReader r) {
    RlpReader list = r.readList();
    int count = list.remainingItems();
    if (count > MAX_ITEMS) {
      throw new RlpException("list of " + count + " items exceeds " + MAX_ITEMS);
    }
    return list;
  }

  private static void skipRestOfRequest(RlpReader r) {
    r.readList();
    r.ensureDone();
  }

  /** Reads an unsigned 64-bit integer into a long (values above 2^63-1 wrap negative). */
  private static long readUint64(RlpReader r) {
    return r.readBigInteger(UINT64_BYTES).longValue();
  }

  /** Reads an unsigned 64-bit integer, saturating values above 2^63-1 at {@link Long#MAX_VALUE}. */
  private static long readSaturated(RlpReader r) {
    long v = readUint64(r);
    return v < 0 ? Long.MAX_VALUE : v;
  }
}
