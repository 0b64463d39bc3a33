package io.replaygate.trace.format.canonical;

import java.nio.ByteBuffer;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE / bit-packing hybrid encoding of levels (the format's "RLE" encoding), decoded a batch at a time:
 * an RLE run fills the batch with one value, a bit-packed group of 8 unpacks 8 values. parquet-mr's decoder returns
 * one value per call; a list of sixty block hashes costs 120 of those calls per row (repetition and definition
 * levels), which was a fifth of a scan. The layout, from the format's specification: each run starts with a ULEB128
 * header; its low bit set means {@code header >>> 1} groups of 8 bit-packed values (little-endian bit order), clear
 * means {@code header >>> 1} repetitions of one value stored in {@code ceil(bitWidth / 8)} little-endian bytes.
 * Damaged data (a header past the end, a width over 32 bits) is a {@link ParquetDecodingException}.
 */
final class HybridLevels {
  private final ByteBuffer in;
  private final int bitWidth;
  private final int mask;
  private final int valueBytes;
  /** The current run: {@code rleLeft} repetitions of {@code rleValue}, or bit-packed values in {@code packed}. */
  private int rleLeft;
  private int rleValue;
  private final int[] packed = new int[8];
  private int packedPos = 8;
  private int packedGroupsLeft;

  /** Levels of {@code bitWidth} bits (0 to 32) from {@code in}'s position to its limit. */
  HybridLevels(ByteBuffer in, int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new ParquetDecodingException("level bit width " + bitWidth);
    }
    this.in = in;
    this.bitWidth = bitWidth;
    this.mask = bitWidth == 32 ? -1 : (1 << bitWidth) - 1;
    this.valueBytes = (bitWidth + 7) / 8;
  }

  /** Decodes the next {@code n} levels into {@code out[0..n)}. */
  void read(int[] out, int n) {
    int i = 0;
    while (i < n) {
      if (rleLeft > 0) {
        int take = Math.min(rleLeft, n - i);
        java.util.Arrays.fill(out, i, i + take, rleValue);
        rleLeft -= take;
        i += take;
      } else if (packedPos < 8) {
        int take = Math.min(8 - packedPos, n - i);
        System.arraycopy(packed, packedPos, out, i, take);
        packedPos += take;
        i += take;
      } else if (packedGroupsLeft > 0) {
        unpack();
      } else {
        nextRun();
      }
    }
  }

  private void nextRun() {
    int header = readUleb();
    if ((header & 1) == 1) {
      packedGroupsLeft = header >>> 1;
      if (packedGroupsLeft == 0) {
        throw new ParquetDecodingException("an empty bit-packed run");
      }
    } else {
      rleLeft = header >>> 1;
      if (rleLeft == 0) {
        throw new ParquetDecodingException("an empty RLE run");
      }
      int v = 0;
      for (int b = 0; b < valueBytes; b++) {
        v |= (byte0() & 0xff) << (8 * b);
      }
      rleValue = v;
    }
  }

  /** One group of 8 values, {@code bitWidth} bytes, least significant bit first. */
  private void unpack() {
    long acc = 0;
    int bits = 0;
    for (int k = 0; k < 8; k++) {
      while (bits < bitWidth) {
        acc |= (long) (byte0() & 0xff) << bits;
        bits += 8;
      }
      packed[k] = (int) acc & mask;
      acc >>>= bitWidth;
      bits -= bitWidth;
    }
    packedPos = 0;
    packedGroupsLeft--;
  }

  private int readUleb() {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = byte0() & 0xff;
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new ParquetDecodingException("a run header longer than 5 bytes");
  }

  private byte byte0() {
    if (!in.hasRemaining()) {
      throw new ParquetDecodingException("levels end before their runs do");
    }
    return in.get();
  }
}
