package io.replaygate.replay.live;

import java.time.Duration;

/**
 * How a live path drives its endpoint.
 *
 * @param target         the endpoint (a registered, active cluster)
 * @param api            the endpoint the prompt goes to [{@code completions}: the synthesized text as is]
 * @param speedup        trace time ÷ wall time [1]
 * @param maxConcurrency requests in flight at most [64]
 * @param maxRetries     retries after a 429, a 5xx or a lost connection [3]
 * @param connectTimeout [10 s]
 * @param requestTimeout until the response's headers [120 s]
 * @param maxSpendUsd    a managed probe's spend cap (required for a priced target; null for a self-hosted one)
 * @param stop           true once the run must stop sending (Ctrl-C): what is in flight drains for up to
 *                       {@link LivePath#DRAIN}, the rest is not sent, the outputs say {@code partial}
 * @param gpu            a self-hosted cluster's GPU SKU (GPU catalog name), or null: then it is not priced
 * @param gpus           its GPUs
 * @param terms          its cluster terms as registered ({@code clusters register --terms FILE}); null: the sourced
 *                       defaults
 */
public record LiveConfig(LiveTarget target, LiveClient.Api api, double speedup, int maxConcurrency,
    int maxRetries, Duration connectTimeout, Duration requestTimeout, Double maxSpendUsd,
    java.util.function.BooleanSupplier stop, String gpu, int gpus,
    io.replaygate.costmodel.terms.ClusterTerms terms) {
  public static final double SPEEDUP = 1;
  public static final int MAX_CONCURRENCY = 64;
  public static final int MAX_RETRIES = 3;
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  /** The defaults for a target. */
  public static LiveConfig of(LiveTarget target) {
    LiveClient.Api api = switch (target.api()) {
      case "anthropic" -> LiveClient.Api.MESSAGES;
      case "gemini" -> LiveClient.Api.GEMINI;
      default -> LiveClient.Api.COMPLETIONS;
    };
    return new LiveConfig(target, api, SPEEDUP,
        MAX_CONCURRENCY, MAX_RETRIES, CONNECT_TIMEOUT, REQUEST_TIMEOUT, null, () -> false, null, 0, null);
  }
}
