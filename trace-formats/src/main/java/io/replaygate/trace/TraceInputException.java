package io.replaygate.trace;

import java.nio.file.Path;

/**
 * Bad trace input: names the file, the place in it (line, row, or a path into a JSON document) and the
 * field, so the CLI can print one line and exit 2. The message is the whole story; no stack trace is
 * ever shown to a user for one of these.
 */
public class TraceInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String location;
  private final String field;
  private final String problem;

  public TraceInputException(Path file, String location, String field, String problem) {
    this(file, location, field, problem, null);
  }

  public TraceInputException(Path file, String location, String field, String problem, Throwable cause) {
    super(format(file, location, field, problem), cause);
    this.file = file;
    this.location = location;
    this.field = field;
    this.problem = problem;
  }

  /** The first line of a library exception's message, for a one-line error. */
  public static String firstLine(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = msg.indexOf('\n');
    return cut < 0 ? msg : msg.substring(0, cut);
  }

  /** The file, or {@code null} when the input has none. */
  public Path file() {
    return file;
  }

  /** e.g. {@code line 12}, {@code row 40}, {@code requests[3].requests[1]}; {@code null} for the whole file. */
  public String location() {
    return location;
  }

  /** The field at fault, {@code null} when the problem is not one field's. */
  public String field() {
    return field;
  }

  /** The problem alone, without the place. */
  public String problem() {
    return problem;
  }

  private static String format(Path file, String location, String field, String problem) {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file).append(": ");
    }
    if (location != null) {
      sb.append(location).append(": ");
    }
    if (field != null) {
      sb.append("field '").append(field).append("': ");
    }
    sb.append(problem);
    return sb.toString();
  }

  /** A place in a file that errors can be raised against. */
  public record Where(Path file, String location) {
    public static Where file(Path file) {
      return new Where(file, null);
    }

    public TraceInputException error(String field, String problem) {
      return new TraceInputException(file, location, field, problem);
    }

    public TraceInputException error(String field, String problem, Throwable cause) {
      return new TraceInputException(file, location, field, problem, cause);
    }
  }
}
