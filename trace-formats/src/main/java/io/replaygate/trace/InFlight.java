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
    delete(p.toAbsolutePath(), 0);
    throw new UncheckedIOException(new IOException(p + ": not written, the command is being stopped"));
  }

  /** Makes a new temporary file and returns its path. */
  @FunctionalInterface
  public interface Creator {
    Path create() throws IOException;
  }

  /** Opens a writer on a temporary. */
  @FunctionalInterface
  public interface Opener<T> {
    T open(Path file) throws IOException;
  }

  /**
   * Creates a temporary file, tracks it and opens its writer in one step the shutdown cannot cut in two: while it
   * runs {@link #removeAll} waits, so it finds the file tracked and its writer open (removing it unlinks a file the
   * writer only writes on into), or it has begun and nothing is created. Tracking after creating left a file made
   * just before the snapshot untracked, and a writer that opens by name (Parquet's, a buffered writer: they create or
   * truncate) re-created a temporary the shutdown had removed: either left a {@code .partial} behind a SIGTERM on a
   * loaded 2-core machine. {@code sidecars} are files the writer may add beside it (tracked, not created here).
   */
  public static <T> T create(Creator creator, Opener<T> opener, Path... sidecars) throws IOException {
    synchronized (PATHS) {
      if (closed) {
        throw new UncheckedIOException(new IOException("not written, the command is being stopped"));
      }
      Path file = creator.create();
      PATHS.add(file.toAbsolutePath());
      for (Path x : sidecars) {
        PATHS.add(x.toAbsolutePath());
      }
      try {
        return opener.open(file);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        done(file);
        throw e;
      }
    }
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
