package io.replaygate.trace.format.mapped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractJsonLinesReader;
import io.replaygate.trace.format.JsonFields;
import io.replaygate.trace.format.gateway.BlockHasher;
import io.replaygate.trace.format.gateway.PromptRenderer;
import io.replaygate.trace.validate.RecordRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Any JSON-lines log, one call per line, read through a {@link LogMapping}: each canonical field from where the
 * mapping says. Errors name the file, the line, the canonical field and the pointer it was read from — never a
 * value that may be prompt text; a mapped {@code prompt} body is hashed like the gateway reader's and never kept.
 */
public final class MappedJsonReader extends AbstractJsonLinesReader {
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFields.FACTORY);
  private static final double MAX_EPOCH_S = RecordRules.MAX_EPOCH_US / 1e6; // 2200-01-01
  private static final double MIN_EPOCH_S = RecordRules.MIN_EPOCH_US / 1e6; // 1990-01-01

  private final LogMapping mapping;
  private final BlockHasher hasher;
  private final TraceMetadata metadata;

  public MappedJsonReader(Path file, ReadOptions options, LogMapping mapping) {
    super(file, options);
    this.mapping = mapping;
    this.hasher = BlockHasher.of(options);
    var f = mapping.fields();
    this.metadata = TraceMetadata.promptHashed("mapped", options.blockTokens(),
        new Capabilities(f.containsKey("prompt"), f.containsKey("session_id"),
            f.containsKey("cached_tokens") || f.containsKey("cache_write_tokens"),
            f.containsKey("ttft") || f.containsKey("e2e"), f.containsKey("tenant"), true));
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  /** The value a field maps to on this line: a constant, the node at the pointer, or null when absent. */
  private JsonNode at(JsonNode line, String field) {
    String where = mapping.fields().get(field);
    if (where == null) {
      return null;
    }
    if (where.startsWith("=")) {
      return JsonNodeFactory.instance.textNode(where.substring(1));
    }
    JsonNode v = line.at(where);
    return v.isMissingNode() || v.isNull() ? null : v;
  }

  private String label(String field) {
    return field + " (" + mapping.fields().get(field) + ")";
  }

  private String text(JsonNode line, String field) {
    JsonNode v = at(line, field);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      throw error(label(field), "expected a scalar, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.asText();
  }

  private Integer count(JsonNode line, String field, boolean required) {
    JsonNode v = at(line, field);
    if (v == null) {
      if (required) {
        throw error(label(field), "missing");
      }
      return null;
    }
    long n;
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      n = v.asInt();
    } else if (v.isTextual() && v.asText().strip().matches("\\d{1,9}")) {
      n = Long.parseLong(v.asText().strip());
    } else {
      throw error(label(field), "expected a non-negative integer");
    }
    if (n < 0) {
      throw error(label(field), "expected a non-negative integer");
    }
    return (int) n;
  }

  private long timeUs(JsonNode line) {
    JsonNode v = at(line, "time");
    if (v == null) {
      throw error(label("time"), "missing");
    }
    if (mapping.timeFormat().equals("iso")) {
      try {
        return io.replaygate.trace.format.source.Timestamps.parseMicros(v.asText());
      } catch (IllegalArgumentException e) {
        throw error(label("time"), e.getMessage());
      }
    }
    double x;
    if (v.isNumber()) {
      x = v.asDouble();
    } else {
      try {
        x = Double.parseDouble(v.asText());
      } catch (NumberFormatException e) {
        throw error(label("time"), "expected a number (" + mapping.timeFormat() + ")");
      }
    }
    double seconds = switch (mapping.timeFormat()) {
      case "epoch_s" -> x;
      case "epoch_ms" -> x / 1e3;
      case "epoch_us" -> x / 1e6;
      default -> x / 1e9;
    };
    if (!(seconds >= MIN_EPOCH_S && seconds <= MAX_EPOCH_S)) {
      throw error(label("time"), mapping.timeFormat() + " out of range (1990..2200): " + v);
    }
    return Math.round(seconds * 1e6);
  }

  private Float latency(JsonNode line, String field) {
    JsonNode v = at(line, field);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw error(label(field), "expected a number");
    }
    return (float) (mapping.latencyUnit().equals("s") ? v.asDouble() * 1000 : v.asDouble());
  }

  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    JsonNode line = MAPPER.readTree(p);
    long arrival = timeUs(line);
    String model = text(line, "model");
    if (model == null || model.isBlank()) {
      throw error(label("model"), "missing");
    }
    String provider = text(line, "provider");
    String statusValue = text(line, "status");
    String status = statusValue == null || mapping.okValues().contains(statusValue) ? "ok"
        : mapping.rateLimitedValues().contains(statusValue) ? "rate_limited" : "error";
    Integer input = count(line, "input_tokens", "ok".equals(status));
    BlockHasher.Hashed hashed = null;
    JsonNode body = at(line, "prompt");
    if (body != null) {
      if (!body.isObject()) {
        throw error(label("prompt"), "expected a request body object");
      }
      try {
        hashed = hasher.hash(PromptRenderer.render(body, mapping.promptApi()), input == null ? -1 : input);
      } catch (PromptRenderer.ShapeException e) {
        throw error(label("prompt") + " " + e.field(), e.problem());
      }
    }
    int in = input != null ? input : hashed != null ? hashed.tokens() : 0;
    Integer output = count(line, "output_tokens", false);
    Integer cached = count(line, "cached_tokens", false);
    if (cached != null && cached > in) {
      throw error(label("cached_tokens"), "more cached tokens (" + cached + ") than prompt tokens (" + in + ")");
    }
    String path = text(line, "model_path");
    return new TraceRecord(arrival, text(line, "request_id"), text(line, "tenant"),
        path != null ? path : (provider != null ? provider + "/" : "") + model, model, provider,
        text(line, "session_id"), in, output == null ? 0 : output, cached, count(line, "cache_write_tokens", false),
        hashed == null ? null : hashed.blockHashes(), latency(line, "ttft"), latency(line, "e2e"), status, null);
  }
}
