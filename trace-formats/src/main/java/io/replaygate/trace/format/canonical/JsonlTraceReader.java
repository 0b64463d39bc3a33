package io.replaygate.trace.format.canonical;

import static io.replaygate.trace.format.canonical.CanonicalSchema.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractJsonLinesReader;
import io.replaygate.trace.format.JsonFields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical JSONL: an optional header line {@code {"replaygate_trace": {metadata}}}, then one record per
 * line with the {@link CanonicalSchema} field names; absent or null fields are null. Unknown fields are
 * errors. Without a header the trace is taken as relative-time with no block size.
 */
public final class JsonlTraceReader extends AbstractJsonLinesReader {

  private final TraceMetadata metadata;

  public JsonlTraceReader(Path file, ReadOptions options) {
    super(file, options);
    TraceMetadata meta = null;
    try {
      if (nextNonBlank()) {
        String first = source.text();
        if (first.stripLeading().startsWith("{\"" + JSONL_HEADER_KEY + "\"")) {
          meta = parseHeader(first);
        } else {
          pushBack();
        }
      }
    } catch (TraceInputException e) {
      close();
      throw e;
    }
    this.metadata = meta != null ? meta : TraceMetadata.unlabelled("jsonl");
  }

  private TraceMetadata parseHeader(String line) {
    Map<String, String> props = new LinkedHashMap<>();
    try (JsonParser p = JsonFields.FACTORY.createParser(line)) {
      json.expectObject(p);
      p.nextToken(); // the header key
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw error(JSONL_HEADER_KEY, "expected the metadata object, got " + JsonFields.describe(p));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (!TraceMetadata.KEYS.contains(key)) {
          throw error(key, "unknown trace metadata key (known: " + String.join(", ", TraceMetadata.KEYS) + ")");
        }
        if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
          throw error(key, "expected a string or number, got " + JsonFields.describe(p));
        }
        if (value != JsonToken.VALUE_NULL) {
          props.put(key, p.getText());
        }
      }
      if (p.nextToken() != JsonToken.END_OBJECT) {
        throw error(null, "the header line holds only the " + JSONL_HEADER_KEY + " object");
      }
      json.expectEnd(p);
    } catch (IOException e) {
      throw json.malformed(e);
    }
    return TraceMetadata.fromProperties(props, where());
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    Long arrival = null;
    Integer input = null;
    Integer output = null;
    String requestId = null, tenant = null, modelPath = null, model = null, provider = null, session = null;
    String status = null, sloClass = null;
    Integer cached = null, written = null;
    long[] hashes = null;
    Float ttft = null, e2e = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case ARRIVAL_US -> arrival = json.longValue(p, name);
        case REQUEST_ID -> requestId = json.stringOrNull(p, name);
        case TENANT -> tenant = json.stringOrNull(p, name);
        case MODEL_PATH -> modelPath = json.stringOrNull(p, name);
        case MODEL -> model = json.stringOrNull(p, name);
        case PROVIDER -> provider = json.stringOrNull(p, name);
        case SESSION_ID -> session = json.stringOrNull(p, name);
        case INPUT_TOKENS -> input = json.intValue(p, name);
        case OUTPUT_TOKENS -> output = json.intValue(p, name);
        case CACHED_TOKENS -> cached = json.intOrNull(p, name);
        case CACHE_WRITE_TOKENS -> written = json.intOrNull(p, name);
        case BLOCK_HASHES -> hashes = json.longArrayOrNull(p, name);
        case TTFT_MS -> ttft = json.floatOrNull(p, name);
        case E2E_MS -> e2e = json.floatOrNull(p, name);
        case STATUS -> status = json.stringOrNull(p, name);
        case SLO_CLASS -> sloClass = json.stringOrNull(p, name);
        default -> {
          ignoreField(name);
          p.skipChildren();
        }
      }
    }
    if (arrival == null) {
      throw error(ARRIVAL_US, "missing required field");
    }
    if (modelPath == null) {
      throw error(MODEL_PATH, "missing required field");
    }
    if (input == null) {
      throw error(INPUT_TOKENS, "missing required field");
    }
    if (output == null) {
      throw error(OUTPUT_TOKENS, "missing required field");
    }
    return new TraceRecord(arrival, requestId, tenant, modelPath, model, provider, session, input, output,
        cached, written, hashes, ttft, e2e, status, sloClass);
  }
}
