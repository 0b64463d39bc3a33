package io.replaygate.replay.scenario;

/** A problem in a scenario (file or command line), naming the file, line and key. */
public final class ScenarioException extends RuntimeException {
  private final String file;
  private final int line;
  private final String key;
  private final String problem;

  public ScenarioException(String file, int line, String key, String problem) {
    super(format(file, line, key, problem));
    this.file = file;
    this.line = line;
    this.key = key;
    this.problem = problem;
  }

  /** The problem alone, without where. */
  public String problem() {
    return key == null || key.isEmpty() ? problem : key + ": " + problem;
  }

  private static String format(String file, int line, String key, String problem) {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "scenario" : file);
    if (line > 0) {
      sb.append(": line ").append(line);
    }
    if (key != null && !key.isEmpty()) {
      sb.append(": ").append(key);
    }
    return sb.append(": ").append(problem).toString();
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String key() {
    return key;
  }
}
