package io.replaygate.cli;

/** Whether a person is watching: progress is a bar then, plain periodic lines in logs and CI. */
final class Terminal {
  private Terminal() {}

  /** An interactive console, and not a CI job ({@code $CI} unset). */
  static boolean interactive() {
    return System.console() != null && System.getenv("CI") == null;
  }
}
