package io.replaygate.trace.format.source;

import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Azure LLM inference trace CSV (Splitwise, 2023; and the 2024 week-long release):
 * {@code TIMESTAMP,ContextTokens,GeneratedTokens}. Timestamps come as {@code 2023-11-16 18:17:03.9799600}
 * (UTC, 100 ns digits, truncated to µs) or {@code 2024-05-10 00:00:00.009930+00:00} (fraction sometimes
 * absent). No block hashes, no sessions. {@code model_path} defaults to {@code azure/<kind>} from the
 * file name ({@code AzureLLMInferenceTrace_code.csv} → {@code azure/code}).
 */
public final class AzureCsvReader extends AbstractCsvReader {
  static final String TIMESTAMP = "TIMESTAMP";
  static final String CONTEXT = "ContextTokens";
  static final String GENERATED = "GeneratedTokens";

  private final String modelPath;
  private final TraceMetadata metadata =
      TraceMetadata.withoutHashes("azure", TimeOrigin.EPOCH, Capabilities.NONE).withTimezone("UTC");

  public AzureCsvReader(Path file, ReadOptions options) {
    super(file, options, Map.of("arrival_us", TIMESTAMP, "input_tokens", CONTEXT, "output_tokens", GENERATED),
        List.of(TIMESTAMP, CONTEXT, GENERATED), List.of());
    String stem = SourceNames.stem(file);
    String kind = stem.startsWith("AzureLLMInferenceTrace_") ? stem.substring("AzureLLMInferenceTrace_".length())
        : stem;
    this.modelPath = "azure/" + kind;
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }


  @Override
  protected TraceRecord parseRow() {
    long arrival;
    try {
      arrival = Timestamps.parseMicros(cell(TIMESTAMP));
    } catch (IllegalArgumentException e) {
      throw error(TIMESTAMP, e.getMessage());
    }
    return TraceRecord.of(arrival, modelPath, intCell(CONTEXT), intCell(GENERATED));
  }
}
