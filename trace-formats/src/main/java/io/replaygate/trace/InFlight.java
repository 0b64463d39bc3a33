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
    synchronized (PATHS) { // with removeAll's snapshot: a path is either removed by it or refused here
      if (!closed) {
        PATHS.add(p.toAbsolutePath());
        return p;
      }
    }
    // Created just as the shutdown began, after removeAll took what to remove: this caller removes it.
    throw refuse(p);
  }

  /**
   * Call once the writer has opened {@code paths} (tracked before): a writer that creates or truncates by name (the
   * Parquet and Hadoop writers do) re-creates a file the shutdown had already removed, so if the shutdown has begun
   * they are removed here and the write stops ({@link UncheckedIOException}).
   */
  public static void checkOpen(Path... paths) {
    synchronized (PATHS) {
      if (!closed) {
        return;
      }
    }
    throw refuse(paths);
  }

  /** Removes temporaries the shutdown did not (or could not yet) take, and the error that stops their writer. */
  private static UncheckedIOException refuse(Path... paths) {
    for (Path p : paths) {
      delete(p.toAbsolutePath(), 0);
    }
    return new UncheckedIOException(new IOException(paths[0] + ": not written, the command is being stopped"));
  }

  /** Tests only: open again after {@link #removeAll} (a JVM's shutdown is never undone otherwise). */
  static void reopenForTests() {
    synchronized (PATHS) {
      closed = false;
      PATHS.clear();
    }
  }

  /** The temporary became an output (renamed) or was deleted: nothing to clean up. */
  public static void done(Path p) {
    PATHS.remove(p.toAbsolutePath());
  }

  /**
   * Deletes every tracked temporary (directories with their contents); returns what was removed. The command's own
   * threads keep running while this runs (a shutdown hook does not stop them), so a directory may gain a file after it
   * was listed, or lose one while it is walked: each is retried until it is gone, for {@link #REMOVE_PATIENCE_MS} at
   * most. Once the directory itself is deleted nothing more can be created in it.
   */
  public static List<Path> removeAll() {
    List<Path> tracked;
    synchronized (PATHS) {
      closed = true;
      tracked = List.copyOf(PATHS);
    }
    List<Path> removed = new ArrayList<>();
    long deadline = System.nanoTime() + REMOVE_PATIENCE_MS * 1_000_000L;
    for (Path p : tracked) {
      if (delete(p, deadline)) {
        removed.add(p);
      }
      PATHS.remove(p);
    }
    return removed;
  }

  /**
   * The temporary is no longer needed: deletes it (a directory with its contents) and stops tracking it. A
   * temporary that cannot be deleted stays tracked, so an interrupt still tries to remove it.
   */
  public static void discard(Path p) throws IOException {
    deleteTree(p);
    done(p);
  }

  /** Deletes a file, or a directory and everything under it; nothing there is nothing to do. */
  private static void deleteTree(Path p) throws IOException {
    if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(p);
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** How long {@link #removeAll} keeps retrying a temporary that is still being written into. */
  static final long REMOVE_PATIENCE_MS = 5_000;

  /** Deletes a file or a directory tree, retrying until {@code deadline} (a {@link System#nanoTime}) while it stays. */
  static boolean delete(Path p, long deadline) {
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      // Moved aside first: writers name their files by the old path, so none can add one now (files already open
      // write on into the moved directory until it is deleted below).
      Path aside = p.resolveSibling(p.getFileName() + ".removing");
      try {
        Files.move(p, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        p = aside;
      } catch (IOException | UnsupportedOperationException e) {
        // Delete it where it is, retrying while it is written into.
      }
    }
    while (true) {
      try {
        deleteTree(p);
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        // A file appeared or vanished while walking (the writer is still running): try again.
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
