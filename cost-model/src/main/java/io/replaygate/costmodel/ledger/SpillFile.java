package io.replaygate.costmodel.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file of byte segments that only its owner can see: created in a directory the caller chooses (a
 * run's staging directory: the outputs' file system, not a RAM-backed {@code /tmp}) and opened with
 * {@link StandardOpenOption#DELETE_ON_CLOSE}, which on Unix unlinks it at once, so no name is left behind whatever
 * ends the process, and its space is returned when the channel closes: at {@link #close()}, else when the owner
 * becomes unreachable ({@link Cleaner}) or the process exits. Reads are positional, so any number of readers share
 * the one channel.
 */
final class SpillFile {
  private static final Cleaner CLEANER = Cleaner.create();

  private final FileChannel channel;
  private final Cleaner.Cleanable closer;
  private long size;

  private SpillFile(FileChannel channel) {
    this.channel = channel;
    this.closer = CLEANER.register(this, new Closer(channel));
  }

  /** Closes the channel now (the file and its space go with it); later reads and appends fail. Idempotent. */
  void close() {
    closer.clean();
  }

  /** A new, empty spill file in {@code dir}. */
  static SpillFile in(Path dir) {
    try {
      Path file = Files.createTempFile(dir, ".replaygate-", ".spill");
      try {
        return new SpillFile(FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE));
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a spill file in " + dir, e);
    }
  }

  /** Appends {@code bytes[0, length)}; returns where they start. */
  long append(byte[] bytes, int length) {
    long at = size;
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
    try {
      while (b.hasRemaining()) {
        size += channel.write(b, size);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the spill file (disk full?)", e);
    }
    return at;
  }

  /** Fills {@code into} from {@code position} on; returns the bytes read. */
  int read(ByteBuffer into, long position) {
    try {
      int n = 0;
      while (into.hasRemaining()) {
        int r = channel.read(into, position + n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spill file", e);
    }
  }

  /** Closes the channel (and so deletes the file) once its owner is gone; holds no reference to the owner. */
  private record Closer(FileChannel channel) implements Runnable {
    @Override
    public void run() {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do: the file was never visible and the process keeps going
      }
    }
  }
}
