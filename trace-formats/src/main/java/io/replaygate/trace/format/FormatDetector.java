package io.replaygate.trace.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.replaygate.trace.TraceInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a file's format from its name and first bytes. Binary formats go by magic number or extension
 * (a {@code .parquet} file that is not Parquet is then reported as such, not as "unknown format"); JSON
 * formats by the keys of their first object; CSV formats by their header.
 */
public final class FormatDetector {
  private static final int HEAD_BYTES = 64 * 1024;

  private FormatDetector() {}

  /**
   * @throws TraceInputException when the file is missing, empty, or of no known format
   */
  public static TraceFormat detect(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String bare = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    if (!Files.isRegularFile(file)) {
      throw new TraceInputException(file, null, null, Files.exists(file) ? "not a regular file" : "no such file");
    }
    byte[] head = head(file, false);
    if (bare.endsWith(".parquet") || startsWith(head, "PAR1")) {
      return TraceFormat.PARQUET;
    }
    if (bare.endsWith(".arrow") || bare.endsWith(".feather") || startsWith(head, "ARROW1")) {
      return TraceFormat.ARROW;
    }
    if (bare.endsWith(".arrows") || (head.length >= 4 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xff
        && (head[2] & 0xff) == 0xff && (head[3] & 0xff) == 0xff)) {
      return TraceFormat.ARROW_STREAM;
    }
    byte[] text = name.endsWith(".gz") ? head(file, true) : head;
    String start = new String(text, StandardCharsets.UTF_8).stripLeading();
    if (start.startsWith("\uFEFF")) {
      start = start.substring(1);
    }
    if (start.isEmpty()) {
      throw new TraceInputException(file, null, null, "empty file");
    }
    String firstLine = start.lines().findFirst().orElse("").trim();
    if (start.startsWith("{")) {
      // The first object's keys, streamed from the file: a pretty-printed document spans several lines, and a
      // gateway log's first line can hold a whole agent prompt (megabytes) before its last keys.
      Set<String> keys = topLevelKeys(file, name.endsWith(".gz"));
      if (keys.contains("requests") && (keys.contains("block_size") || keys.contains("hash_id_scope"))) {
        return TraceFormat.WEKA;
      }
      if (keys.contains("replaygate_trace") || keys.contains("arrival_us")) {
        return TraceFormat.JSONL;
      }
      if (keys.contains("chat_id") && keys.contains("hash_ids")) {
        return TraceFormat.BAILIAN;
      }
      if (keys.contains("input_length") && keys.contains("timestamp")) {
        return TraceFormat.MOONCAKE;
      }
      if (keys.contains("resourceSpans")) {
        return TraceFormat.OTEL;
      }
      Optional<TraceFormat> export = observabilityExport(keys, start);
      if (export.isPresent()) {
        return export.get();
      }
      if (keys.contains("request_id") && keys.contains("spend") && keys.contains("prompt_tokens")) {
        return TraceFormat.LITELLM_SPEND;
      }
      if (keys.contains("standard_logging_object") || (keys.contains("call_type") && keys.contains("startTime"))) {
        return TraceFormat.LITELLM;
      }
      if (keys.contains("request") && (keys.contains("response") || keys.contains("usage"))) {
        return TraceFormat.GATEWAY;
      }
      // Name the first object's keys, never its values: a log line's values may be prompt text.
      throw new TraceInputException(file, null, null, "unknown trace format (a JSON object with keys "
          + keys.stream().sorted().limit(12).toList() + "); name it with --format (one of: " + TraceFormat.names()
          + ")");
    } else if (start.startsWith("[")) {
      Optional<TraceFormat> export = observabilityExport(Set.of("data"), start);
      if (export.isPresent()) {
        return export.get();
      }
    } else {
      String header = firstLine.replace("\"", "");
      if (header.contains("ContextTokens") && header.contains("GeneratedTokens")) {
        return TraceFormat.AZURE;
      }
      if (header.contains("Request tokens") && header.contains("Response tokens")) {
        return TraceFormat.BURSTGPT;
      }
      if (header.contains("request_id") && header.contains("spend") && header.contains("prompt_tokens")) {
        return TraceFormat.LITELLM_SPEND_CSV;
      }
    }
    // Describe the first line by its shape, never its text: it may be prompt text or a key.
    String shape = start.startsWith("{") || start.startsWith("[") ? "JSON" : firstLine.contains(",")
        ? "text with " + (firstLine.split(",", -1).length) + " comma-separated fields" : "text";
    throw new TraceInputException(file, null, null, "unknown trace format (its first line is " + shape + " of "
        + firstLine.length() + " characters); name it with --format (one of: " + TraceFormat.names() + ")");
  }

  /**
   * A Langfuse or Helicone export: a row's own keys, or — for an API page ({@code {"data": [...]}}) or a JSON
   * array — the field names its first row shows in the head.
   */
  private static Optional<TraceFormat> observabilityExport(Set<String> keys, String head) {
    boolean page = keys.contains("data");
    if (keys.contains("request_created_at") || (page && head.contains("\"request_created_at\""))) {
      return Optional.of(TraceFormat.HELICONE);
    }
    if ((keys.contains("startTime") && keys.contains("traceId") && keys.contains("type"))
        || (page && head.contains("\"startTime\"") && head.contains("\"traceId\""))) {
      return Optional.of(TraceFormat.LANGFUSE);
    }
    return Optional.empty();
  }

  private static byte[] head(Path file, boolean decompress) {
    try (InputStream in = TextSource.open(file, decompress)) {
      return in.readNBytes(HEAD_BYTES);
    } catch (IOException e) {
      throw TextSource.unreadable(file, e);
    }
  }

  private static boolean startsWith(byte[] head, String magic) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (head.length < m.length) {
      return false;
    }
    for (int i = 0; i < m.length; i++) {
      if (head[i] != m[i]) {
        return false;
      }
    }
    return true;
  }

  /** Most of a first object read to find its keys; a larger one decides on the keys read so far. */
  static final long KEY_SCAN_BYTES = 256L << 20;

  /**
   * The top-level keys of the file's first JSON object, streamed (values skipped, not kept) up to
   * {@link #KEY_SCAN_BYTES}; as many as can be read if it is cut short or malformed.
   */
  static Set<String> topLevelKeys(Path file, boolean gz) {
    Set<String> keys = new HashSet<>();
    try (InputStream in = TextSource.open(file, gz);
        JsonParser p = JsonFields.FACTORY.createParser(new java.io.FilterInputStream(in) {
          private long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read >= KEY_SCAN_BYTES) {
              return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, KEY_SCAN_BYTES - read));
            read += Math.max(0, n);
            return n;
          }
        })) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return keys;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        keys.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    } catch (IOException e) {
      // A cut-off or malformed object: the keys read so far decide.
    }
    return keys;
  }
}
