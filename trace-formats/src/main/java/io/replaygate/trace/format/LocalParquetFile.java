package io.replaygate.trace.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A local file for parquet-mr to write, which closes its descriptor the moment a write fails. parquet-mr's
 * writer does not close its stream when flushing the last row group fails (a full disk): with
 * {@code LocalOutputFile} the deleted temporary stays open, and its space taken, until the JVM exits.
 */
public final class LocalParquetFile implements OutputFile {
  private static final int BUFFER = 1 << 16;
  private final Path file;

  public LocalParquetFile(Path file) {
    this.file = file;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return open(StandardOpenOption.CREATE_NEW);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private PositionOutputStream open(StandardOpenOption... how) throws IOException {
    StandardOpenOption[] options = java.util.Arrays.copyOf(how, how.length + 1);
    options[how.length] = StandardOpenOption.WRITE;
    OutputStream raw = Files.newOutputStream(file, options);
    return new PositionOutputStream() {
      private final OutputStream out = new BufferedOutputStream(raw, BUFFER);
      private long position;

      @Override
      public long getPos() {
        return position;
      }

      @Override
      public void write(int b) throws IOException {
        try {
          out.write(b);
        } catch (IOException e) {
          throw failed(e);
        }
        position++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw failed(e);
        }
        position += len;
      }

      @Override
      public void flush() throws IOException {
        try {
          out.flush();
        } catch (IOException e) {
          throw failed(e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } catch (IOException e) {
          throw failed(e);
        }
      }

      /** The descriptor is given back at once; what was buffered is lost with the write that failed. */
      private IOException failed(IOException e) {
        try {
          raw.close();
        } catch (IOException again) {
          e.addSuppressed(again);
        }
        return e;
      }
    };
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return file.toString();
  }
}
