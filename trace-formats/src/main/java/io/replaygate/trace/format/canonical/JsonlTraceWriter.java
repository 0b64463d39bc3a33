package io.replaygate.trace.format.canonical;

import static io.replaygate.trace.format.canonical.CanonicalSchema.*;

import com.fasterxml.jackson.core.JsonGenerator;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.JsonFields;
import io.replaygate.trace.format.TraceWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes canonical JSONL: the metadata header line, then one record per line, nulls left out. */
public final class JsonlTraceWriter implements TraceWriter {
  private final OutputStream out;
  private final JsonGenerator gen;

  public JsonlTraceWriter(Path file, TraceMetadata metadata) throws IOException {
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    this.gen = JsonFields.FACTORY.createGenerator(out);
    gen.setRootValueSeparator(null);
    gen.writeStartObject();
    gen.writeObjectFieldStart(JSONL_HEADER_KEY);
    for (Map.Entry<String, String> e : metadata.toProperties().entrySet()) {
      if (e.getKey().equals("schema_version") || e.getKey().equals("block_tokens")) {
        gen.writeNumberField(e.getKey(), Integer.parseInt(e.getValue()));
      } else {
        gen.writeStringField(e.getKey(), e.getValue());
      }
    }
    gen.writeEndObject();
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  @Override
  public void write(TraceRecord r) {
    try {
      gen.writeStartObject();
      gen.writeNumberField(ARRIVAL_US, r.arrivalUs());
      string(REQUEST_ID, r.requestId());
      string(TENANT, r.tenant());
      string(MODEL_PATH, r.modelPath());
      string(MODEL, r.model());
      string(PROVIDER, r.provider());
      string(SESSION_ID, r.sessionId());
      gen.writeNumberField(INPUT_TOKENS, r.inputTokens());
      gen.writeNumberField(OUTPUT_TOKENS, r.outputTokens());
      if (r.cachedTokens() != null) {
        gen.writeNumberField(CACHED_TOKENS, r.cachedTokens());
      }
      if (r.cacheWriteTokens() != null) {
        gen.writeNumberField(CACHE_WRITE_TOKENS, r.cacheWriteTokens());
      }
      if (r.blockHashes() != null) {
        gen.writeFieldName(BLOCK_HASHES);
        gen.writeArray(r.blockHashes(), 0, r.blockHashes().length);
      }
      if (r.ttftMs() != null) {
        gen.writeNumberField(TTFT_MS, r.ttftMs());
      }
      if (r.e2eMs() != null) {
        gen.writeNumberField(E2E_MS, r.e2eMs());
      }
      string(STATUS, r.status());
      string(SLO_CLASS, r.sloClass());
      gen.writeEndObject();
      gen.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void string(String field, String value) throws IOException {
    if (value != null) {
      gen.writeStringField(field, value);
    }
  }

  @Override
  public void close() throws IOException {
    try (out) { // closed even when the generator's final flush fails (a full disk)
      gen.close();
    }
  }
}
