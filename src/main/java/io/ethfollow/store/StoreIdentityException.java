package io.ethfollow.store;

/**
 * The data dir holds another chain's data (different genesis hash or network id). Nothing was
 * written to that store.
 */
public final class StoreIdentityException extends StoreException {
  private final ChainIdentity stored;
  private final ChainIdentity expected;

  public StoreIdentityException(String dir, ChainIdentity stored, ChainIdentity expected) {
    super("data dir " + dir + " belongs to another chain: it holds " + stored.describe()
        + " but this node runs " + expected.describe());
    this.stored = stored;
    this.expected = expected;
  }

  public ChainIdentity stored() {
    return stored;
  }

  public ChainIdentity expected() {
    return expected;
  }
}
