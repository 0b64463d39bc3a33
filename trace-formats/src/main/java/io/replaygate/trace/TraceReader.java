package io.replaygate.trace;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy, closeable stream of a trace's records in arrival order, with the trace's metadata and
 * capabilities. Readers hold at most a bounded window of the source in memory (a session-per-file
 * format holds one session at a time). A record that arrives before its predecessor is a problem
 * (reported to {@link ReadOptions#problems()}) unless {@link ReadOptions#allowUnordered()} is set.
 *
 * <p>Every failure on bad input is a {@link TraceInputException} naming file, place and field.
 */
public interface TraceReader extends Iterator<TraceRecord>, AutoCloseable {

  /** File-level facts; available before the first record. */
  TraceMetadata metadata();

  /** What the source recorded. */
  default Capabilities capabilities() {
    return metadata().capabilities();
  }

  /** The place of the record most recently read, e.g. {@code trace.jsonl: line 12}, for messages. */
  String location();

  @Override
  void close();

  /**
   * Fields of the source the reader does not know and passed over, with how often (a log format that grows
   * with each release is read tolerantly; {@link ReadOptions#strict()} makes them errors instead). Complete
   * once the reader is drained.
   */
  default java.util.Map<String, Long> ignoredFields() {
    return java.util.Map.of();
  }

  /** The remaining records as a sequential stream that closes this reader when closed. */
  default Stream<TraceRecord> stream() {
    Spliterator<TraceRecord> split = Spliterators.spliteratorUnknownSize(this,
        Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(split, false).onClose(this::close);
  }

  /** Drains the reader (e.g. to count records), returning how many there were. */
  default long drain() {
    long n = 0;
    for (Iterator<TraceRecord> it = this; it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }
}
