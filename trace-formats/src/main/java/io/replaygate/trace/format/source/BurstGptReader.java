package io.replaygate.trace.format.source;

import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * BurstGPT CSV (Azure OpenAI GPT-3.5/GPT-4 traffic): {@code Timestamp} (s from trace start),
 * {@code Model}, {@code Request tokens}, {@code Response tokens}, {@code Total tokens}, {@code Log Type},
 * in every release; the later releases' {@code Session ID} (also spelled {@code SessionID}) and
 * {@code Elapsed time} (s, taken as end-to-end latency) when present.
 *
 * <p>Mapping: {@code model_path = burstgpt/<Model>}, {@code model = Model}; {@code Log Type} becomes the
 * tenant ({@code conversation} for "Conversation log", {@code api} for "API log"), the two services the
 * trace mixes. A failed request is recorded with 0 response tokens: {@code status = error}.
 */
public final class BurstGptReader extends AbstractCsvReader {
  static final String TIMESTAMP = "Timestamp";
  static final String MODEL = "Model";
  static final String REQUEST = "Request tokens";
  static final String RESPONSE = "Response tokens";
  static final String TOTAL = "Total tokens";
  static final String LOG_TYPE = "Log Type";
  static final String SESSION = "Session ID";
  static final String SESSION_ALT = "SessionID";
  static final String ELAPSED = "Elapsed time";

  private final TraceMetadata metadata;

  public BurstGptReader(Path file, ReadOptions options) {
    super(file, options, Map.of("arrival_us", TIMESTAMP, "input_tokens", REQUEST, "output_tokens", RESPONSE,
        "model_path", MODEL, "e2e_ms", ELAPSED), List.of(TIMESTAMP, MODEL, REQUEST, RESPONSE),
        List.of(TOTAL, LOG_TYPE, SESSION, SESSION_ALT, ELAPSED));
    boolean sessions = has(SESSION) || has(SESSION_ALT);
    this.metadata = TraceMetadata.withoutHashes("burstgpt", TimeOrigin.RELATIVE,
        new Capabilities(false, sessions, false, has(ELAPSED), has(LOG_TYPE), true));
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }


  @Override
  protected TraceRecord parseRow() {
    long arrival = SourceNames.secondsToMicros(numberCell(TIMESTAMP));
    String model = cell(MODEL);
    if (model.isEmpty()) {
      throw error(MODEL, "must not be empty");
    }
    int request = intCell(REQUEST);
    int response = intCell(RESPONSE);
    if (has(TOTAL) && !cell(TOTAL).isEmpty() && intCell(TOTAL) != (long) request + response) {
      throw error(TOTAL, cell(TOTAL) + " is not Request tokens + Response tokens = " + ((long) request + response));
    }
    String tenant = has(LOG_TYPE) ? tenantOf(cell(LOG_TYPE)) : null;
    String session = has(SESSION) ? cell(SESSION) : has(SESSION_ALT) ? cell(SESSION_ALT) : null;
    if (session != null && session.isEmpty()) {
      session = null;
    }
    Float e2e = has(ELAPSED) && !cell(ELAPSED).isEmpty() ? (float) (numberCell(ELAPSED) * 1000.0) : null;
    return new TraceRecord(arrival, null, tenant, "burstgpt/" + model, model, null, session, request, response,
        null, null, null, null, e2e, response == 0 ? "error" : "ok", null);
  }

  private String tenantOf(String logType) {
    String t = logType.toLowerCase(Locale.ROOT);
    if (t.startsWith("conversation")) {
      return "conversation";
    }
    if (t.startsWith("api")) {
      return "api";
    }
    if (t.isEmpty()) {
      return null;
    }
    throw error(LOG_TYPE, "unknown log type '" + logType + "' (expected Conversation log or API log)");
  }
}
