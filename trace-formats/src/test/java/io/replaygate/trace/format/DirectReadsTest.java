package io.replaygate.trace.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.parquet.io.SeekableInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads past the page cache return the file's bytes: windows, the window read ahead, jumps and the file's end. The
 * file lies under the module's {@code target/}, on the build's disk, where direct reads are allowed ({@code /tmp}
 * may be a file system that refuses them); each case runs on a plain channel too, with the block sizes a disk has.
 */
class DirectReadsTest {
  private static final int SIZE = 3 * DirectReads.WINDOW + 12_345;
  private static Path dir;
  private static Path file;
  private static byte[] bytes;

  @BeforeAll
  static void writeFile() throws IOException {
    dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "direct-reads");
    file = dir.resolve("data.bin");
    bytes = new byte[SIZE];
    new SplittableRandom(17).nextBytes(bytes);
    Files.write(file, bytes);
  }

  @AfterAll
  static void removeFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  /** Direct reads where the file system allows them, and a plain channel at two block sizes. */
  static Stream<Arguments> readers() {
    return Stream.of(Arguments.of("direct", 0), Arguments.of("plain", 512), Arguments.of("plain", 4096));
  }

  private static DirectReads open(String kind, int align) throws IOException {
    if (kind.equals("direct")) {
      DirectReads d = DirectReads.open(file);
      return d != null ? d : new DirectReads(file, FileChannel.open(file, StandardOpenOption.READ), 4096);
    }
    return new DirectReads(file, FileChannel.open(file, StandardOpenOption.READ), align);
  }

  /** Reads {@code n} bytes at {@code pos} as a caller would, until full or the end; what was read. */
  private static byte[] readAt(DirectReads d, long pos, int n) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(n);
    while (dst.hasRemaining()) {
      int got = d.read(dst, pos + dst.position());
      if (got < 0) {
        break;
      }
      assertTrue(got > 0, "a read into room returned 0");
    }
    return java.util.Arrays.copyOf(dst.array(), dst.position());
  }

  private static byte[] expected(long pos, int n) {
    int from = (int) Math.min(pos, SIZE);
    return java.util.Arrays.copyOfRange(bytes, from, (int) Math.min(SIZE, pos + n));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("readers")
  void read_sequentialInUnevenPieces_isTheFileAndReadsAhead(String kind, int align) throws IOException {
    try (DirectReads d = open(kind, align)) {
      SplittableRandom rng = new SplittableRandom(3);
      long pos = 0;
      boolean aheadSeen = false;
      while (pos < SIZE) {
        int n = 1 + rng.nextInt(3 * DirectReads.WINDOW / 2);
        assertArrayEquals(expected(pos, n), readAt(d, pos, n), "at " + pos);
        pos += n;
        aheadSeen |= d.readingAhead();
      }
      assertTrue(aheadSeen, "a sequential read never read a window ahead");
      assertEquals(-1, d.read(ByteBuffer.allocate(10), SIZE));
      assertEquals(-1, d.read(ByteBuffer.allocate(10), SIZE + 5L * DirectReads.WINDOW));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("readers")
  void read_jumpsBackAndForth_isTheFile(String kind, int align) throws IOException {
    try (DirectReads d = open(kind, align)) {
      SplittableRandom rng = new SplittableRandom(5);
      for (int i = 0; i < 300; i++) {
        long pos = rng.nextLong(SIZE + 100L);
        int n = 1 + rng.nextInt(i % 3 == 0 ? 2 * DirectReads.WINDOW : 20_000);
        assertArrayEquals(expected(pos, n), readAt(d, pos, n), "read " + i + ": " + n + " bytes at " + pos);
      }
    }
  }

  @Test
  void read_columnsOfEachGroup_readsNothingAheadBetweenThem() throws IOException {
    try (DirectReads d = open("plain", 4096)) {
      for (long group = 0; group + 3 * 65_536 <= SIZE; group += DirectReads.WINDOW / 2) {
        assertArrayEquals(expected(group + 100, 65_536), readAt(d, group + 100, 65_536));
        assertFalse(d.readingAhead(), "a jump read a window ahead, at " + group);
      }
      assertArrayEquals(expected(SIZE - 10, 10), readAt(d, SIZE - 10, 10));
      assertFalse(d.readingAhead(), "read ahead past the file's end");
    }
  }

  @Test
  void open_onADiskFileSystem_readsDirectly() throws IOException {
    // ext4, xfs and btrfs take direct reads on Linux; a file system that refuses them (an older tmpfs, some
    // overlays) leaves the trace to the page cache, which the plain cases cover.
    String type = Files.getFileStore(file).type();
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
        && java.util.Set.of("ext4", "xfs", "btrfs").contains(type), "the build's disk is " + type);
    try (DirectReads d = DirectReads.open(file)) {
      assertNotNull(d, "no direct reads on " + type);
      assertTrue(d.toString().contains("direct reads"));
    }
  }

  @ParameterizedTest(name = "direct={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void localParquetInput_seeksAndReads_areTheFile(boolean direct) throws IOException {
    try (SeekableInputStream in = new LocalParquetInput(file, direct).newStream()) {
      SplittableRandom rng = new SplittableRandom(11);
      for (int i = 0; i < 200; i++) {
        long pos = rng.nextLong(SIZE - 1);
        int n = (int) Math.min(SIZE - pos, 1 + rng.nextInt(i % 2 == 0 ? 9_000 : 3 * DirectReads.WINDOW));
        byte[] got = new byte[n];
        in.seek(pos);
        in.readFully(got);
        assertArrayEquals(expected(pos, n), got, "read " + i);
        assertEquals(pos + n, in.getPos());
      }
    }
  }
}
