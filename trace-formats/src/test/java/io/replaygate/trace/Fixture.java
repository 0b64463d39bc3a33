package io.replaygate.trace;

import io.replaygate.trace.format.TraceFormat;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The small hand-written fixtures under {@code src/test/resources/fixtures}, one or more per format, each
 * with its golden canonical JSONL under {@code src/test/resources/golden}.
 */
public enum Fixture {
  CANONICAL_JSONL(TraceFormat.JSONL, "canonical.jsonl"),
  MOONCAKE(TraceFormat.MOONCAKE, "mooncake.jsonl"),
  BAILIAN(TraceFormat.BAILIAN, "bailian.jsonl"),
  WEKA(TraceFormat.WEKA, "weka/session_a.json", "weka/session_b.json"),
  AZURE_2023(TraceFormat.AZURE, "code.csv"),
  AZURE_2024(TraceFormat.AZURE, "conv_1week.csv"),
  BURSTGPT_V1(TraceFormat.BURSTGPT, "BurstGPT_1.csv"),
  BURSTGPT_SESSIONS(TraceFormat.BURSTGPT, "BurstGPT_sessions.csv"),
  GATEWAY(TraceFormat.GATEWAY, "gateway.jsonl"),
  GATEWAY_RESPONSES(TraceFormat.GATEWAY, "gateway_responses.jsonl"),
  LITELLM(TraceFormat.LITELLM, "litellm.jsonl"),
  LITELLM_SPEND(TraceFormat.LITELLM_SPEND, "litellm_spend.jsonl"),
  LITELLM_SPEND_CSV(TraceFormat.LITELLM_SPEND_CSV, "litellm_spend.csv"),
  OTEL(TraceFormat.OTEL, "otel_genai.jsonl"),
  LANGFUSE(TraceFormat.LANGFUSE, "langfuse.jsonl"),
  HELICONE(TraceFormat.HELICONE, "helicone.jsonl");

  public static final Path DIR = Path.of("src/test/resources/fixtures");
  public static final Path GOLDEN = Path.of("src/test/resources/golden");
  /** A fixed salt so gateway-log hashes are reproducible in tests. */
  public static final long SALT = 42L;

  public final TraceFormat format;
  private final String[] files;

  Fixture(TraceFormat format, String... files) {
    this.format = format;
    this.files = files;
  }

  public List<Path> paths() {
    return Arrays.stream(files).map(DIR::resolve).toList();
  }

  public Path golden() {
    return GOLDEN.resolve(name().toLowerCase(java.util.Locale.ROOT) + ".jsonl");
  }

  public ReadOptions options() {
    return ReadOptions.DEFAULTS.withHashSalt(SALT);
  }

  public TraceReader open() {
    return format.open(paths(), options());
  }
}
