package io.ethfollow.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ethfollow.rlp.Rlp;
import io.ethfollow.rlp.RlpWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Computes the state root of a genesis {@code alloc}: a secure trie keyed by keccak(address) holding
 * {@code rlp([nonce, balance, storageRoot, codeHash])}, where each account's storage is a secure trie
 * keyed by keccak(slot as 32 bytes) holding rlp(value without leading zero bytes), zero values
 * omitted. Stateless and thread-safe.
 */
final class GenesisState {
  private static final int ADDRESS_SIZE = 20;
  /** Storage slots and values are 256-bit words. */
  private static final int WORD_SIZE = 32;

  private GenesisState() {}

  /** The state root of an alloc object; an absent or empty alloc gives the empty-trie root. */
  static Hash root(JsonNode alloc) {
    if (alloc == null || alloc.isNull()) {
      return Hash.EMPTY_TRIE;
    }
    if (!alloc.isObject()) {
      throw new GenesisException("alloc: expected an object keyed by address");
    }
    List<TrieRoot.Entry> accounts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = alloc.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = "alloc." + e.getKey();
      byte[] address = JsonQuantity.fixedBytes(textNode(e.getKey()), key, ADDRESS_SIZE);
      accounts.add(new TrieRoot.Entry(Keccak.hash(address), account(e.getValue(), key)));
    }
    try {
      return TrieRoot.of(accounts);
    } catch (IllegalArgumentException ex) {
      throw new GenesisException("alloc: an address is listed twice (keys differ only in case?)", ex);
    }
  }

  private static byte[] account(JsonNode acct, String key) {
    if (acct == null || !acct.isObject()) {
      throw new GenesisException(key + ": expected an object");
    }
    BigInteger nonce = acct.hasNonNull("nonce") ? JsonQuantity.big(acct.get("nonce"), key + ".nonce")
        : BigInteger.ZERO;
    BigInteger balance = JsonQuantity.big(acct.get("balance"), key + ".balance");
    byte[] code = acct.hasNonNull("code") ? JsonQuantity.bytes(acct.get("code"), key + ".code")
        : new byte[0];
    Hash storageRoot = storageRoot(acct.get("storage"), key + ".storage");
    return new RlpWriter(120)
        .startList()
        .writeBigInteger(nonce)
        .writeBigInteger(balance)
        .writeBytes(storageRoot.toArray())
        .writeBytes(Keccak.hash(code))
        .endList()
        .toByteArray();
  }

  private static Hash storageRoot(JsonNode storage, String key) {
    if (storage == null || storage.isNull()) {
      return Hash.EMPTY_TRIE;
    }
    if (!storage.isObject()) {
      throw new GenesisException(key + ": expected an object keyed by slot");
    }
    List<TrieRoot.Entry> slots = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = storage.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String slotKey = key + "." + e.getKey();
      BigInteger slot = JsonQuantity.big(textNode(hexPrefixed(e.getKey())), slotKey);
      JsonNode raw = e.getValue();
      BigInteger value =
          JsonQuantity.big(raw.isTextual() ? textNode(hexPrefixed(raw.asText())) : raw, slotKey);
      if (value.signum() == 0) {
        continue;
      }
      byte[] slotBytes = JsonQuantity.padded(slot, WORD_SIZE, slotKey);
      byte[] word = JsonQuantity.padded(value, WORD_SIZE, slotKey);
      int skip = 0;
      while (word[skip] == 0) {
        skip++;
      }
      byte[] trimmed = Arrays.copyOfRange(word, skip, WORD_SIZE);
      slots.add(new TrieRoot.Entry(Keccak.hash(slotBytes), Rlp.encodeBytes(trimmed)));
    }
    try {
      return TrieRoot.of(slots);
    } catch (IllegalArgumentException ex) {
      throw new GenesisException(key + ": a slot is listed twice", ex);
    }
  }

  /** Storage keys are hex even without a 0x prefix; give them one so they are not read as decimal. */
  private static String hexPrefixed(String s) {
    return s.startsWith("0x") || s.startsWith("0X") ? s : "0x" + s;
  }

  private static JsonNode textNode(String s) {
    return TextNode.valueOf(s);
  }
}
