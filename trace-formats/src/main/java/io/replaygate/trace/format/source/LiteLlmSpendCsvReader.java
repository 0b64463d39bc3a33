package io.replaygate.trace.format.source;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.gateway.BlockHasher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A CSV export of LiteLLM's spend-log table, one row per line, with its column names as header; read as the
 * JSONL export is ({@link LiteLlmSpendLogReader}): the JSON columns ({@code metadata}, {@code messages}) hold
 * their JSON text. The columns are {@code LiteLLM_SpendLogs}'; another column is an error naming it.
 */
public final class LiteLlmSpendCsvReader extends AbstractCsvReader {
  static final List<String> REQUIRED = List.of("request_id", "model", "prompt_tokens", "completion_tokens");
  static final List<String> OPTIONAL = List.of("call_type", "api_key", "spend", "total_tokens", "startTime",
      "endTime", "completionStartTime", "start_time", "end_time", "completion_start_time", "model_id", "model_group",
      "custom_llm_provider", "api_base", "user", "metadata", "cache_hit", "cache_key", "request_tags", "team_id",
      "organization_id", "end_user", "requester_ip_address", "messages", "response", "session_id", "status",
      "proxy_server_request", "mcp_namespaced_tool_name", "agent_id", "request_duration_ms");

  private final LiteLlmMapping mapping;
  private final TraceMetadata metadata;

  public LiteLlmSpendCsvReader(Path file, ReadOptions options) {
    super(file, options, Map.of(), REQUIRED, OPTIONAL);
    this.mapping = new LiteLlmMapping(BlockHasher.of(options), this::error);
    this.metadata = TraceMetadata.promptHashed("litellm-spend", options.blockTokens(),
        new Capabilities(has("messages"), has("session_id"), has("metadata"), true, true, true));
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord parseRow() {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    for (String c : REQUIRED) {
      row.put(c, cell(c));
    }
    for (String c : OPTIONAL) {
      if (has(c)) {
        row.put(c, cell(c));
      }
    }
    return mapping.map(LiteLlmMapping.fromSpendRow(row, this::error));
  }
}
