package io.ethfollow.discovery;

import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Keccak;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.NodeKey;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * An Ethereum Node Record (EIP-778) with the "v4" identity scheme: {@code rlp([signature, seq, k1,
 * v1, ...])}, keys sorted and unique, signed with secp256k1 over keccak256(rlp([seq, k1, v1, ...])).
 * {@link #decode} accepts only records whose signature verifies against their own key. Values are
 * kept as raw RLP items so unknown keys survive. Immutable and thread-safe.
 */
public final class Enr {
  /** EIP-778: "The maximum encoded size of a node record is 300 bytes." */
  public static final int MAX_SIZE = 300;

  /** A v4 signature is r || s without the recovery id. */
  private static final int SIGNATURE_SIZE = 64;

  private static final String KEY_ID = "id";
  private static final String KEY_SECP = "secp256k1";
  private static final String KEY_IP = "ip";
  private static final String KEY_IP6 = "ip6";
  private static final String KEY_TCP = "tcp";
  private static final String KEY_UDP = "udp";

  /** The execution-layer entry (EIP-2124 "eth" ENR entry): {@code [[fork-hash, fork-next], ...]}. */
  private static final String KEY_ETH = "eth";

  private static final byte[] ID_V4 = "v4".getBytes(StandardCharsets.US_ASCII);

  private final long seq;
  private final Map<String, byte[]> pairs; // key (ISO-8859-1, so String order = byte order) → raw RLP
  private final byte[] encoded;
  private final byte[] publicKey; // 64-byte node id form

  private Enr(long seq, Map<String, byte[]> pairs, byte[] encoded, byte[] publicKey) {
    this.seq = seq;
    this.pairs = pairs;
    this.encoded = encoded;
    this.publicKey = publicKey;
  }

  /**
   * Decodes and verifies a record.
   *
   * @throws InvalidEnrException when the record is malformed, too large, not "v4" or badly signed
   */
  public static Enr decode(byte[] rlp) {
    if (rlp.length > MAX_SIZE) {
      throw new InvalidEnrException("record of " + rlp.length + " bytes exceeds " + MAX_SIZE);
    }
    try {
      RlpReader outer = new RlpReader(rlp);
      RlpReader list = outer.readList();
      outer.ensureDone();
      byte[] signature = list.readBytes();
      long seq = readSeq(list);
      TreeMap<String, byte[]> pairs = new TreeMap<>();
      String previous = null;
      while (list.hasNext()) {
        String key = new String(list.readBytes(), StandardCharsets.ISO_8859_1);
        if (!list.hasNext()) {
          throw new InvalidEnrException("key " + key + " has no value");
        }
        if (previous != null && key.compareTo(previous) <= 0) {
          throw new InvalidEnrException("keys not sorted or not unique at " + key);
        }
        pairs.put(key, list.readRaw());
        previous = key;
      }
      byte[] id = pairs.get(KEY_ID);
      if (id == null || !Arrays.equals(new RlpReader(id).readBytes(), ID_V4)) {
        throw new InvalidEnrException("identity scheme is not v4");
      }
      byte[] secp = pairs.get(KEY_SECP);
      if (secp == null) {
        throw new InvalidEnrException("v4 record without secp256k1 key");
      }
      byte[] publicKey = PublicKeys.decompress(new RlpReader(secp).readBytes());
      if (signature.length != SIGNATURE_SIZE) {
        throw new InvalidEnrException("v4 signature has 64 bytes, got " + signature.length);
      }
      if (!signedBy(Keccak.hash(content(seq, pairs)), signature, publicKey)) {
        throw new InvalidEnrException("signature does not match the record's key");
      }
      return new Enr(seq, Collections.unmodifiableMap(pairs), rlp.clone(), publicKey);
    } catch (RlpException | IllegalArgumentException e) {
      if (e instanceof InvalidEnrException ie) {
        throw ie;
      }
      throw new InvalidEnrException("malformed record: " + e.getMessage());
    }
  }

  /** Parses the text form {@code enr:<base64url without padding>}. */
  public static Enr parse(String text) {
    if (!text.startsWith("enr:")) {
      throw new InvalidEnrException("text record must start with enr:");
    }
    try {
      return decode(Base64.getUrlDecoder().decode(text.substring(4)));
    } catch (IllegalArgumentException e) {
      if (e instanceof InvalidEnrException ie) {
        throw ie;
      }
      throw new InvalidEnrException("bad base64 in record: " + e.getMessage());
    }
  }

  /**
   * Creates and signs a record for our own node.
   *
   * @param ip the address to advertise, or null when unknown (then no ip entry is written)
   * @param eth our current fork id, or null for a record without the "eth" entry
   */
  public static Enr create(NodeKey key, long seq, InetAddress ip, int tcp, int udp, ForkId eth) {
    TreeMap<String, byte[]> pairs = new TreeMap<>();
    pairs.put(KEY_ID, rlpBytes(ID_V4));
    pairs.put(KEY_SECP, rlpBytes(PublicKeys.compress(key.nodeId())));
    if (ip != null && !ip.isAnyLocalAddress()) {
      pairs.put(ip.getAddress().length == 4 ? KEY_IP : KEY_IP6, rlpBytes(ip.getAddress()));
    }
    if (tcp > 0) {
      pairs.put(KEY_TCP, new RlpWriter(4).writeLong(tcp).toByteArray());
    }
    if (udp > 0) {
      pairs.put(KEY_UDP, new RlpWriter(4).writeLong(udp).toByteArray());
    }
    if (eth != null) {
      RlpWriter w = new RlpWriter(16).startList();
      eth.writeTo(w);
      pairs.put(KEY_ETH, w.endList().toByteArray());
    }
    byte[] sig = Arrays.copyOf(key.sign(Keccak.hash(content(seq, pairs))), SIGNATURE_SIZE);
    RlpWriter w = new RlpWriter(MAX_SIZE).startList().writeBytes(sig);
    writeBody(w, seq, pairs);
    byte[] encoded = w.endList().toByteArray();
    return new Enr(seq, Collections.unmodifiableMap(pairs), encoded, key.nodeId());
  }

  private static byte[] content(long seq, Map<String, byte[]> pairs) {
    RlpWriter w = new RlpWriter(MAX_SIZE).startList();
    writeBody(w, seq, pairs);
    return w.endList().toByteArray();
  }

  private static void writeBody(RlpWriter w, long seq, Map<String, byte[]> pairs) {
    w.writeBigInteger(new BigInteger(Long.toUnsignedString(seq)));
    for (Map.Entry<String, byte[]> e : pairs.entrySet()) {
      w.writeBytes(e.getKey().getBytes(StandardCharsets.ISO_8859_1)).writeRaw(e.getValue());
    }
  }

  private static long readSeq(RlpReader r) {
    BigInteger v = r.readBigInteger(8);
    return v.longValue(); // uint64 kept as its two's-complement bits; compare unsigned
  }

  private static boolean signedBy(byte[] hash, byte[] signature64, byte[] publicKey) {
    byte[] sig = Arrays.copyOf(signature64, NodeKey.SIGNATURE_SIZE);
    for (byte v = 0; v <= 1; v++) {
      sig[64] = v;
      try {
        if (Arrays.equals(NodeKey.recover(hash, sig), publicKey)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // this recovery id recovers no key; try the other
      }
    }
    return false;
  }

  private static byte[] rlpBytes(byte[] value) {
    return new RlpWriter(value.length + 3).writeBytes(value).toByteArray();
  }

  /** Sequence number (uint64 bits; compare with Long.compareUnsigned). */
  public long seq() {
    return seq;
  }

  /** The record's node id: its 64-byte public key (discv4's id form). */
  public NodeId nodeId() {
    return new NodeId(publicKey);
  }

  /** The full encoded record (copy). */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** The text form {@code enr:...}. */
  public String toText() {
    return "enr:" + Base64.getUrlEncoder().withoutPadding().encodeToString(encoded);
  }

  /** Keys present, in record order. */
  public java.util.Set<String> keys() {
    return pairs.keySet();
  }

  /** The IPv4 address, else the IPv6 address, if present and well-formed. */
  public Optional<InetAddress> ip() {
    Optional<InetAddress> v4 = address(KEY_IP, 4);
    return v4.isPresent() ? v4 : address(KEY_IP6, 16);
  }

  public OptionalInt tcp() {
    return port(KEY_TCP);
  }

  public OptionalInt udp() {
    return port(KEY_UDP);
  }

  /**
   * The fork id of the "eth" entry ({@code [[hash, next], ...]}; later elements are ignored), or
   * empty when the entry is absent or malformed.
   */
  public Optional<ForkId> ethForkId() {
    byte[] raw = pairs.get(KEY_ETH);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      RlpReader entry = new RlpReader(raw).readList();
      return Optional.of(ForkId.readFrom(entry));
    } catch (RlpException e) {
      return Optional.empty();
    }
  }

  private Optional<InetAddress> address(String key, int size) {
    byte[] raw = pairs.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      byte[] b = new RlpReader(raw).readFixed(size);
      return Optional.of(InetAddress.getByAddress(b));
    } catch (RlpException | UnknownHostException e) {
      return Optional.empty();
    }
  }

  private OptionalInt port(String key) {
    byte[] raw = pairs.get(key);
    if (raw == null) {
      return OptionalInt.empty();
    }
    try {
      long v = new RlpReader(raw).readLong();
      return v > 0 && v <= 0xffff ? OptionalInt.of((int) v) : OptionalInt.empty();
    } catch (RlpException e) {
      return OptionalInt.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Enr e && Arrays.equals(encoded, e.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Enr{seq=" + Long.toUnsignedString(seq) + ", id=" + nodeId().shortHex() + ", keys=" + pairs.keySet() + "}";
  }
}
