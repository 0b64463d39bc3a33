package io.replaygate.trace.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopCodecs;

/**
 * The codecs a Parquet read decompresses pages with: parquet-mr's own, except zstd's. parquet-mr decompresses a zstd
 * page through zstd-jni's {@code ZstdInputStream}, a class with a finalizer, reading from the column chunk's bytes:
 * every page leaves behind a stream that only the finalizer queue holds, and with it the whole column chunk it read
 * from, until the finalizer thread — starved while every core replays — gets to it. On a 10-million-request week those
 * streams held 100 MiB of the heap (a heap dump at its busiest: streams reachable from nothing else). Here a zstd page
 * is decompressed in one call into an array of the size its header states: the same bytes, nothing left to finalize.
 */
public final class ParquetCodecs implements CompressionCodecFactory {
  private final CompressionCodecFactory parquet;

  private ParquetCodecs(CompressionCodecFactory parquet) {
    this.parquet = parquet;
  }

  /**
   * Read options for {@code conf} with these codecs, over the factory parquet-mr's read options default to, and a
   * {@link RecyclingAllocator} of the reader's own for its column chunks (reused once the reader closes a row group).
   */
  public static ParquetReadOptions readOptions(ParquetConfiguration conf) {
    return ParquetReadOptions.builder(conf).withCodecFactory(new ParquetCodecs(HadoopCodecs.newFactory(conf, 0)))
        .withAllocator(new RecyclingAllocator()).build();
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return parquet.getCompressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return codec == CompressionCodecName.ZSTD ? ZSTD : parquet.getDecompressor(codec);
  }

  @Override
  public void release() {
    parquet.release();
  }

  /** Whole zstd pages, array to array (a page's frames in one call: a page is never larger than an int). */
  private static final BytesInputDecompressor ZSTD = new BytesInputDecompressor() {
    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      return BytesInput.from(decompress(bytes.toByteBuffer(), uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      ByteBuffer in = input.duplicate();
      in.limit(in.position() + compressedSize);
      output.put(decompress(in, uncompressedSize));
    }

    /** {@code in}'s remaining bytes, which must decompress to exactly {@code size} bytes. */
    private static byte[] decompress(ByteBuffer in, int size) throws IOException {
      if (size < 0) {
        throw new IOException("a zstd page of negative size " + size);
      }
      byte[] src;
      int at;
      if (in.hasArray()) { // the column chunk's own array: read in place
        src = in.array();
        at = in.arrayOffset() + in.position();
      } else {
        src = new byte[in.remaining()];
        in.duplicate().get(src);
        at = 0;
      }
      byte[] out = new byte[size];
      long n;
      try {
        n = Zstd.decompressByteArray(out, 0, size, src, at, in.remaining());
      } catch (ZstdException e) { // zstd-jni reports a damaged frame or a short destination so
        throw new IOException("a zstd page does not decompress to its stated " + size + " bytes: " + e.getMessage(), e);
      }
      if (Zstd.isError(n)) {
        throw new IOException("a zstd page does not decompress to its stated " + size + " bytes: "
            + Zstd.getErrorName(n));
      }
      if (n != size) {
        throw new IOException("a zstd page decompresses to " + n + " bytes, its header says " + size);
      }
      return out;
    }

    @Override
    public void release() {
    }
  };
}
