package io.replaygate.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every temporary file and directory an output is being written through (a {@code .partial} file, a run's staging
 * directory, a sort's spill files), so that Ctrl-C or SIGTERM removes them all ({@link #removeAll}) and leaves no
 * partial output behind. A writer tracks what it creates and untracks it once renamed into place or deleted; after
 * {@link #removeAll} no new temporary can be tracked (the command is being stopped).
 */
public final class InFlight {
  private static final Set<Path> PATHS = ConcurrentHashMap.newKeySet();
  private static volatile boolean closed;

  private InFlight() {}

  /** Tracks a temporary; refused (an {@link UncheckedIOException}) once the process is shutting down. */
  public static Path track(Path p) {
    if (closed) {
      throw new UncheckedIOException(new IOException(p + ": not written, the command is being stopped"));
    }
    PATHS.add(p.toAbsolutePath());
    return p;
  }

  /** The temporary became an output (renamed) or was deleted: nothing to clean up. */
  public static void done(Path p) {
    PATHS.remove(p.toAbsolutePath());
  }

  /** Deletes every tracked temporary (directories with their contents); returns what was removed. */
  public static List<Path> removeAll() {
    closed = true;
    List<Path> removed = new ArrayList<>();
    for (Path p : List.copyOf(PATHS)) {
      try {
        if (Files.isDirectory(p)) {
          try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(f);
            }
          }
        } else {
          Files.deleteIfExists(p);
        }
        removed.add(p);
      } catch (IOException e) {
        // Shutting down: remove what can be removed.
      }
      PATHS.remove(p);
    }
    return removed;
  }
}
