package io.replaygate.replay;

import io.replaygate.trace.TraceReader;
import java.io.IOException;

/**
 * A trace that can be read more than once: a path that sizes its fleet from the traffic or picks its
 * hybrid lanes by volume needs a first pass before the replay.
 */
@FunctionalInterface
public interface TraceSource {
  TraceReader open() throws IOException;

  /**
   * The same records, without their block hashes where the reader can leave them unread (a Parquet trace skips
   * most of its bytes): for a first pass that needs only arrivals, tokens and models. By default, {@link #open()}.
   */
  default TraceReader openWithoutBlockHashes() throws IOException {
    return open();
  }

  /** A source that opens its readers with or without the block hashes as {@code opener} is asked. */
  static TraceSource of(Opener opener) {
    return new TraceSource() {
      @Override
      public TraceReader open() throws IOException {
        return opener.open(true);
      }

      @Override
      public TraceReader openWithoutBlockHashes() throws IOException {
        return opener.open(false);
      }
    };
  }

  /** Opens a reader of the trace, with its block hashes or not. */
  @FunctionalInterface
  interface Opener {
    TraceReader open(boolean blockHashes) throws IOException;
  }
}
