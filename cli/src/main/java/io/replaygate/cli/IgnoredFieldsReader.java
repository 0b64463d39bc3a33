package io.replaygate.cli;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A reader that, when closed, hands the fields its source did not know ({@link TraceReader#ignoredFields()})
 * to a reporter — so a command lists them once, at the end of reading, instead of dropping them silently.
 */
final class IgnoredFieldsReader implements TraceReader {
  private final TraceReader in;
  private final Consumer<Map<String, Long>> report;

  IgnoredFieldsReader(TraceReader in, Consumer<Map<String, Long>> report) {
    this.in = in;
    this.report = report;
  }

  @Override
  public TraceMetadata metadata() {
    return in.metadata();
  }

  @Override
  public String location() {
    return in.location();
  }

  @Override
  public boolean hasNext() {
    return in.hasNext();
  }

  @Override
  public TraceRecord next() {
    return in.next();
  }

  @Override
  public Map<String, Long> ignoredFields() {
    return in.ignoredFields();
  }

  @Override
  public void close() {
    Map<String, Long> ignored = in.ignoredFields();
    in.close();
    if (!ignored.isEmpty()) {
      report.accept(ignored);
    }
  }
}
