package io.replaygate.costmodel.ledger;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.pricing.TokenCounts;
import java.math.BigDecimal;
import java.math.BigInteger;
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
 */
final class SealedCells {
  private final byte[] bytes;
  private final int cells;

  private SealedCells(byte[] bytes, int cells) {
    this.bytes = bytes;
    this.cells = cells;
  }

  int cells() {
    return cells;
  }

  int bytes() {
    return bytes.length;
  }

  /** Packs {@code sorted} (already in the ledger's order); {@code id} numbers each name (null included). */
  static SealedCells of(List<Map.Entry<CellKey, TargetUsage>> sorted, ToIntFunction<String> id) {
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
    return new SealedCells(w.toArray(), sorted.size());
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

  /** The cells one at a time, decoded as they are read. */
  private final class Cursor implements Iterator<Map.Entry<CellKey, TargetUsage>> {
    private final IntFunction<String> name;
    private int at;
    private int read;

    private Cursor(IntFunction<String> name) {
      this.name = name;
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
        int n = (int) varint();
        storage = new BigDecimal(new BigInteger(Arrays.copyOfRange(bytes, at, at + n)), scale);
        at += n;
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
        byte b = bytes[at++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }
  }

  /** A growing byte array with unsigned LEB128 varints. */
  private static final class Writer {
    private byte[] buf;
    private int size;

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
