package io.replaygate.replay.byoc.route;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;

/** The routers by name: adding one is a class and a line here. */
public enum Routers {
  DYNAMO_KV((c, rng) -> new DynamoKvRouter(c.overlapWeight(), c.temperature(), rng)),
  EPP((c, rng) -> new EppRouter(c.prefixWeight(), c.queueWeight(), c.kvWeight(), c.stalenessUs(), rng)),
  ROUND_ROBIN((c, rng) -> new RoundRobinRouter()),
  LEAST_OUTSTANDING((c, rng) -> new LeastOutstandingRouter()),
  SESSION_AFFINITY((c, rng) -> new SessionAffinityRouter());

  /**
   * A router and its parameters (unused ones are ignored).
   *
   * @param router        which router
   * @param overlapWeight Dynamo: weight of blocks to prefill against active decode blocks [1.0]
   * @param temperature   Dynamo: 0 picks the lowest cost; above 0 samples [0]
   * @param prefixWeight  EPP prefix-cache scorer weight [3]
   * @param queueWeight   EPP queue scorer weight [2]
   * @param kvWeight      EPP KV-utilisation scorer weight [2]
   * @param stalenessUs   EPP: age at which scraped metrics are re-read [50 ms]
   */
  public record Config(Routers router, double overlapWeight, double temperature, double prefixWeight,
      double queueWeight, double kvWeight, long stalenessUs) {
    public static final Config DYNAMO = new Config(DYNAMO_KV, 1.0, 0, 3, 2, 2, 50_000);
    public static final Config LLM_D = new Config(EPP, 1.0, 0, 3, 2, 2, 50_000);

    public Config with(Routers r) {
      return new Config(r, overlapWeight, temperature, prefixWeight, queueWeight, kvWeight, stalenessUs);
    }
  }

  private interface Factory {
    Router create(Config c, UniformRandomProvider rng);
  }

  private final Factory factory;

  Routers(Factory factory) {
    this.factory = factory;
  }

  public Router create(Config c, UniformRandomProvider rng) {
    return factory.create(c, rng);
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Routers> byName(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(Routers::wireName).toList());
  }
}
