package io.replaygate.trace.format;

import io.replaygate.trace.TraceInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A text file read line by line with its line number; {@code .gz} files are decompressed on the fly.
 * Malformed UTF-8 and I/O failures become {@link TraceInputException}s naming the file and line.
 */
public final class TextSource implements AutoCloseable {
  private final Path file;
  private final BufferedReader in;
  private long lineNumber;

  private TextSource(Path file, BufferedReader in) {
    this.file = file;
    this.in = in;
  }

  public static TextSource open(Path file) {
    try {
      InputStream raw = open(file, true);
      var decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      return new TextSource(file, new BufferedReader(new InputStreamReader(raw, decoder), 1 << 16));
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** The file's bytes, decompressed when it is gzip. */
  public static InputStream open(Path file, boolean decompress) throws IOException {
    InputStream raw = Files.newInputStream(file);
    if (decompress && file.getFileName().toString().endsWith(".gz")) {
      return new GZIPInputStream(raw, 1 << 16);
    }
    return raw;
  }

  static TraceInputException unreadable(Path file, IOException e) {
    String why = e instanceof NoSuchFileException ? "no such file" : "cannot read: " + e.getMessage();
    return new TraceInputException(file, null, null, why, e);
  }

  /** The next line without its terminator, or {@code null} at the end. */
  public String nextLine() {
    try {
      String line = in.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (CharacterCodingException e) {
      lineNumber++;
      throw new TraceInputException(file, "line " + lineNumber, null, "not valid UTF-8 text", e);
    } catch (IOException e) {
      throw new TraceInputException(file, "line " + (lineNumber + 1), null, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Number of the line last returned (1-based). */
  public long lineNumber() {
    return lineNumber;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // Closing a reader we only read from: nothing was lost.
    }
  }
}
