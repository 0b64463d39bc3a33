package io.replaygate.costmodel.catalog;

/**
 * A bad catalog or override file, or a price that cannot be found: names the file, the line and the key
 * (e.g. {@code models[3].prices.input}), so the CLI prints one line and exits 2.
 */
public class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final Integer line;
  private final String key;
  private final String problem;

  public CatalogException(String file, Integer line, String key, String problem) {
    super(format(file, line, key, problem));
    this.file = file;
    this.line = line;
    this.key = key;
    this.problem = problem;
  }

  private static String format(String file, Integer line, String key, String problem) {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file).append(": ");
    }
    if (line != null) {
      sb.append("line ").append(line).append(": ");
    }
    if (key != null) {
      sb.append("key '").append(key).append("': ");
    }
    return sb.append(problem).toString();
  }

  public String file() {
    return file;
  }

  public Integer line() {
    return line;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
