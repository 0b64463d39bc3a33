package io.replaygate.trace.format.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SessionPlacement;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import io.replaygate.trace.format.HashNamespace;
import io.replaygate.trace.format.JsonFields;
import io.replaygate.trace.format.TextSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * WEKA / Claude Code session JSON (kv-cache-tester): one conversation per file with {@code block_size}
 * (64), {@code hash_id_scope}, and {@code requests[]} whose {@code t} is seconds from the conversation's
 * start. Sub-agent entries carry their own {@code requests[]}, timed from the sub-agent's own {@code t};
 * they are flattened with absolute times and a session of their own ({@code <file id>/<agent_id>}).
 *
 * <p>Several files combine into one trace: each file is one session placed by
 * {@link ReadOptions#sessionPlacement()}, files taken in name order. Ids of a {@code local} hash scope
 * are namespaced per file ({@link HashNamespace}), so two files never share one by accident. Files are
 * opened lazily, when the merge reaches their start, so memory holds only the overlapping sessions.
 *
 * <p>Mapping: {@code in}/{@code out} tokens, {@code model} kept, {@code model_path = claude-code/<model>},
 * {@code api_time} (s) → {@code e2e_ms}, {@code ttft} (s) → {@code ttft_ms}, {@code status = ok} when the
 * request has a {@code stop} reason, unknown (null) when it is empty (an interrupted request).
 */
public final class WekaReader extends AbstractTraceReader {
  public static final int DEFAULT_BLOCK_TOKENS = 64;
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFields.FACTORY);
  private static final Set<String> TOP = Set.of("id", "models", "block_size", "hash_id_scope", "tool_tokens",
      "system_tokens", "requests", "totals");
  private static final Set<String> LEAF = Set.of("t", "type", "model", "in", "out", "hash_ids", "input_types",
      "output_types", "stop", "api_time", "think_time", "ttft");
  private static final Set<String> SUBAGENT = Set.of("t", "type", "agent_id", "subagent_type", "duration_ms",
      "total_tokens", "tool_use_count", "status", "requests", "models", "tool_tokens", "system_tokens");

  private final List<Path> files;
  private final TraceMetadata metadata;
  private final PriorityQueue<Cursor> active = new PriorityQueue<>(
      Comparator.comparingLong((Cursor c) -> c.peek().record.arrivalUs()).thenComparingInt(c -> c.fileIndex));
  private final SplittableRandom random;
  private int nextFile;
  private long nextOffsetUs;
  private Item current;
  private Path currentFile;

  public WekaReader(List<Path> files, ReadOptions options) {
    super(options, Map.of("arrival_us", "t", "input_tokens", "in", "output_tokens", "out",
        "block_hashes", "hash_ids", "e2e_ms", "api_time", "ttft_ms", "ttft"));
    this.files = files.stream().sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    if (this.files.isEmpty()) {
      throw new IllegalArgumentException("no WEKA files given");
    }
    if (this.files.size() >= (1 << 22)) {
      throw new TraceInputException(null, null, null, "too many WEKA files in one trace: " + this.files.size());
    }
    this.random = new SplittableRandom(options.seed());
    this.currentFile = this.files.get(0);
    JsonNode first = parse(this.files.get(0));
    int blockTokens = blockSize(first, this.files.get(0));
    boolean local = !"global".equals(first.path("hash_id_scope").asText("local"));
    this.metadata = new TraceMetadata(TraceMetadata.SCHEMA_VERSION, blockTokens,
        local ? HashScope.SESSION : HashScope.GLOBAL, TimeOrigin.RELATIVE, "weka", null, BlockCountRule.FLOOR,
        new Capabilities(true, true, false, true, false, true));
    this.nextOffsetUs = switch (options.sessionPlacement()) {
      case SessionPlacement.Poisson p -> exponentialUs(p.meanGapSeconds());
      default -> 0;
    };
    loadFile(first);
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord readNext() {
    while (nextFile < files.size() && (active.isEmpty() || nextOffsetUs <= active.peek().peek().record.arrivalUs())) {
      currentFile = files.get(nextFile);
      loadFile(parse(currentFile));
    }
    Cursor c = active.poll();
    if (c == null) {
      return null;
    }
    current = c.next();
    currentFile = files.get(c.fileIndex);
    if (c.hasNext()) {
      active.add(c);
    }
    return current.record;
  }

  private JsonNode parse(Path file) {
    try (InputStream in = TextSource.open(file, true)) {
      JsonParser parser = JsonFields.FACTORY.createParser(in);
      JsonNode root = MAPPER.readTree(parser);
      if (root == null || !root.isObject()) {
        throw new TraceInputException(file, null, null, root == null ? "empty file" : "expected a JSON object");
      }
      if (parser.nextToken() != null) {
        throw new TraceInputException(file, null, null, "unexpected content after the JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? null : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new TraceInputException(file, where, null, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TraceInputException(file, null, null, "cannot read: " + e.getMessage(), e);
    }
  }

  private int blockSize(JsonNode root, Path file) {
    JsonNode b = root.get("block_size");
    if (b == null) {
      return DEFAULT_BLOCK_TOKENS;
    }
    if (!b.canConvertToInt() || !b.isIntegralNumber() || b.asInt() <= 0) {
      throw new TraceInputException(file, null, "block_size", "expected a positive integer, got " + b);
    }
    return b.asInt();
  }

  /** Flattens one file into a sorted cursor and queues it; sets where the next file starts. */
  private void loadFile(JsonNode root) {
    int index = nextFile++;
    Path file = files.get(index);
    long offsetUs = nextOffsetUs;
    for (var it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP.contains(key)) {
        throw new TraceInputException(file, null, key, "unknown field (known: " + String.join(", ", TOP) + ")");
      }
    }
    int blockSize = blockSize(root, file);
    if (blockSize != metadata.blockTokens()) {
      throw new TraceInputException(file, null, "block_size", "is " + blockSize + " but the first file's is "
          + metadata.blockTokens() + ": files with different block sizes cannot share one trace");
    }
    boolean local = !"global".equals(root.path("hash_id_scope").asText("local"));
    HashNamespace ns = local ? new HashNamespace(index + 1L) : null;
    String id = root.hasNonNull("id") ? root.get("id").asText() : SourceNames.stem(file);
    JsonNode requests = root.get("requests");
    if (requests == null || !requests.isArray()) {
      throw new TraceInputException(file, null, "requests", requests == null ? "missing required field"
          : "expected an array");
    }
    List<Item> items = new ArrayList<>();
    double[] endSeconds = {0};
    flatten(file, requests, "requests", 0.0, id, id, ns, offsetUs, items, endSeconds);
    items.sort(Comparator.comparingLong((Item i) -> i.record.arrivalUs()).thenComparingInt(i -> i.ordinal));
    if (!items.isEmpty()) {
      active.add(new Cursor(index, items));
    }
    nextOffsetUs = switch (options.sessionPlacement()) {
      case SessionPlacement.Aligned a -> 0;
      case SessionPlacement.Sequential s -> offsetUs + SourceNames.secondsToMicros(endSeconds[0]);
      case SessionPlacement.Staggered s -> SourceNames.secondsToMicros(s.gapSeconds() * (index + 1));
      case SessionPlacement.Poisson p -> offsetUs + exponentialUs(p.meanGapSeconds());
    };
  }

  private long exponentialUs(double meanSeconds) {
    return SourceNames.secondsToMicros(-meanSeconds * Math.log1p(-random.nextDouble()));
  }

  private void flatten(Path file, JsonNode requests, String path, double baseSeconds, String fileId,
      String session, HashNamespace ns, long offsetUs, List<Item> out, double[] endSeconds) {
    for (int i = 0; i < requests.size(); i++) {
      JsonNode r = requests.get(i);
      String where = path + "[" + i + "]";
      try {
        if (!r.isObject()) {
          throw new TraceInputException(file, where, null, "expected an object");
        }
        double t = baseSeconds + number(file, where, r, "t", true);
        if (r.has("requests")) {
          known(file, where, r, SUBAGENT);
          JsonNode children = r.get("requests");
          if (!children.isArray()) {
            throw new TraceInputException(file, where, "requests", "expected an array");
          }
          String agent = r.hasNonNull("agent_id") ? r.get("agent_id").asText() : "subagent-" + i;
          flatten(file, children, where + ".requests", t, fileId, fileId + "/" + agent, ns, offsetUs, out,
              endSeconds);
        } else {
          known(file, where, r, LEAF);
          out.add(leaf(file, where, r, t, fileId, session, ns, offsetUs, out.size()));
          double api = r.hasNonNull("api_time") ? number(file, where, r, "api_time", false) : 0.0;
          endSeconds[0] = Math.max(endSeconds[0], t + api);
        }
      } catch (TraceInputException e) {
        options.problems().report(e);
      }
    }
  }

  private Item leaf(Path file, String where, JsonNode r, double t, String fileId, String session,
      HashNamespace ns, long offsetUs, int ordinal) {
    int in = integer(file, where, r, "in");
    int out = integer(file, where, r, "out");
    JsonNode model = r.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw new TraceInputException(file, where, "model", model == null ? "missing required field"
          : "expected a model name, got " + model);
    }
    JsonNode ids = r.get("hash_ids");
    if (ids == null || !ids.isArray()) {
      throw new TraceInputException(file, where, "hash_ids", ids == null ? "missing required field"
          : "expected an array of integers");
    }
    long[] hashes = new long[ids.size()];
    for (int k = 0; k < hashes.length; k++) {
      JsonNode h = ids.get(k);
      if (!h.isIntegralNumber() || !h.canConvertToLong()) {
        throw new TraceInputException(file, where, "hash_ids", "element " + k + ": expected an integer, got " + h);
      }
      hashes[k] = ns == null ? h.asLong() : ns.apply(h.asLong());
    }
    Float e2e = r.hasNonNull("api_time") ? (float) (number(file, where, r, "api_time", false) * 1000.0) : null;
    Float ttft = r.hasNonNull("ttft") ? (float) (number(file, where, r, "ttft", false) * 1000.0) : null;
    String stop = r.path("stop").asText("");
    long arrival = offsetUs + SourceNames.secondsToMicros(t);
    TraceRecord record = new TraceRecord(arrival, fileId + "#" + ordinal, null, "claude-code/" + model.asText(),
        model.asText(), null, session, in, out, null, null, hashes, ttft, e2e, stop.isEmpty() ? null : "ok", null);
    return new Item(record, where, ordinal);
  }

  private static void known(Path file, String where, JsonNode r, Set<String> fields) {
    for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!fields.contains(key)) {
        throw new TraceInputException(file, where, key, "unknown field (known: " + String.join(", ",
            fields.stream().sorted().toList()) + ")");
      }
    }
  }

  private static double number(Path file, String where, JsonNode r, String field, boolean required) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new TraceInputException(file, where, field, "missing required field");
      }
      return 0;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
      throw new TraceInputException(file, where, field, "expected a non-negative number of seconds, got " + v);
    }
    return v.asDouble();
  }

  private static int integer(Path file, String where, JsonNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull()) {
      throw new TraceInputException(file, where, field, "missing required field");
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new TraceInputException(file, where, field, "expected an integer, got " + v);
    }
    return v.asInt();
  }


  @Override
  protected Path currentFile() {
    return currentFile;
  }

  @Override
  protected String currentPosition() {
    return current == null ? "start" : current.location;
  }

  @Override
  protected void release() {
    active.clear();
  }

  private record Item(TraceRecord record, String location, int ordinal) {}

  private static final class Cursor {
    final int fileIndex;
    final List<Item> items;
    int pos;

    Cursor(int fileIndex, List<Item> items) {
      this.fileIndex = fileIndex;
      this.items = items;
    }

    Item peek() {
      return items.get(pos);
    }

    Item next() {
      return items.get(pos++);
    }

    boolean hasNext() {
      return pos < items.size();
    }
  }
}
