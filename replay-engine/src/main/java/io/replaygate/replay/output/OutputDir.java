package io.replaygate.replay.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's output directory, committed as a whole: every file is written into a staging directory beside it
 * ({@code .NAME.staging-…}) and {@link #commit()} puts the staging directory in its place — an existing run
 * directory is moved aside first and deleted after, so the directory is never a mix of an old run's files and a new
 * one's. {@link #close()} without a commit deletes the staging directory, so a failed or interrupted run leaves
 * nothing behind (and the staging directory is tracked by {@link io.replaygate.trace.InFlight} for Ctrl-C). An
 * existing directory that is not a run directory (it has files but no {@code summary.json}) is refused rather than
 * replaced.
 */
public final class OutputDir implements AutoCloseable {
  private final Path dir;
  private final Path staging;
  private final List<String> pending = new ArrayList<>();
  private final List<Path> scratch = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private boolean committed;

  public OutputDir(Path dir) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    if (Files.exists(this.dir) && !Files.isDirectory(this.dir)) {
      throw new IOException(dir + " exists and is not a directory");
    }
    if (Files.isDirectory(this.dir) && !Files.exists(this.dir.resolve("summary.json"))) {
      try (var s = Files.list(this.dir)) {
        if (s.findAny().isPresent()) {
          throw new java.nio.file.FileAlreadyExistsException(dir.toString(), null, "exists and is not a run directory "
              + "(no summary.json): it would be replaced whole, so choose an empty or new --out");
        }
      }
    }
    Path parent = this.dir.getParent();
    Files.createDirectories(parent);
    // Created as any directory is (the umask decides its mode), not 0700 as a temporary one would be.
    this.staging = io.replaygate.trace.InFlight.track(Files.createDirectory(parent.resolve("." + this.dir.getFileName()
        + ".staging-" + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36))));
  }

  /** Where {@code name} is written now; it becomes {@code DIR/name} on commit. */
  public Path file(String name) {
    pending.add(name);
    return staging.resolve(name);
  }

  /**
   * Where {@code name} can be read now: in the staging directory while it waits for the commit, else the file itself
   * (a finisher reads the tables written before it this way).
   */
  public Path written(String name) {
    return pending.contains(name) ? staging.resolve(name) : dir.resolve(name);
  }

  /** A temporary file deleted at close, whatever happens. */
  public Path scratch(String name) {
    Path tmp = staging.resolve("." + name + ".part");
    scratch.add(tmp);
    return tmp;
  }

  /**
   * A directory for a component's own unnamed temporary files (a ledger's spilled cells): the staging directory, on
   * the outputs' file system, which goes at close whatever happens.
   */
  public Path scratchDirectory() {
    return staging;
  }

  /**
   * {@code resource}, closed at {@link #close()} whatever happens, before the staging directory goes: a ledger's spill
   * file gives back its descriptor and space when the run ends, committed or not, not at some later collection.
   */
  public <T extends AutoCloseable> T closing(T resource) {
    closing.add(resource);
    return resource;
  }

  public void commit() throws IOException {
    deleteScratch();
    Path old = null;
    if (Files.exists(dir)) {
      old = dir.resolveSibling("." + dir.getFileName() + ".old-" + Long.toHexString(System.nanoTime()));
      io.replaygate.trace.InFlight.track(old);
      Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    io.replaygate.trace.InFlight.done(staging);
    committed = true;
    if (old != null) {
      io.replaygate.trace.InFlight.discard(old);
    }
  }

  private void deleteScratch() throws IOException {
    for (Path p : scratch) {
      Files.deleteIfExists(p);
      Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
    }
  }

  @Override
  public void close() throws IOException {
    try {
      closeEach(closing);
    } finally {
      closing.clear();
      if (!committed) {
        io.replaygate.trace.InFlight.discard(staging);
      }
    }
  }

  /**
   * Closes every one of {@code resources}, whatever the ones before threw (a full disk fails each: no descriptor is
   * left open); then throws the first failure, the others suppressed in it.
   */
  public static void closeEach(List<? extends AutoCloseable> resources) throws IOException {
    IOException first = null;
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
        if (first == null) {
          first = io;
        } else {
          first.addSuppressed(io);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
