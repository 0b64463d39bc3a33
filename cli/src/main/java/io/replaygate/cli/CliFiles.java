package io.replaygate.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
    // Created as any file is (the umask decides its mode), not 0600 as a temporary would be.
    Path tmp = dir.resolve("." + file.getFileName() + "."
        + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".partial");
    try {
      try (Writer w = io.replaygate.trace.InFlight.create(() -> Files.createFile(tmp), Files::newBufferedWriter)) {
        body.write(w);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
      io.replaygate.trace.InFlight.done(tmp);
    }
  }

  /**
   * An I/O failure in one line, naming the path and what went wrong in words (a full disk, a read-only file system,
   * a directory where a file was expected, no permission), never a Java class name.
   */
  static String describe(IOException e) {
    String path = e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile() + ": " : "";
    String why;
    if (e instanceof java.nio.file.AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof java.nio.file.NoSuchFileException) {
      why = "no such file or directory";
    } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
      why = "already exists";
    } else if (e instanceof java.nio.file.DirectoryNotEmptyException) {
      why = "directory not empty";
    } else if (e instanceof java.nio.file.NotDirectoryException) {
      why = "not a directory";
    } else if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      String reason = f.getReason(); // the OS's words ("No space left on device"), or ours naming a file: keep its case
      why = reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    } else {
      String m = e.getMessage() == null ? "input/output error" : e.getMessage();
      int cut = m.indexOf('\n');
      why = cut < 0 ? m : m.substring(0, cut);
    }
    String lower = why.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("no space left") || lower.contains("disk quota exceeded")) {
      why = "the disk is full (no space left on device)";
    } else if (lower.contains("read-only file system")) {
      why = "the file system is read-only";
    }
    return path + why;
  }
}
