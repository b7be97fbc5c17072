package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.rlp.RlpReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisJsonTest {
  private static final Hash PRAGUE_GENESIS =
      Hash.fromHex("0x79e0f5ffb6a0c9f54d507dbbadc935603ac1db86d32f7857472180a75ec11f90");

  private static ChainSpec execApis() {
    return GenesisJson.parse(
        TestVectors.bytes("/testdata/exec-apis-prague/genesis.json"), "exec-apis");
  }

  /** Every fork through Prague at genesis; a contract with storage and a balance above 2^64. */
  private static final String ALL_FORKS_AT_ZERO =
      """
      {"config": {"chainId": "0x539", "homesteadBlock": 0, "eip150Block": "0", "eip155Block": 0,
        "eip158Block": 0, "byzantiumBlock": 0, "constantinopleBlock": 0, "petersburgBlock": 0,
        "istanbulBlock": 0, "berlinBlock": 0, "londonBlock": 0, "mergeNetsplitBlock": 0,
        "shanghaiTime": 0, "cancunTime": 0, "pragueTime": 0, "terminalTotalDifficulty": 0},
       "timestamp": "0x0", "gasLimit": "30000000", "difficulty": "0x0",
       "extraData": "0x657468666f6c6c6f77",
       "alloc": {
         "0x1000000000000000000000000000000000000001": {"balance": "0x152d02c7e14af6800000"},
         "2000000000000000000000000000000000000002": {"balance": "1", "nonce": "0x1",
            "code": "0x600160005500",
            "storage": {"0x01": "0x2a", "0x02": "0x00"}}}}
      """;

  @Test
  void computesTheExecutionApisPragueGenesisHashFromHeaderFieldsAndAlloc() {
    ChainSpec spec = execApis();
    assertThat(spec.genesisHash()).isEqualTo(PRAGUE_GENESIS);
    assertThat(spec.chainId()).isEqualTo(3503995874084926L);
    assertThat(spec.networkId()).isEqualTo(3503995874084926L);
    assertThat(spec.genesisHeader().orElseThrow().fieldCount()).isEqualTo(15);
  }

  @Test
  void firstBlockOfTheExecutionApisChainLinksToTheComputedGenesis() {
    RlpReader chain = new RlpReader(TestVectors.bytes("/testdata/exec-apis-prague/chain.rlp"));
    RlpReader block1 = chain.readList();
    BlockHeader header1 = BlockHeader.decodeNext(block1);
    assertThat(header1.number()).isEqualTo(1);
    assertThat(header1.parentHash()).isEqualTo(PRAGUE_GENESIS);
  }

  @Test
  void announcesForkIdE29a7b81AtTheExecutionApisHead() {
    assertThat(execApis().forkId(45, 451)).isEqualTo(new ForkId(0xe29a7b81, 0));
  }

  @Test
  void readsTheExecutionApisScheduleIncludingTimeForksAndTerminalDifficulty() {
    ChainSpec spec = execApis();
    assertThat(spec.fork(Fork.MERGE_NETSPLIT)).contains(Fork.atBlock(Fork.MERGE_NETSPLIT, 36));
    assertThat(spec.fork(Fork.PRAGUE)).contains(Fork.atTime(Fork.PRAGUE, 450));
    assertThat(spec.merge().orElseThrow().terminalTotalDifficulty()).isEqualTo(4732736);
    assertThat(spec.expectedHeaderFieldCount(26, 260)).isEqualTo(15);
    assertThat(spec.expectedHeaderFieldCount(27, 270)).isEqualTo(16);
    assertThat(spec.expectedHeaderFieldCount(39, 390)).isEqualTo(17);
    assertThat(spec.expectedHeaderFieldCount(42, 420)).isEqualTo(20);
    assertThat(spec.expectedHeaderFieldCount(45, 450)).isEqualTo(21);
  }

  @Test
  void buildsA21FieldGenesisWithForkDefaultsWhenEveryForkIsActiveAtZero() {
    ChainSpec spec = GenesisJson.parse(bytes(ALL_FORKS_AT_ZERO), "synthetic");
    BlockHeader g = spec.genesisHeader().orElseThrow();
    assertThat(g.fieldCount()).isEqualTo(BlockHeader.FIELDS_PRAGUE);
    assertThat(g.baseFeePerGas()).isEqualTo(GenesisJson.DEFAULT_BASE_FEE);
    assertThat(g.withdrawalsRoot()).isEqualTo(Hash.EMPTY_TRIE);
    assertThat(g.blobGasUsed()).isZero();
    assertThat(g.excessBlobGas()).isZero();
    assertThat(g.parentBeaconBlockRoot()).isEqualTo(Hash.ZERO);
    assertThat(g.requestsHash().toHex())
        .isEqualTo("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(g.gasLimit()).isEqualTo(30_000_000L);
    assertThat(spec.chainId()).isEqualTo(1337);
    assertThat(spec.forkId(0, 0).next()).isZero();
    // Regression pin, computed by this code (no independent tool was available); the Prague vector
    // above is the independent check of the same path.
    assertThat(spec.genesisHash().toHex())
        .isEqualTo("0xf6a68aa0b34014f2ca03d8049285966a89910ba8146ee33c845935b00e903916");
  }

  @Test
  void genesisHashIsStableAcrossNumberSpellingsAndKeyOrder() {
    String respelled =
        ALL_FORKS_AT_ZERO
            .replace("\"chainId\": \"0x539\"", "\"chainId\": 1337")
            .replace("\"gasLimit\": \"30000000\"", "\"gasLimit\": \"0x1c9c380\"")
            .replace("\"balance\": \"1\"", "\"balance\": 1")
            .replace("\"0x01\": \"0x2a\"", "\"0x0000000000000000000000000000000000000000000000000000000000000001\": \"0x000000000000000000000000000000000000000000000000000000000000002a\"");
    Hash a = GenesisJson.parse(bytes(ALL_FORKS_AT_ZERO), "a").genesisHash();
    Hash b = GenesisJson.parse(bytes(respelled), "b").genesisHash();
    assertThat(b).isEqualTo(a);
  }

  @Test
  void zeroStorageValuesAreOmittedFromTheStorageTrie() {
    String withoutZeroSlot = ALL_FORKS_AT_ZERO.replace(", \"0x02\": \"0x00\"", "");
    assertThat(GenesisJson.parse(bytes(withoutZeroSlot), "x").genesisHash())
        .isEqualTo(GenesisJson.parse(bytes(ALL_FORKS_AT_ZERO), "y").genesisHash());
  }

  @Test
  void loadsFromAFileAndNamesTheNetworkCustom(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("genesis.json");
    Files.write(file, TestVectors.bytes("/testdata/exec-apis-prague/genesis.json"));
    ChainSpec spec = GenesisJson.load(file);
    assertThat(spec.name()).isEqualTo("custom");
    assertThat(spec.genesisHash()).isEqualTo(PRAGUE_GENESIS);
  }

  @Test
  void rejectsMalformedJsonWithALineNumber() {
    assertThatThrownBy(() -> GenesisJson.parse(bytes("{\"config\": {"), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("malformed JSON at line");
  }

  @Test
  void rejectsAMissingConfigOrChainId() {
    assertThatThrownBy(() -> GenesisJson.parse(bytes("{\"alloc\": {}}"), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessage("config: missing or not an object");
    assertThatThrownBy(() -> GenesisJson.parse(bytes("{\"config\": {\"homesteadBlock\": 0}}"), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessage("config.chainId: missing");
  }

  @Test
  void rejectsANonHexBalanceNamingTheAccount() {
    String bad = ALL_FORKS_AT_ZERO.replace("0x152d02c7e14af6800000", "0xlots");
    assertThatThrownBy(() -> GenesisJson.parse(bytes(bad), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("alloc.0x1000000000000000000000000000000000000001.balance");
  }

  @Test
  void rejectsAnUnknownForkKey() {
    String bad = ALL_FORKS_AT_ZERO.replace("\"pragueTime\": 0", "\"pragueTime\": 0, \"amsterdamTime\": 9");
    assertThatThrownBy(() -> GenesisJson.parse(bytes(bad), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("config.amsterdamTime: unknown fork key");
  }

  @Test
  void rejectsForksScheduledOutOfOrder() {
    String bad = ALL_FORKS_AT_ZERO.replace("\"cancunTime\": 0", "\"cancunTime\": 100")
        .replace("\"pragueTime\": 0", "\"pragueTime\": 50");
    assertThatThrownBy(() -> GenesisJson.parse(bytes(bad), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("config.pragueTime: 50 is before cancun at 100");
  }

  @Test
  void rejectsALaterForkWhenARequiredEarlierOneIsMissing() {
    String bad = ALL_FORKS_AT_ZERO.replace("\"berlinBlock\": 0, ", "");
    assertThatThrownBy(() -> GenesisJson.parse(bytes(bad), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessage("config.londonBlock: set, but the earlier config.berlinBlock is not");
  }

  @Test
  void rejectsOverlongExtraDataAndMalformedAddresses() {
    String longExtra = ALL_FORKS_AT_ZERO.replace("0x657468666f6c6c6f77", "0x" + "ab".repeat(33));
    assertThatThrownBy(() -> GenesisJson.parse(bytes(longExtra), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("extraData:");
    String shortAddress = ALL_FORKS_AT_ZERO.replace("0x1000000000000000000000000000000000000001", "0x10");
    assertThatThrownBy(() -> GenesisJson.parse(bytes(shortAddress), "x"))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("alloc.0x10: expected 20 bytes");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
