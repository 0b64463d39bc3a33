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

/**
 * Mooncake (FAST'25) JSONL: {@code timestamp} in ms from trace start, {@code input_length},
 * {@code output_length}, {@code hash_ids} of 512-token blocks with {@code len = ceil(input_length/512)}
 * (the last block may be partial). The source has no model: {@code model_path} defaults to
 * {@code mooncake/<file stem>}.
 */
public final class MooncakeReader extends AbstractJsonLinesReader {
  public static final int BLOCK_TOKENS = 512;
  private final String modelPath;
  private final TraceMetadata metadata = new TraceMetadata(TraceMetadata.SCHEMA_VERSION, BLOCK_TOKENS,
      HashScope.GLOBAL, TimeOrigin.RELATIVE, "mooncake", null, BlockCountRule.CEIL,
      new Capabilities(true, false, false, false, false, false));

  public MooncakeReader(Path file, ReadOptions options) {
    super(file, options, SourceNames.LENGTH_STYLE_FIELDS);
    this.modelPath = "mooncake/" + SourceNames.stem(file);
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }


  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    Double timestampMs = null;
    Integer input = null;
    Integer output = null;
    long[] hashes = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "timestamp" -> timestampMs = json.doubleValue(p, name);
        case "input_length" -> input = json.intValue(p, name);
        case "output_length" -> output = json.intValue(p, name);
        case "hash_ids" -> hashes = json.longArrayOrNull(p, name);
        default -> {
          ignoreField(name);
          p.skipChildren();
        }
      }
    }
    SourceNames.require(this, timestampMs, "timestamp");
    SourceNames.require(this, input, "input_length");
    SourceNames.require(this, output, "output_length");
    SourceNames.require(this, hashes, "hash_ids");
    return new TraceRecord(SourceNames.millisToMicros(timestampMs), null, null, modelPath, null, null, null,
        input, output, null, null, hashes, null, null, null, null);
  }
}
