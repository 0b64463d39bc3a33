package io.replaygate.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A write that failed, named by the output the user asked for. Writers' own failures (parquet-mr's, Arrow's, a
 * full disk under either) carry no file name; the user needs to know which output could not be written.
 */
public final class OutputFailure {
  private OutputFailure() {}

  /**
   * The failure as an {@link UncheckedIOException} around a {@link FileSystemException} naming {@code output} (or
   * the file the failure already names), with the operating system's reason (e.g. "No space left on device").
   */
  public static UncheckedIOException at(Path output, Exception e) {
    IOException found = ioCause(e);
    IOException cause = found != null ? found : new IOException(e.getMessage(), e);
    if (cause instanceof FileSystemException f && f.getFile() != null) {
      return new UncheckedIOException(f);
    }
    String m = cause.getMessage() == null ? "input/output error" : cause.getMessage();
    int cut = m.indexOf('\n');
    FileSystemException named = new FileSystemException(output.toString(), null, cut < 0 ? m : m.substring(0, cut));
    named.initCause(cause);
    return new UncheckedIOException(named);
  }

  /**
   * What to throw when writing {@code output} failed with {@code e}: an I/O failure (checked, or wrapped by a writer)
   * named by {@link #at}; any other runtime failure — bad input ({@link TraceInputException}), a bug — as it is.
   */
  public static RuntimeException rethrow(Path output, Exception e) {
    if (e instanceof RuntimeException r && (r instanceof TraceInputException || ioCause(r) == null)) {
      return r;
    }
    return at(output, e);
  }

  /**
   * The I/O failure under {@code t}, or null: writers wrap a full disk in their own exceptions (parquet-mr's
   * encoding exception, a plain runtime exception), so the chain is walked.
   */
  public static IOException ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException io) {
        return io;
      }
    }
    return null;
  }
}
