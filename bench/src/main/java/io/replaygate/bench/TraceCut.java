package io.replaygate.bench;

import io.replaygate.trace.ForwardingReader;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * A contiguous part of a canonical Parquet trace, as its own canonical Parquet trace: the {@code COUNT} records after
 * the first {@code SKIP}, in the trace's order, with its metadata (block size, hash scope, time zone). What
 * {@code bench/scale-cut} compares a whole trace against: the same traffic, shorter.
 * {@code java -cp benchmarks.jar io.replaygate.bench.TraceCut IN OUT SKIP COUNT}.
 */
public final class TraceCut {
  private TraceCut() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: TraceCut IN.parquet OUT.parquet SKIP COUNT");
      System.exit(2);
    }
    long skip = Long.parseLong(args[2]);
    long count = Long.parseLong(args[3]);
    try (TraceReader in = TraceFormat.PARQUET.open(List.of(Path.of(args[0])), ReadOptions.DEFAULTS)) {
      for (long i = 0; i < skip && in.hasNext(); i++) {
        in.next();
      }
      long n = TraceConverter.convert(new Taking(in, count), Path.of(args[1]), OutputFormat.PARQUET, null);
      System.out.printf(Locale.US, "wrote records %,d to %,d of %s (%,d) to %s%n", skip, skip + n, args[0], n,
          args[1]);
    }
  }

  /** The first {@code count} records of a reader. */
  private static final class Taking extends ForwardingReader {
    private long left;

    Taking(TraceReader in, long count) {
      super(in);
      this.left = count;
    }

    @Override
    public boolean hasNext() {
      return left > 0 && in.hasNext();
    }

    @Override
    public TraceRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      left--;
      return in.next();
    }
  }
}
