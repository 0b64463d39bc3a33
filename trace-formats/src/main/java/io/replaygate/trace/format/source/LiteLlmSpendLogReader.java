package io.replaygate.trace.format.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractJsonLinesReader;
import io.replaygate.trace.format.JsonFields;
import io.replaygate.trace.format.gateway.BlockHasher;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A JSONL export of LiteLLM's spend-log table ({@code LiteLLM_SpendLogs}, e.g. {@code /spend/logs} or a
 * database dump), one row per line: {@code request_id}, {@code startTime} / {@code endTime} /
 * {@code completionStartTime} (ISO-8601 or Postgres timestamps), {@code model}, {@code model_group},
 * {@code custom_llm_provider}, {@code prompt_tokens}, {@code completion_tokens}, {@code metadata} (with the key
 * and team aliases and {@code additional_usage_values}' cache tokens), {@code messages} when LiteLLM stored
 * prompts ({@code store_prompts_in_spend_logs}; {@code {}} otherwise), {@code session_id}, {@code status},
 * {@code end_user}; other columns ({@code spend}, {@code api_key} — a hash — and the rest) are not read. Each
 * row is mapped as a {@code StandardLoggingPayload} is ({@link LiteLlmMapping#fromSpendRow}); a call counts as
 * streamed when its completion started before it ended.
 */
public final class LiteLlmSpendLogReader extends AbstractJsonLinesReader {
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFields.FACTORY);
  private final LiteLlmMapping mapping;
  private final TraceMetadata metadata;

  public LiteLlmSpendLogReader(Path file, ReadOptions options) {
    super(file, options);
    this.mapping = new LiteLlmMapping(BlockHasher.of(options), this::error);
    boolean hashes = peekFirstObject(MAPPER).has("messages");
    this.metadata = TraceMetadata.promptHashed("litellm-spend", options.blockTokens(),
        new Capabilities(hashes, true, true, true, true, true));
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    JsonNode row = MAPPER.readTree(p);
    if (row == null || !row.isObject()) {
      throw error("request_id", "expected a spend-log row object");
    }
    row.fieldNames().forEachRemaining(k -> {
      if (!LiteLlmSpendCsvReader.REQUIRED.contains(k) && !LiteLlmSpendCsvReader.OPTIONAL.contains(k)) {
        ignoreField(k);
      }
    });
    return mapping.map(LiteLlmMapping.fromSpendRow(row, this::error));
  }
}
