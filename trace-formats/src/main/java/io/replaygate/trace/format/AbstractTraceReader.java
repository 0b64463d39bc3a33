package io.replaygate.trace.format;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.validate.RecordRules;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Shared plumbing of every reader: one-record look-ahead, the {@code --model-path} override, the arrival
 * order check and the {@link RecordRules}, with problems named in the source's own terms (its file, its
 * line or row, its field names) and sent to {@link ReadOptions#problems()}.
 *
 * <p>A subclass implements {@link #readNext()} and says where it is ({@link #currentFile()},
 * {@link #currentPosition()}). Line-based formats return {@code true} from {@link #canSkipBadRecord()}
 * so {@code validate} can go on after a malformed line.
 */
public abstract class AbstractTraceReader implements TraceReader {

  protected final ReadOptions options;
  private final Map<String, String> sourceFields;
  private TraceRecord buffered;
  private boolean finished;
  private boolean closed;
  private long lastArrivalUs = Long.MIN_VALUE;
  private long firstArrivalUs = Long.MIN_VALUE;
  private final RecordRules.Reporter ruleReporter;

  protected AbstractTraceReader(ReadOptions options) {
    this(options, Map.of());
  }

  /**
   * @param sourceFields the source's names for canonical fields it calls otherwise (for messages), e.g.
   *                     {@code input_tokens → input_length}
   */
  protected AbstractTraceReader(ReadOptions options, Map<String, String> sourceFields) {
    this.options = options;
    this.sourceFields = sourceFields;
    this.ruleReporter = (field, problem) -> options.problems().report(error(sourceField(field), problem));
  }

  /** The next record in source order, or {@code null} at the end. Throws {@link TraceInputException}. */
  protected abstract TraceRecord readNext();

  /** The file being read now. */
  protected abstract Path currentFile();

  /** The place of the record being read, e.g. {@code line 12}. */
  protected abstract String currentPosition();

  /** Releases the source. Called once. */
  protected abstract void release();

  /** Whether reading can go on after a record that failed to parse (true for line-based formats). */
  protected boolean canSkipBadRecord() {
    return false;
  }

  /**
   * Whether this reader checks arrival order and the record rules. Readers that only combine other
   * readers (which checked their own records, with better locations) return {@code false}.
   */
  protected boolean checksRecords() {
    return true;
  }

  /** The source's name for a canonical field, for messages (e.g. Mooncake's {@code input_length}). */
  protected final String sourceField(String canonicalField) {
    return sourceFields.getOrDefault(canonicalField, canonicalField);
  }

  /** A place for errors: the current file and position. */
  public TraceInputException.Where where() {
    return new TraceInputException.Where(currentFile(), currentPosition());
  }

  private final java.util.Map<String, Long> ignored = new java.util.TreeMap<>();

  /**
   * A field this reader does not know: counted and passed over ({@link #ignoredFields()}), or with
   * {@link ReadOptions#strict()} an error naming it.
   */
  protected final void ignoreField(String field) {
    if (options.strict()) {
      throw error(field, "unknown field (--strict)");
    }
    ignored.merge(field, 1L, Long::sum);
  }

  @Override
  public java.util.Map<String, Long> ignoredFields() {
    return java.util.Collections.unmodifiableMap(ignored);
  }

  /** An error at the current place, for the source field given. */
  protected TraceInputException error(String sourceField, String problem) {
    return where().error(sourceField, problem);
  }

  @Override
  public String location() {
    Path file = currentFile();
    return (file == null ? "<input>" : file.toString()) + ": " + currentPosition();
  }

  @Override
  public final boolean hasNext() {
    while (buffered == null && !finished) {
      TraceRecord record;
      try {
        record = readNext();
      } catch (TraceInputException e) {
        options.problems().report(e);
        if (!canSkipBadRecord()) {
          finished = true;
        }
        continue;
      }
      if (record == null) {
        finished = true;
        break;
      }
      buffered = admit(record);
    }
    return buffered != null;
  }

  @Override
  public final TraceRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("end of trace");
    }
    TraceRecord out = buffered;
    buffered = null;
    return out;
  }

  private TraceRecord admit(TraceRecord record) {
    if (options.modelPath() != null) {
      record = record.withModelPath(options.modelPath());
    }
    if (!checksRecords()) {
      return record;
    }
    if (record.arrivalUs() < lastArrivalUs && !options.allowUnordered()) {
      options.problems().report(error(sourceField("arrival_us"), "not in arrival order: " + record.arrivalUs()
          + " µs comes after " + lastArrivalUs + " µs (sort it with `replaygate convert --sort`)"));
    }
    lastArrivalUs = Math.max(lastArrivalUs, record.arrivalUs());
    RecordRules.check(record, metadata(), ruleReporter);
    if (firstArrivalUs == Long.MIN_VALUE) {
      firstArrivalUs = record.arrivalUs();
    } else if (record.arrivalUs() - firstArrivalUs > RecordRules.MAX_RELATIVE_SPAN_US) {
      options.problems().report(error(sourceField("arrival_us"), "the trace spans more than a year ("
          + (record.arrivalUs() - firstArrivalUs) / 86_400_000_000L + " days from its first record): a time unit "
          + "mistake?"));
    }
    return record;
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }
}
