package io.replaygate.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Numbers for people, the same in every report. */
class FmtTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"1234567.8, $1.2M", "84321, $84.3k", "912.4, $912.40", "9999.994, '$9,999.99'", "-1500000, -$1.5M",
      "0, $0.00"})
  void usd_isCompact(double v, String text) {
    assertEquals(text, Fmt.usd(v));
  }

  @Test
  void shares_times_andMissing() throws Exception {
    var m = new ObjectMapper();
    assertEquals("83.4%", Fmt.pct(0.8341));
    assertEquals("740 ms", Fmt.ms(m.readTree("740.2")));
    assertEquals("1.9 s", Fmt.ms(m.readTree("1949")));
    assertEquals("–", Fmt.usd(NullNode.instance));
    assertEquals("23.1% [18.4%, 27.9%]", Fmt.interval(m.readTree("{\"estimate\":0.231,\"lower\":0.184,\"upper\":0.279}")));
    assertEquals("Activate a hybrid hot lane (coding/sonnet)", Fmt.decision(m.readTree(
        "{\"decision\":\"activate_hybrid\",\"lanes\":[\"coding/sonnet\"]}")));
  }

  @Test
  void gateRules_inTheirOwnUnits() throws Exception {
    var m = new ObjectMapper();
    var materiality = m.readTree("{\"rule\":\"materiality\",\"observed\":0.12,\"threshold\":0.15,\"margin\":-0.03}");
    assertEquals("12.0%", Fmt.rule(materiality, "observed"));
    assertEquals("15.0%", Fmt.rule(materiality, "threshold"));
    assertEquals("-3.0 pts", Fmt.rule(materiality, "margin"));
    var fallback = m.readTree("{\"rule\":\"fallback\",\"observed\":0,\"threshold\":1,\"margin\":-1}");
    assertEquals("none", Fmt.rule(fallback, "observed"));
    assertEquals("required", Fmt.rule(fallback, "threshold"));
    assertEquals("–", Fmt.rule(fallback, "margin"));
    var blocks = m.readTree("{\"rule\":\"evidence\",\"observed\":1,\"threshold\":4,\"margin\":-3}");
    assertEquals("1 blocks", Fmt.rule(blocks, "observed"));
    assertEquals("-3 blocks", Fmt.rule(blocks, "margin"));
    var upper = m.readTree("{\"rule\":\"evidence\",\"observed\":0.2,\"threshold\":0.15,\"margin\":0.05}");
    assertEquals("20.0%", Fmt.rule(upper, "observed"));
    assertEquals("–", Fmt.rule(m.readTree("{\"rule\":\"utilisation\",\"observed\":null}"), "observed"));
  }
}
