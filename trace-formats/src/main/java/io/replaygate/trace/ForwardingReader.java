package io.replaygate.trace;

import java.util.Map;

/** A reader that passes everything to another; a subclass overrides what it changes. */
public abstract class ForwardingReader implements TraceReader {
  protected final TraceReader in;

  protected ForwardingReader(TraceReader in) {
    this.in = in;
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
    in.close();
  }
}
