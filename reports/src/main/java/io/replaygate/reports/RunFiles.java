package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a run directory's files, one way for every report: JSON documents, paths in DuckDB SQL, messages. */
public final class RunFiles {
  private RunFiles() {}

  /** A run's JSON file ({@code verdict.json}, {@code summary.json}); a missing or broken one is a bad run. */
  public static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new RunData.BadRunException(file + ": missing (not a run directory)", e);
    } catch (IOException e) {
      throw new RunData.BadRunException(file + ": not readable JSON (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** A file path as the inside of a DuckDB string literal ({@code read_parquet('…')}). */
  public static String literal(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }

  /** The first line of an error message (DuckDB's and Jackson's run on with context). */
  public static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
