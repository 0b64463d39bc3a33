package io.replaygate.replay.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's output directory, filled atomically: files are written under temporary names and renamed into
 * place by {@link #commit()}; {@link #close()} without a commit deletes the temporaries (and the directory,
 * if this run created it), so a failed run leaves nothing partial behind.
 */
public final class OutputDir implements AutoCloseable {
  private final Path dir;
  private final boolean created;
  private final List<Path[]> pending = new ArrayList<>();
  private final List<Path> scratch = new ArrayList<>();
  private boolean committed;

  public OutputDir(Path dir) throws IOException {
    this.dir = dir;
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(dir + " exists and is not a directory");
    }
    this.created = !Files.exists(dir);
    Files.createDirectories(dir);
  }

  /** A temporary file that becomes {@code name} on commit. */
  public Path file(String name) {
    Path tmp = dir.resolve("." + name + ".tmp");
    pending.add(new Path[] {tmp, dir.resolve(name)});
    return tmp;
  }

  /**
   * Where {@code name} can be read now: its temporary file while it waits for the commit, else the file itself
   * (a finisher reads the tables written before it this way).
   */
  public Path written(String name) {
    Path target = dir.resolve(name);
    for (Path[] p : pending) {
      if (p[1].equals(target)) {
        return p[0];
      }
    }
    return target;
  }

  /** A temporary file deleted at close, whatever happens. */
  public Path scratch(String name) {
    Path tmp = dir.resolve("." + name + ".part");
    scratch.add(tmp);
    return tmp;
  }

  public void commit() throws IOException {
    for (Path[] p : pending) {
      Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    committed = true;
  }

  @Override
  public void close() throws IOException {
    for (Path p : scratch) {
      Files.deleteIfExists(p);
      Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
    }
    if (committed) {
      return;
    }
    for (Path[] p : pending) {
      Files.deleteIfExists(p[0]);
    }
    if (created) {
      try (var s = Files.list(dir)) {
        if (s.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    }
  }
}
