package io.replaygate.cli;

import io.replaygate.trace.ForwardingReader;
import io.replaygate.trace.TraceReader;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A reader that, when closed, hands the fields its source did not know ({@link TraceReader#ignoredFields()})
 * to a reporter — so a command lists them once, at the end of reading, instead of dropping them silently. A read
 * that failed reports nothing: the command's one line is its error.
 */
final class IgnoredFieldsReader extends ForwardingReader {
  private final Consumer<Map<String, Long>> report;

  IgnoredFieldsReader(TraceReader in, Consumer<Map<String, Long>> report) {
    super(in);
    this.report = report;
  }

  private boolean failed;

  @Override
  public boolean hasNext() {
    return watched(super::hasNext);
  }

  @Override
  public io.replaygate.trace.TraceRecord next() {
    return watched(super::next);
  }

  /** Runs a read, remembering that it failed. */
  private <T> T watched(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public void close() {
    Map<String, Long> ignored = in.ignoredFields();
    in.close();
    if (!ignored.isEmpty() && !failed) {
      report.accept(ignored);
    }
  }
}
