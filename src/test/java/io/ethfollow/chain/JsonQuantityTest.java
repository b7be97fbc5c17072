package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonQuantityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode node(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void readsJsonNumbersDecimalStringsAndHexStringsAlike() throws Exception {
    assertThat(JsonQuantity.big(node("1337"), "k")).isEqualTo(1337);
    assertThat(JsonQuantity.big(node("\"1337\""), "k")).isEqualTo(1337);
    assertThat(JsonQuantity.big(node("\"0x539\""), "k")).isEqualTo(1337);
    assertThat(JsonQuantity.big(node("\"0X539\""), "k")).isEqualTo(1337);
  }

  @Test
  void readsBalancesAboveTwoToTheSixtyFour() throws Exception {
    BigInteger big = new BigInteger("1000000000000000000000000000000");
    assertThat(JsonQuantity.big(node("1000000000000000000000000000000"), "k")).isEqualTo(big);
    assertThat(JsonQuantity.big(node("\"0x" + big.toString(16) + "\""), "k")).isEqualTo(big);
  }

  @Test
  void rejectsNegativeFractionalEmptyAndNonNumericValuesNamingTheKey() throws Exception {
    for (String bad : new String[] {"-1", "1.5", "\"0x\"", "\"\"", "\"12ab\"", "\"0xzz\"", "true"}) {
      JsonNode n = node(bad);
      assertThatThrownBy(() -> JsonQuantity.big(n, "config.chainId"))
          .as(bad)
          .isInstanceOf(GenesisException.class)
          .hasMessageStartingWith("config.chainId: ");
    }
  }

  @Test
  void rejectsValuesThatDoNotFitALongWhereALongIsRequired() throws Exception {
    assertThatThrownBy(() -> JsonQuantity.longValue(node("\"0x8000000000000000\""), "gasLimit"))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void padsSmallQuantitiesToFixedWidthBigEndian() {
    assertThat(JsonQuantity.padded(BigInteger.valueOf(0x42), 8, "nonce"))
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0x42);
    assertThatThrownBy(() -> JsonQuantity.padded(BigInteger.ONE.shiftLeft(64), 8, "nonce"))
        .isInstanceOf(GenesisException.class);
  }
}
