package io.replaygate.trace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real public traces are: {@code shared/traces} beside the checkout (found by walking up from
 * the working directory), or {@code -Dreplaygate.shared.traces=DIR}. Tests that need them run whenever
 * the folder exists; {@code .ci/run} fails when it does not, so CI always runs them.
 */
public final class SharedTraces {
  public static final Path DIR = locate();

  private SharedTraces() {}

  private static Path locate() {
    String override = System.getProperty("replaygate.shared.traces");
    if (override != null) {
      return Path.of(override);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/traces");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Path.of("../../shared/traces");
  }

  /** For {@code @EnabledIf}. */
  public static boolean present() {
    return Files.isDirectory(DIR);
  }

  public static Path resolve(String relative) {
    return DIR.resolve(relative);
  }
}
