package io.replaygate.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File plumbing the commands share: whole-or-nothing writes and scratch-directory removal. */
final class CliFiles {

  /** Writes a file's whole content. */
  @FunctionalInterface
  interface Body {
    void write(Writer w) throws IOException;
  }

  private CliFiles() {
  }

  /**
   * Writes {@code file} through a temporary sibling renamed over it, so a reader never sees half a file and a
   * failure leaves any previous file as it was.
   */
  static void replace(Path file, Body body) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".partial");
    try {
      try (Writer w = Files.newBufferedWriter(tmp)) {
        body.write(w);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Deletes {@code dir} and everything under it (a command's scratch directory). */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
