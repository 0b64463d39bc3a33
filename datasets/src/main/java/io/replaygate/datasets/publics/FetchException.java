package io.replaygate.datasets.publics;

/**
 * A fetch that could not complete: HTTP error, dropped connection, checksum mismatch, full disk, no
 * recorded checksum. The message names the file and the URL or path; nothing the fetch wrote is left.
 */
public final class FetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
