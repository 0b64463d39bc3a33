package io.replaygate.datasets.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.replaygate.datasets.ParamValues;
import io.replaygate.datasets.Workload;
import io.replaygate.datasets.Workloads;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The analytic mean session lengths against a brute-force pilot of the same dry model. */
class PilotTest {
  @Test
  void analyticMeans_agreeWithAPilotOf200000Sessions() {
    for (String name : new String[] {"coding-agent", "batch"}) {
      Workload w = Workloads.byName(name);
      ParamValues v = ParamValues.of(name, w.parameters(), Map.of());
      SessionModel dry = w.model(v, new GenContext(RandomSource.XO_RO_SHI_RO_128_PP.create(5L), 64, 5, true));
      double stated = dry.meanRequestsPerSession();
      assertFalse(Double.isNaN(stated), name);
      double pilot = Pilot.meanRequests(dry, 200_000);
      // Pilot standard error: CV/√200000 ≈ 0.55% (coding agent, CV ≈ 2.4); 2% allows for ~3.5 σ.
      assertEquals(stated, pilot, 0.02 * stated, name);
    }
  }

  @Test
  void roundedLogNormalMean_matchesTheClosedFormWhenRoundingAndClampingDoNotBite() {
    // E[X] = median · e^(σ²/2): 31.8 · e^(1.369²/2) = 81.1; rounding moves it by far less than 0.1%.
    assertEquals(31.8 * Math.exp(1.369 * 1.369 / 2), Sampling.meanRoundedLogNormal(31.8, 1.369, 0, 1e9), 0.05);
    assertEquals(1.0, Sampling.meanRoundedLogNormal(0.01, 0.1, 1, 10), 1e-9); // everything clamps to 1
  }
}
