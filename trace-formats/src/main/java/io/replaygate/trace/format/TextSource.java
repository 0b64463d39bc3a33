package io.replaygate.trace.format;

import io.replaygate.trace.TraceInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A text file read line by line with its line number; {@code .gz} files are decompressed on the fly.
 * Malformed UTF-8 and I/O failures become {@link TraceInputException}s naming the file and line.
 */
public final class TextSource implements AutoCloseable {
  /**
   * The longest line read (256 MiB): far above a real log line (an agent's whole conversation), far below what a
   * newline-less multi-gigabyte file would make the reader hold.
   */
  public static final int MAX_LINE_BYTES = 256 << 20;
  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[1 << 12];
  private int length;
  private long lineNumber;

  private TextSource(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  public static TextSource open(Path file) {
    try {
      return new TextSource(file, open(file, true));
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

  /**
   * The next line without its terminator ({@code \\n} or {@code \\r\\n}), or {@code null} at the end. A line
   * that is not valid UTF-8 is consumed and reported, so reading can go on with the next one.
   */
  public String nextLine() {
    return advance() ? text() : null;
  }

  /**
   * Moves to the next line, whose raw bytes are then {@link #bytes()}[0, {@link #length()}) (valid until
   * the next call); {@code false} at the end.
   */
  public boolean advance() {
    length = 0;
    boolean any = false;
    try {
      while (true) {
        if (pos == limit) {
          limit = in.read(buffer, 0, buffer.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            if (!any) {
              return false;
            }
            break;
          }
        }
        any = true;
        // Copy up to the next newline in one go.
        int start = pos;
        while (pos < limit && buffer[pos] != '\n') {
          pos++;
        }
        int n = pos - start;
        if ((long) length + n > MAX_LINE_BYTES) {
          throw new TraceInputException(file, "line " + (lineNumber + 1), null, "longer than " + (MAX_LINE_BYTES >> 20)
              + " MiB: not a line-based trace (name the format with --format, or split the file)");
        }
        if (length + n > line.length) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buffer, start, line, length, n);
        length += n;
        if (pos < limit) {
          pos++; // the newline
          break;
        }
      }
    } catch (IOException e) {
      throw new TraceInputException(file, "line " + (lineNumber + 1), null, "cannot read: " + e.getMessage(), e);
    }
    lineNumber++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return true;
  }

  /** The current line's bytes (see {@link #advance()}). */
  public byte[] bytes() {
    return line;
  }

  /** The current line's length in bytes. */
  public int length() {
    return length;
  }

  /** Whether the current line holds only ASCII whitespace. */
  public boolean blank() {
    for (int i = 0; i < length; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return true;
  }

  /** The current line decoded; not valid UTF-8 is a typed error naming the line. */
  public String text() {
    try {
      return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new TraceInputException(file, "line " + lineNumber, null, "not valid UTF-8 text", e);
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
      // Closing a stream we only read from: nothing was lost.
    }
  }
}
