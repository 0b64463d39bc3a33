package io.replaygate.trace.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Positional reads of one file that bypass the page cache (direct I/O, {@code O_DIRECT}), a window of
 * {@link #WINDOW} bytes at a time, with the next window read ahead on a thread of its own while the caller works
 * through this one.
 *
 * <p>Why: a trace larger than memory goes through the page cache once and is never read from it again, yet every
 * byte pays the kernel for a page allocated, inserted and later reclaimed. On the benchmark machine that is about
 * 2 s of kernel CPU per GB read (dd: 19.6 s of system time for 10 GB through the cache, 0.24 s direct); the 10M
 * week's 55 GB trace cost 92 s of system time, 8% of the run's CPU. Direct reads move the bytes from the device
 * into an aligned buffer and one copy puts them where the caller asked. The kernel's read-ahead goes with the
 * cache, so this class does its own: after a window that continued the one before (a sequential read), the next
 * one is read ahead; after a jump, nothing is, so reading a few columns of each row group does not fetch the
 * columns between them.
 *
 * <p>Direct I/O needs positions, lengths and buffer addresses aligned to the file store's block size; every read
 * here is of whole aligned windows, and what the caller asked is copied out of them. Bytes read are the file's
 * bytes whichever way they come: {@code DirectReadsTest} compares every read with the file's content. One
 * caller thread at a time.
 */
public final class DirectReads implements Closeable {
  /** The bytes one read fetches (a multiple of any block size). */
  public static final int WINDOW = 8 << 20;
  /**
   * The smallest trace file read directly ({@link LocalParquetInput#ofTrace}). A smaller one is read through the page
   * cache: it may still be there from the pass before the replay or the run before, and its kernel cost is small. A
   * cached file of 3.9 GB (the 10M week's busiest million) read directly took 59.2 s against 56.7 s through the
   * cache, within the spread between runs; an uncached one of 6.1 GB (the week's Monday) 85.0 and 81.4 s against
   * 90.5 and 88.0 s.
   */
  public static final long MIN_FILE_BYTES = 1L << 30;
  private final Path file;
  private final FileChannel channel;
  private final int align;
  private final ExecutorService ahead;
  private Window current;
  private CompletableFuture<Window> next;
  /** A window's buffer let go, for the next window read. */
  private ByteBuffer recycle;

  /**
   * A window of the file: {@code bytes} holds {@code [start, start + bytes.limit())}, which is {@code asked} bytes
   * unless the file ends first.
   */
  private record Window(long start, int asked, ByteBuffer bytes) {
    boolean holds(long pos) {
      return pos >= start && pos < end();
    }

    /** Whether the file goes on past this window (a window read short ends at the end of the file). */
    boolean continues() {
      return bytes.limit() == asked;
    }

    long end() {
      return start + bytes.limit();
    }
  }

  DirectReads(Path file, FileChannel channel, int align) {
    if (!usable(align)) {
      throw new IllegalArgumentException("block size " + align + " is not a power of two dividing " + WINDOW);
    }
    this.file = file;
    this.channel = channel;
    this.align = align;
    this.ahead = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "read-ahead " + file.getFileName());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Opens {@code file} for direct reads, or returns {@code null} when its file store does not take them (some file
   * systems, some platforms): the caller then reads through the page cache.
   */
  public static DirectReads open(Path file) throws IOException {
    long align;
    try {
      align = Files.getFileStore(file).getBlockSize();
    } catch (UnsupportedOperationException e) {
      return null;
    }
    if (!usable(align)) {
      return null;
    }
    FileChannel c;
    try {
      c = FileChannel.open(file, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT);
    } catch (UnsupportedOperationException e) {
      return null;
    } catch (IOException e) {
      if (!Files.isReadable(file)) {
        throw e;
      }
      return null; // readable, but not directly (EINVAL: the file system refuses O_DIRECT)
    }
    return new DirectReads(file, c, (int) align);
  }

  /** A block size windows can be aligned to: a power of two that divides {@link #WINDOW}. */
  private static boolean usable(long align) {
    return align > 0 && Long.bitCount(align) == 1 && WINDOW % align == 0;
  }

  /**
   * Reads into {@code dst} from {@code pos}: as many bytes as it has room for, up to the end of the window that
   * holds {@code pos}. Returns how many, or -1 at the end of the file.
   */
  public int read(ByteBuffer dst, long pos) throws IOException {
    if (dst.remaining() == 0) {
      return 0;
    }
    Window w = windowAt(pos, dst.remaining());
    int at = (int) (pos - w.start());
    if (at >= w.bytes().limit()) {
      return -1; // pos is at or past the end of the file
    }
    int n = Math.min(dst.remaining(), w.bytes().limit() - at);
    dst.put(w.bytes().slice(at, n));
    return n;
  }

  /**
   * The window holding {@code pos}: this one, the one read ahead, or a fresh read. A fresh read after a jump fetches
   * only the aligned blocks {@code dst} asks for (a column of a row group, say); after a sequential one, a whole
   * window, and the next is read ahead.
   */
  private Window windowAt(long pos, int wanted) throws IOException {
    if (current != null && current.holds(pos)) {
      return current;
    }
    Window was = current;
    Window got = null;
    if (next != null) {
      Window early = await(next);
      next = null;
      if (early.holds(pos)) {
        got = early;
      } else {
        recycle = early.bytes();
      }
    }
    boolean sequential = was != null && was.continues() && pos == was.end();
    if (got == null) {
      long start = pos & -align;
      int asked = sequential ? WINDOW : (int) Math.min(WINDOW, roundUp(pos + wanted) - start);
      got = fill(spare(), start, asked);
    }
    if (was != null) {
      recycle = was.bytes();
    }
    current = got;
    if (sequential && got.continues()) {
      readAhead(got.end());
    }
    return got;
  }

  private long roundUp(long pos) {
    return (pos + align - 1) & -align;
  }

  /** Starts reading the window at {@code start} on the read-ahead thread. */
  private void readAhead(long start) {
    ByteBuffer into = spare();
    next = CompletableFuture.supplyAsync(() -> {
      try {
        return fill(into, start, WINDOW);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, ahead);
  }

  /** A window's buffer: the one last let go, or a new aligned one. */
  private ByteBuffer spare() {
    ByteBuffer b = recycle;
    recycle = null;
    return b != null ? b : ByteBuffer.allocateDirect(WINDOW + align).alignedSlice(align).limit(WINDOW);
  }

  /** Reads {@code asked} bytes (aligned) at {@code start} (aligned) into {@code into}, or up to the file's end. */
  private Window fill(ByteBuffer into, long start, int asked) throws IOException {
    assert start % align == 0 && asked % align == 0 : "unaligned read of " + asked + " bytes at " + start;
    into.clear().limit(asked);
    while (into.hasRemaining()) {
      int want = into.remaining();
      int n = channel.read(into, start + into.position());
      if (n < want) { // only the end of the file reads short (direct reads never return part of a block early)
        break;
      }
    }
    return new Window(start, asked, into.flip());
  }

  private static Window await(CompletableFuture<Window> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for a read ahead");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IOException(e.getCause());
    }
  }

  /** Whether a window is being read ahead (or was, and waits to be used). */
  boolean readingAhead() {
    return next != null;
  }

  @Override
  public void close() throws IOException {
    ahead.shutdownNow();
    channel.close();
  }

  @Override
  public String toString() {
    return file + " (direct reads, " + align + "-byte blocks)";
  }
}
