package io.replaygate.trace.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class ParquetCodecsTest {
  private final CompressionCodecFactory codecs =
      ParquetCodecs.readOptions(new PlainParquetConfiguration()).getCodecFactory();
  private final BytesInputDecompressor zstd = codecs.getDecompressor(CompressionCodecName.ZSTD);

  /** A page's worth of compressible bytes (runs of a few values, as encoded columns are). */
  private static byte[] page(int n) {
    SplittableRandom rng = new SplittableRandom(17);
    byte[] b = new byte[n];
    for (int i = 0; i < n; ) {
      int run = 1 + rng.nextInt(40);
      Arrays.fill(b, i, Math.min(n, i + run), (byte) rng.nextInt(8));
      i += run;
    }
    return b;
  }

  @Test
  void decompress_pageInsideAChunk_isTheOriginalBytes() throws IOException {
    byte[] page = page(1 << 20);
    byte[] z = Zstd.compress(page, 3);
    byte[] chunk = new byte[z.length + 300]; // the page sits 100 bytes into its column chunk's array
    System.arraycopy(z, 0, chunk, 100, z.length);
    ByteBuffer slice = ByteBuffer.wrap(chunk, 100, z.length).slice();
    assertArrayEquals(page, zstd.decompress(BytesInput.from(slice), page.length).toByteArray());
  }

  @Test
  void decompress_directBuffers_fillsTheOutputFromItsPosition() throws IOException {
    byte[] page = page(70_000);
    byte[] z = Zstd.compress(page, 3);
    ByteBuffer in = ByteBuffer.allocateDirect(z.length + 10);
    in.position(10);
    in.put(z).position(10);
    ByteBuffer out = ByteBuffer.allocateDirect(page.length + 5);
    out.position(5);
    zstd.decompress(in, z.length, out, page.length);
    byte[] got = new byte[page.length];
    out.position(5).get(got);
    assertArrayEquals(page, got);
  }

  @Test
  void decompress_statedSizeWrong_isAnIoError() {
    byte[] page = page(10_000);
    byte[] z = Zstd.compress(page, 3);
    IOException small = assertThrows(IOException.class,
        () -> zstd.decompress(BytesInput.from(z), page.length - 1));
    assertTrue(small.getMessage().contains("9999"), small.getMessage());
    IOException large = assertThrows(IOException.class,
        () -> zstd.decompress(BytesInput.from(z), page.length + 1));
    assertTrue(large.getMessage().contains("10000"), large.getMessage());
  }

  @Test
  void decompress_damagedFrame_isAnIoError() {
    byte[] z = Zstd.compress(page(10_000), 3);
    z[z.length / 2] ^= 0x5A;
    z[4] ^= 0x7F; // the frame header's descriptor
    assertThrows(IOException.class, () -> zstd.decompress(BytesInput.from(z), 10_000));
  }

  @Test
  void getDecompressor_otherCodecs_areParquetMrs() {
    assertTrue(codecs.getDecompressor(CompressionCodecName.SNAPPY) != zstd);
    assertSame(zstd, codecs.getDecompressor(CompressionCodecName.ZSTD));
  }
}
