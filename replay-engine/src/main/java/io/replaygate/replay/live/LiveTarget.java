package io.replaygate.replay.live;

import java.net.URI;
import java.util.Locale;

/**
 * A real OpenAI-compatible endpoint to drive (vLLM, SGLang, Dynamo's frontend, llm-d's gateway, TGI, Ollama, or
 * {@link Emulator}).
 *
 * @param name      the cluster's name (the {@code NAME} of {@code live:NAME})
 * @param baseUrl   the server's base URL, without {@code /v1}
 * @param model     the model id the server serves
 * @param apiKeyEnv the environment variable holding the API key, or null for none; the key itself is read when a
 *                  request is sent and never stored, printed or written
 * @param allowInsecureHttp plain HTTP to a host other than loopback (off: refused)
 * @param api       the endpoint's dialect: {@code openai} (OpenAI-compatible), {@code anthropic} (Messages) or
 *                  {@code gemini} (Google's generateContent)
 * @param pricedAs  for a managed provider's API, the price catalog target its requests are billed as
 *                  ({@code anthropic/claude-sonnet-4-5}); null for a self-hosted cluster. A priced target needs a
 *                  spend cap.
 */
public record LiveTarget(String name, URI baseUrl, String model, String apiKeyEnv, boolean allowInsecureHttp,
    String api, String pricedAs) {
  /** An OpenAI-compatible, self-hosted endpoint. */
  public LiveTarget(String name, URI baseUrl, String model, String apiKeyEnv, boolean allowInsecureHttp) {
    this(name, baseUrl, model, apiKeyEnv, allowInsecureHttp, "openai", null);
  }

  public boolean anthropic() {
    return "anthropic".equals(api);
  }

  /** A provider's own API (Anthropic's, Google's): no {@code /health}, no Prometheus metrics. */
  public boolean providerApi() {
    return !"openai".equals(api) || pricedAs != null;
  }

  public LiveTarget {
    if (!"openai".equals(api) && !"anthropic".equals(api) && !"gemini".equals(api)) {
      throw new IllegalArgumentException("api: openai, anthropic or gemini, got '" + api + "'");
    }
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("endpoint " + baseUrl + ": expected an http(s) URL");
    }
    if (scheme.equals("http") && !allowInsecureHttp && !loopback(baseUrl.getHost())) {
      throw new IllegalArgumentException("endpoint " + baseUrl + ": plain HTTP is allowed only to loopback; use https, "
          + "or allow it explicitly (--allow-insecure-http)");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a live target needs the model it serves");
    }
  }

  /** The API key from {@link #apiKeyEnv()}, or null; an unset variable is an error naming the variable only. */
  String apiKey() {
    if (apiKeyEnv == null) {
      return null;
    }
    String key = System.getenv(apiKeyEnv);
    if (key == null || key.isBlank()) {
      throw new IllegalStateException("environment variable " + apiKeyEnv + " is not set (it should hold the API key "
          + "for " + name + ")");
    }
    return key;
  }

  /** {@code localhost}, 127.0.0.0/8 or ::1, told from the text alone (no name is looked up). */
  static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }
}
