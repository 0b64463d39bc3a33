package io.replaygate.costmodel.ledger;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.pricing.TokenCounts;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * A batch of ledger cells, in the ledger's order, packed into one byte array: names as ids, every count as an
 * unsigned varint (LEB128). A cell takes about 20–45 bytes here against about 170 as a key, a usage, their token
 * counts and a hash-map node, and there is no object per cell: a ledger keeps a cell per path × window × tenant ×
 * model path × target, so its cells grow with the trace's length, and sealed they stay small.
 *
 * <p>A cell is: path, window, tenant, model path and target ids; a flags byte (bit 0 fallback, bit 1 long-context
 * counts follow, bit 2 storage follows, bits 3–5 the service tier's ordinal + 1, 0 for none); requests; the five
 * standard counts; the five long-context counts if flagged; the storage token-hours if flagged, as its scale (zigzag)
 * and its unscaled value's two's-complement bytes (length first). Decoding gives back equal keys and usages.
 *
 * <p>The batch is kept on the heap, or written to a {@link SpillFile} and read back from it a buffer at a time
 * ({@value #READ_BUFFER} bytes): spilled, a ledger's memory no longer grows with the trace's length at all.
 */
final class SealedCells {
  /** Bytes a reader of a spilled batch holds at a time. */
  static final int READ_BUFFER = 16 << 10;

  /** The batch on the heap; null when spilled. */
  private final byte[] bytes;
  /** Where a spilled batch is; null on the heap. */
  private final SpillFile file;
  private final long offset;
  private final int length;
  private final int cells;

  private SealedCells(byte[] bytes, SpillFile file, long offset, int length, int cells) {
    this.bytes = bytes;
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.cells = cells;
  }

  int cells() {
    return cells;
  }

  /** The batch's size, packed. */
  int bytes() {
    return length;
  }

  /** The batch's bytes on the heap: all of them, or none once spilled. */
  int heapBytes() {
    return bytes == null ? 0 : length;
  }

  /**
   * Packs {@code sorted} (already in the ledger's order); {@code id} numbers each name (null included). The batch
   * is appended to {@code spill}, or kept on the heap when it is null.
   */
  static SealedCells of(List<Map.Entry<CellKey, TargetUsage>> sorted, ToIntFunction<String> id, SpillFile spill) {
    Writer w = new Writer(Math.max(64, sorted.size() * 32));
    for (Map.Entry<CellKey, TargetUsage> e : sorted) {
      CellKey k = e.getKey();
      TargetUsage u = e.getValue();
      w.varint(id.applyAsInt(k.path()));
      w.varint(k.window());
      w.varint(id.applyAsInt(k.tenant()));
      w.varint(id.applyAsInt(k.modelPath()));
      w.varint(id.applyAsInt(k.target()));
      boolean longContext = u.longContext() != TokenCounts.ZERO;
      boolean storage = u.storageTokenHours().signum() != 0;
      int tier = u.serviceTier() == null ? 0 : u.serviceTier().ordinal() + 1;
      w.varint((k.fallback() ? 1 : 0) | (longContext ? 2 : 0) | (storage ? 4 : 0) | tier << 3);
      w.varint(u.requests());
      w.counts(u.standard());
      if (longContext) {
        w.counts(u.longContext());
      }
      if (storage) {
        BigDecimal s = u.storageTokenHours();
        w.varint(zigzag(s.scale()));
        byte[] unscaled = s.unscaledValue().toByteArray();
        w.varint(unscaled.length);
        w.bytes(unscaled);
      }
    }
    if (spill == null) {
      return new SealedCells(w.toArray(), null, 0, w.size, sorted.size());
    }
    return new SealedCells(null, spill, spill.append(w.buf, w.size), w.size, sorted.size());
  }

  /** Reads the cells back in order; {@code name} turns an id back into its name. */
  Iterator<Map.Entry<CellKey, TargetUsage>> iterator(IntFunction<String> name) {
    return new Cursor(name);
  }

  private static long zigzag(int v) {
    return ((v << 1) ^ (v >> 31)) & 0xFFFFFFFFL;
  }

  private static int unzigzag(long v) {
    return (int) (v >>> 1) ^ -(int) (v & 1);
  }

  /** The cells one at a time, decoded as they are read: from the heap's array, or a buffer refilled from the file. */
  private final class Cursor implements Iterator<Map.Entry<CellKey, TargetUsage>> {
    private final IntFunction<String> name;
    private final byte[] buf;
    private int at;
    private int limit;
    /** The file position the next refill reads from. */
    private long next;
    private int read;

    private Cursor(IntFunction<String> name) {
      this.name = name;
      if (bytes != null) {
        buf = bytes;
        limit = length;
        next = offset + length;
      } else {
        buf = new byte[Math.min(READ_BUFFER, length)];
        next = offset;
      }
    }

    @Override
    public boolean hasNext() {
      return read < cells;
    }

    @Override
    public Map.Entry<CellKey, TargetUsage> next() {
      if (read == cells) {
        throw new NoSuchElementException();
      }
      read++;
      String path = name.apply((int) varint());
      long window = varint();
      String tenant = name.apply((int) varint());
      String modelPath = name.apply((int) varint());
      String target = name.apply((int) varint());
      int flags = (int) varint();
      long requests = varint();
      TokenCounts standard = counts();
      TokenCounts longContext = (flags & 2) != 0 ? counts() : TokenCounts.ZERO;
      BigDecimal storage = BigDecimal.ZERO;
      if ((flags & 4) != 0) {
        int scale = unzigzag(varint());
        byte[] unscaled = new byte[(int) varint()];
        for (int i = 0; i < unscaled.length; i++) {
          unscaled[i] = nextByte();
        }
        storage = new BigDecimal(new BigInteger(unscaled), scale);
      }
      int tier = flags >>> 3;
      return Map.entry(new CellKey(path, window, tenant, modelPath, target, (flags & 1) != 0),
          new TargetUsage(requests, standard, longContext, storage, tier == 0 ? null : ServiceTier.values()[tier - 1]));
    }

    private TokenCounts counts() {
      return new TokenCounts(varint(), varint(), varint(), varint(), varint());
    }

    private long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = nextByte();
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }

    private byte nextByte() {
      if (at == limit) {
        refill();
      }
      return buf[at++];
    }

    private void refill() {
      long left = offset + length - next;
      if (left <= 0) {
        throw new IllegalStateException("a sealed batch ends inside a cell");
      }
      int n = (int) Math.min(buf.length, left);
      if (file.read(ByteBuffer.wrap(buf, 0, n), next) != n) {
        throw new UncheckedIOException(new EOFException("the spill file ends before its batch at " + offset));
      }
      next += n;
      at = 0;
      limit = n;
    }
  }

  /** A growing byte array with unsigned LEB128 varints. */
  private static final class Writer {
    byte[] buf;
    int size;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    void varint(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("a ledger count cannot be negative: " + v);
      }
      room(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) (v & 0x7F | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void counts(TokenCounts c) {
      varint(c.input());
      varint(c.cacheRead());
      varint(c.cacheWrite5m());
      varint(c.cacheWrite1h());
      varint(c.output());
    }

    void bytes(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    private void room(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size + n, 2 * buf.length));
      }
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
