package io.replaygate.trace.format;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A local file for parquet-mr to read, by byte ranges. parquet-mr's {@code LocalInputFile} stream does not
 * override {@code read(byte[], int, int)}, so copying row groups ({@code ParquetFileWriter.appendFile}) reads one
 * byte per system call; this stream reads what is asked in one positional read, and serves small reads (a page
 * header's bytes) from an 8 KiB window. A trace's input ({@link #ofTrace}) reads the large ranges, the column chunks,
 * past the page cache ({@link DirectReads}) when the file is large and its file store allows.
 */
public final class LocalParquetInput implements InputFile {
  private static final int WINDOW = 8 << 10;
  private final Path file;
  private final boolean direct;

  /** A file read through the page cache (a file just written, a small one). */
  public LocalParquetInput(Path file) {
    this(file, false);
  }

  /** A file read through the page cache, or with its large ranges past it ({@code direct}, where allowed). */
  LocalParquetInput(Path file, boolean direct) {
    this.file = file;
    this.direct = direct;
  }

  /**
   * A trace file, read once from start to end by each pass: its column chunks past the page cache when it holds at
   * least {@link DirectReads#MIN_FILE_BYTES} and its file store takes direct reads.
   */
  public static LocalParquetInput ofTrace(Path file) throws IOException {
    return new LocalParquetInput(file, Files.size(file) >= DirectReads.MIN_FILE_BYTES);
  }

  @Override
  public long getLength() throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      return c.size();
    }
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    DirectReads chunks;
    try {
      chunks = direct ? DirectReads.open(file) : null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new SeekableInputStream() {
      private final ByteBuffer window = ByteBuffer.allocate(WINDOW).limit(0);
      private long windowStart;
      private long pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void seek(long newPos) {
        pos = newPos;
      }

      @Override
      public int read() throws IOException {
        if (!inWindow() && !fill()) {
          return -1;
        }
        int b = window.get((int) (pos - windowStart)) & 0xff;
        pos++;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return read(ByteBuffer.wrap(b, off, len));
      }

      @Override
      public int read(ByteBuffer dst) throws IOException {
        int want = dst.remaining();
        if (want == 0) {
          return 0;
        }
        if (want < WINDOW) { // small: through the window
          if (!inWindow() && !fill()) {
            return -1;
          }
          int at = (int) (pos - windowStart);
          int n = Math.min(want, window.limit() - at);
          dst.put(window.slice(at, n));
          pos += n;
          return n;
        }
        int n = chunks != null ? chunks.read(dst, pos) : channel.read(dst, pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }

      @Override
      public void readFully(byte[] b) throws IOException {
        readFully(ByteBuffer.wrap(b));
      }

      @Override
      public void readFully(byte[] b, int off, int len) throws IOException {
        readFully(ByteBuffer.wrap(b, off, len));
      }

      @Override
      public void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
          if (read(dst) < 0) {
            throw new EOFException("reached the end of " + file.getFileName() + " with " + dst.remaining()
                + " bytes still to read");
          }
        }
      }

      @Override
      public long skip(long n) {
        pos += Math.max(0, n);
        return Math.max(0, n);
      }

      @Override
      public void close() throws IOException {
        try (channel) {
          if (chunks != null) {
            chunks.close();
          }
        }
      }

      private boolean inWindow() {
        return pos >= windowStart && pos < windowStart + window.limit();
      }

      /** Reads the window at {@code pos}; false at the end of the file. */
      private boolean fill() throws IOException {
        window.clear();
        windowStart = pos;
        int n = channel.read(window, pos);
        window.flip();
        return n > 0;
      }
    };
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
