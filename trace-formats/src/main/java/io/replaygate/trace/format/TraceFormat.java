package io.replaygate.trace.format;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.format.canonical.ArrowTraceReader;
import io.replaygate.trace.format.canonical.JsonlTraceReader;
import io.replaygate.trace.format.canonical.ParquetTraceReader;
import io.replaygate.trace.format.source.AzureCsvReader;
import io.replaygate.trace.format.source.BailianReader;
import io.replaygate.trace.format.source.BurstGptReader;
import io.replaygate.trace.format.source.GatewayLogReader;
import io.replaygate.trace.format.source.HeliconeExportReader;
import io.replaygate.trace.format.source.LangfuseObservationsReader;
import io.replaygate.trace.format.source.LiteLlmPayloadReader;
import io.replaygate.trace.format.source.LiteLlmSpendCsvReader;
import io.replaygate.trace.format.source.LiteLlmSpendLogReader;
import io.replaygate.trace.format.source.MooncakeReader;
import io.replaygate.trace.format.source.OtelGenAiReader;
import io.replaygate.trace.format.source.WekaReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every trace format replaygate reads, registered by name: adding a format is one reader file and one
 * line here (plus its sniffing rule in {@link FormatDetector}).
 */
public enum TraceFormat {
  JSONL("jsonl", "canonical replaygate JSONL", false, JsonlTraceReader::new),
  PARQUET("parquet", "canonical Parquet", false, ParquetTraceReader::new),
  ARROW("arrow", "canonical Arrow IPC file", false, (file, o) -> new ArrowTraceReader(file, o, false)),
  ARROW_STREAM("arrows", "canonical Arrow IPC stream", false, (file, o) -> new ArrowTraceReader(file, o, true)),
  MOONCAKE("mooncake", "Mooncake JSONL (ms, 512-token hash_ids)", true, MooncakeReader::new),
  BAILIAN("bailian", "Alibaba Bailian JSONL (s, 16-token hash_ids, chat_id sessions)", true, BailianReader::new),
  WEKA("weka", "WEKA / Claude Code session JSON (one conversation per file)", false, null),
  AZURE("azure", "Azure LLM inference CSV (2023 and 2024)", false, AzureCsvReader::new),
  BURSTGPT("burstgpt", "BurstGPT CSV (all releases)", false, BurstGptReader::new),
  GATEWAY("gateway", "raw gateway logs: OpenAI / Anthropic request bodies + usage, JSONL", false,
      GatewayLogReader::new),
  LITELLM("litellm", "LiteLLM StandardLoggingPayload JSONL (its logging callbacks' standard_logging_object)", false,
      LiteLlmPayloadReader::new),
  LITELLM_SPEND("litellm-spend", "LiteLLM spend-log table export, JSONL (LiteLLM_SpendLogs rows)", false,
      LiteLlmSpendLogReader::new),
  LITELLM_SPEND_CSV("litellm-spend-csv", "LiteLLM spend-log table export, CSV", false, LiteLlmSpendCsvReader::new),
  OTEL("otel", "OpenTelemetry OTLP JSON spans (collector file exporter) with GenAI semantic conventions", false,
      OtelGenAiReader::new),
  LANGFUSE("langfuse", "Langfuse observations export (its API's pages or one observation per line), GENERATION "
      + "observations", false, LangfuseObservationsReader::new),
  HELICONE("helicone", "Helicone request export (its request-query API's pages or one request per line)", false,
      HeliconeExportReader::new);

  /** Opens one file of a single-file format. */
  @FunctionalInterface
  public interface Opener {
    TraceReader open(Path file, ReadOptions options);
  }

  private final String wireName;
  private final String description;
  private final boolean fileLocalHashIds;
  private final Opener opener;

  TraceFormat(String wireName, String description, boolean fileLocalHashIds, Opener opener) {
    this.wireName = wireName;
    this.description = description;
    this.fileLocalHashIds = fileLocalHashIds;
    this.opener = opener;
  }

  public String wireName() {
    return wireName;
  }

  public String description() {
    return description;
  }

  /**
   * Whether the format's hash ids are counters meaningful only within one file, so combining files needs
   * {@link HashNamespace}s.
   */
  public boolean fileLocalHashIds() {
    return fileLocalHashIds;
  }

  /**
   * Whether a trace of this format with block hashes may still hold records without them: a log whose source
   * records the prompt only when configured to (LiteLLM's message logging can be turned off or redacted per
   * call; an OpenTelemetry instrumentation captures content only when enabled; Langfuse and Helicone keep inputs
   * and bodies only when the application sends them). Such a record's caching
   * cannot be simulated; its observed usage is kept.
   */
  public boolean promptsMayBeMissing() {
    return this == LITELLM || this == LITELLM_SPEND || this == LITELLM_SPEND_CSV || this == OTEL || this == LANGFUSE
        || this == HELICONE;
  }

  /** Opens several files of this format as one arrival-ordered trace. */
  public TraceReader open(List<Path> files, ReadOptions options) {
    if (this == WEKA) {
      return new WekaReader(files, options);
    }
    if (files.size() == 1) {
      return opener.open(files.get(0), options);
    }
    return MergingTraceReader.of(files, this, options);
  }

  TraceReader openOne(Path file, ReadOptions options) {
    return this == WEKA ? new WekaReader(List.of(file), options) : opener.open(file, options);
  }

  public static Optional<TraceFormat> byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (TraceFormat f : values()) {
      if (f.wireName.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The registered names, for help and errors. */
  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (TraceFormat f : values()) {
      sb.append(sb.isEmpty() ? "" : ", ").append(f.wireName);
    }
    return sb.toString();
  }
}
