package io.replaygate.trace.convert;

import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceWriter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongConsumer;

/**
 * Copies a trace into a canonical file without ever leaving a partial one: records go to a temporary
 * file beside the target, which is renamed over the target only once complete. Any failure (bad input,
 * full disk) deletes the temporary file and leaves the target as it was.
 */
public final class TraceConverter {
  private TraceConverter() {}

  /**
   * @param progress receives the running record count every {@value #PROGRESS_EVERY} records (may be null)
   * @return the number of records written
   */
  public static long convert(TraceReader in, Path out, OutputFormat format, LongConsumer progress) {
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      for (Path up = dir; up != null; up = up.getParent()) {
        if (Files.exists(up) && !Files.isDirectory(up)) {
          throw new java.nio.file.FileSystemException(out.toString(), null,
              "cannot create it: " + up.getFileName() + " on its path is a file, not a directory");
        }
      }
      Files.createDirectories(dir);
      // Created as any file is (the umask decides its mode: 0644 usually), not 0600 as a temporary would be.
      Path partial = dir.resolve("." + out.getFileName() + "."
          + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".partial");
      long n = 0;
      try (TraceWriter w = io.replaygate.trace.InFlight.create(() -> Files.createFile(partial),
          f -> format.create(f, in.metadata()), crc(partial))) { // parquet-mr's checksum sidecar
        tmp = partial;
        while (in.hasNext()) {
          TraceRecord r = in.next();
          w.write(r);
          if (++n % PROGRESS_EVERY == 0 && progress != null) {
            progress.accept(n);
          }
        }
      }
      if (progress != null) {
        progress.accept(n);
      }
      try {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      io.replaygate.trace.InFlight.done(tmp);
      Files.deleteIfExists(crc(tmp));
      io.replaygate.trace.InFlight.done(crc(tmp));
      tmp = null;
      return n;
    } catch (IOException | RuntimeException e) {
      throw io.replaygate.trace.OutputFailure.rethrow(out, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
          Files.deleteIfExists(crc(tmp));
          io.replaygate.trace.InFlight.done(tmp);
          io.replaygate.trace.InFlight.done(crc(tmp));
        } catch (IOException ignored) {
          // Best effort: the temporary file is hidden and named .partial.
        }
      }
    }
  }

  static final int PROGRESS_EVERY = 65_536;

  private static Path crc(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".crc");
  }
}
