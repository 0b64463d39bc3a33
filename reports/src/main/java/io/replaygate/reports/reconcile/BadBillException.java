package io.replaygate.reports.reconcile;

import java.nio.file.Path;

/** A usage export that cannot be read: the file, the place in it and the field, in one line. */
public final class BadBillException extends RuntimeException {
  public BadBillException(Path file, String where, String problem) {
    super(file + (where == null ? "" : ": " + where) + ": " + problem);
  }
}
