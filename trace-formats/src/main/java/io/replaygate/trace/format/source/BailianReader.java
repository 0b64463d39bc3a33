package io.replaygate.trace.format.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractJsonLinesReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alibaba Bailian (Qwen) usage-trace JSONL: {@code chat_id}, {@code parent_chat_id} ({@code -1} for a
 * first turn), {@code timestamp} in s from trace start, {@code input_length}, {@code output_length},
 * {@code type} (e.g. {@code text}), {@code turn}, {@code hash_ids} of 16-token blocks.
 *
 * <p>Sessions: a turn's session is the {@code chat_id} of its conversation's first turn, found by
 * following {@code parent_chat_id}. The chat → root map is bounded ({@value #MAX_TRACKED_CHATS} most
 * recently seen chats), so memory stays flat; a turn whose parent has aged out starts its session at the
 * parent's id. {@code model_path} defaults to {@code bailian/<type>}.
 */
public final class BailianReader extends AbstractJsonLinesReader {
  public static final int BLOCK_TOKENS = 16;
  static final int MAX_TRACKED_CHATS = 1_000_000;
  private static final Map<String, String> BAILIAN_FIELDS = SourceNames.with(SourceNames.LENGTH_STYLE_FIELDS,
      "model_path", "type");

  private final TraceMetadata metadata = new TraceMetadata(TraceMetadata.SCHEMA_VERSION, BLOCK_TOKENS,
      HashScope.GLOBAL, TimeOrigin.RELATIVE, "bailian", null, BlockCountRule.CEIL_OR_FLOOR,
      new Capabilities(true, true, false, false, false, false));

  private final Map<Long, Long> rootOf = new LinkedHashMap<>(1 << 16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
      return size() > MAX_TRACKED_CHATS;
    }
  };

  public BailianReader(Path file, ReadOptions options) {
    super(file, options, BAILIAN_FIELDS);
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }


  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    Long chat = null;
    Long parent = null;
    Double seconds = null;
    Integer input = null;
    Integer output = null;
    String type = null;
    long[] hashes = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "chat_id" -> chat = json.longValue(p, name);
        case "parent_chat_id" -> parent = json.longValue(p, name);
        case "timestamp" -> seconds = json.doubleValue(p, name);
        case "input_length" -> input = json.intValue(p, name);
        case "output_length" -> output = json.intValue(p, name);
        case "type" -> type = json.stringOrNull(p, name);
        case "turn" -> json.intValue(p, name);
        case "hash_ids" -> hashes = json.longArrayOrNull(p, name);
        default -> {
          ignoreField(name);
          p.skipChildren();
        }
      }
    }
    SourceNames.require(this, chat, "chat_id");
    SourceNames.require(this, seconds, "timestamp");
    SourceNames.require(this, input, "input_length");
    SourceNames.require(this, output, "output_length");
    SourceNames.require(this, hashes, "hash_ids");
    long root = chat;
    if (parent != null && parent >= 0) {
      Long parentRoot = rootOf.get(parent);
      root = parentRoot != null ? parentRoot : parent;
    }
    rootOf.put(chat, root);
    return new TraceRecord(SourceNames.secondsToMicros(seconds), Long.toString(chat), null,
        "bailian/" + (type == null ? "text" : type), null, null, Long.toString(root), input, output, null, null,
        hashes, null, null, null, null);
  }
}
