package io.replaygate.trace.format.canonical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The batch decoder reads what parquet-mr's encoder writes exactly as parquet-mr's own decoder does. */
class HybridLevelsTest {

  /** Levels like a list column's: long runs (RLE) and stretches of noise (bit-packed), ending mid-group. */
  static int[] levels(SplittableRandom rng, int bitWidth, int n) {
    int max = (1 << bitWidth) - 1;
    int[] v = new int[n];
    int i = 0;
    while (i < n) {
      int len = 1 + rng.nextInt(rng.nextBoolean() ? 200 : 12);
      boolean run = rng.nextBoolean();
      int value = rng.nextInt(max + 1);
      for (int k = 0; k < len && i < n; k++, i++) {
        v[i] = run ? value : rng.nextInt(max + 1);
      }
    }
    return v;
  }

  static byte[] encode(int[] values, int bitWidth) throws IOException {
    try (RunLengthBitPackingHybridEncoder e = new RunLengthBitPackingHybridEncoder(bitWidth, 64, 1 << 20,
        new HeapByteBufferAllocator())) {
      for (int v : values) {
        e.writeInt(v);
      }
      return e.toBytes().toByteArray();
    }
  }

  @ParameterizedTest(name = "bit width {0}")
  @ValueSource(ints = {1, 2, 3, 5, 8, 11, 16})
  void decodes_asParquetMrDoes_inBatchesOfAnySize(int bitWidth) throws IOException {
    SplittableRandom rng = new SplittableRandom(bitWidth);
    for (int trial = 0; trial < 20; trial++) {
      int[] values = levels(rng, bitWidth, 1 + rng.nextInt(20_000));
      byte[] bytes = encode(values, bitWidth);
      RunLengthBitPackingHybridDecoder reference = new RunLengthBitPackingHybridDecoder(bitWidth,
          new java.io.ByteArrayInputStream(bytes));
      int[] expected = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        expected[i] = reference.readInt();
      }
      assertArrayEquals(values, expected, "parquet-mr round trip");
      HybridLevels ours = new HybridLevels(ByteBuffer.wrap(bytes), bitWidth);
      int[] got = new int[values.length];
      int[] batch = new int[4096];
      for (int i = 0; i < values.length; ) {
        int n = Math.min(values.length - i, 1 + rng.nextInt(batch.length));
        ours.read(batch, n);
        System.arraycopy(batch, 0, got, i, n);
        i += n;
      }
      assertArrayEquals(expected, got, "trial " + trial);
    }
  }

  @ParameterizedTest(name = "cut at {0} of the bytes")
  @ValueSource(doubles = {0.0, 0.3, 0.9})
  void truncatedLevels_areADecodingError_notGarbage(double keep) throws IOException {
    int[] values = levels(new SplittableRandom(9), 3, 5_000);
    byte[] bytes = encode(values, 3);
    HybridLevels h = new HybridLevels(ByteBuffer.wrap(Arrays.copyOf(bytes, (int) (bytes.length * keep))), 3);
    assertThrows(ParquetDecodingException.class, () -> h.read(new int[values.length], values.length));
  }
}
