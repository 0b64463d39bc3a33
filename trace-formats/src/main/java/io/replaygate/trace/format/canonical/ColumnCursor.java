package io.replaygate.trace.format.canonical;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One numeric column chunk, decoded a batch of up to {@value #BATCH} values at a time: repetition and definition
 * levels into {@code int} arrays and values into a {@code long} or {@code double} array, through parquet-mr's own
 * page reader (decompression), level and value decoders (every encoding it reads: plain, dictionary, delta, byte
 * stream split), without its per-value record machinery — the reader then takes a row's values from the arrays.
 * Batches are fixed in size, so a page that claims more values than it holds costs a decoding error, not memory.
 */
final class ColumnCursor {
  static final int BATCH = 4096;

  private final ColumnDescriptor column;
  private final PrimitiveTypeName type;
  private final int maxRep;
  private final int maxDef;
  final int[] rep = new int[BATCH];
  final int[] def = new int[BATCH];
  final long[] longs;
  final double[] doubles;
  /** The current entry in the batch and how many the batch has. */
  int pos;
  int size;
  private PageReader pages;
  private Dictionary dictionary;
  private int pageLeft;
  private Levels repLevels;
  private Levels defLevels;
  private ValuesReader values;
  /** A plain-encoded INT64 page's values, read in place. */
  private LongBuffer plainLongs;

  ColumnCursor(ColumnDescriptor column) {
    this.column = column;
    this.type = column.getPrimitiveType().getPrimitiveTypeName();
    this.maxRep = column.getMaxRepetitionLevel();
    this.maxDef = column.getMaxDefinitionLevel();
    boolean floating = type == PrimitiveTypeName.FLOAT || type == PrimitiveTypeName.DOUBLE;
    this.longs = floating ? null : new long[BATCH];
    this.doubles = floating ? new double[BATCH] : null;
  }

  /** Starts a row group's chunk of this column. */
  void start(PageReader pages) throws IOException {
    this.pages = pages;
    DictionaryPage d = pages.readDictionaryPage();
    dictionary = d == null ? null : d.getEncoding().initDictionary(column, d);
    pageLeft = 0;
    pos = 0;
    size = 0;
  }

  /** Whether an entry is current (decoding the next batch when the last one is used up). */
  boolean ready() throws IOException {
    return pos < size || fill();
  }

  private boolean fill() throws IOException {
    while (pageLeft == 0) {
      DataPage page = pages.readPage();
      if (page == null) {
        return false;
      }
      pageLeft = page.getValueCount();
      if (pageLeft < 0) {
        throw new ParquetDecodingException("negative value count");
      }
      page.accept(new DataPage.Visitor<Void>() {
        @Override
        public Void visit(DataPageV1 p) {
          try {
            ByteBufferInputStream in = p.getBytes().toInputStream();
            repLevels = levelsV1(p.getRlEncoding(), ValuesType.REPETITION_LEVEL, maxRep, p.getValueCount(), in);
            defLevels = levelsV1(p.getDlEncoding(), ValuesType.DEFINITION_LEVEL, maxDef, p.getValueCount(), in);
            initValues(p.getValueEncoding(), in, p.getValueCount());
          } catch (IOException e) {
            throw new ParquetDecodingException(e);
          }
          return null;
        }

        @Override
        public Void visit(DataPageV2 p) {
          try {
            repLevels = levelsV2(maxRep, p.getRepetitionLevels().toByteBuffer());
            defLevels = levelsV2(maxDef, p.getDefinitionLevels().toByteBuffer());
            initValues(p.getDataEncoding(), p.getData().toInputStream(), p.getValueCount());
          } catch (IOException e) {
            throw new ParquetDecodingException(e);
          }
          return null;
        }
      });
    }
    int n = Math.min(BATCH, pageLeft);
    repLevels.read(rep, n);
    defLevels.read(def, n);
    ValuesReader v = values;
    LongBuffer plain = plainLongs;
    if (plain != null && type == PrimitiveTypeName.INT64 && allDefined(n)) {
      plain.get(longs, 0, n); // a batch without nulls from plain longs: one bulk copy
      pageLeft -= n;
      pos = 0;
      size = n;
      return true;
    }
    for (int i = 0; i < n; i++) {
      if (def[i] == maxDef) {
        switch (type) {
          case INT64 -> longs[i] = plain != null ? plain.get() : v.readLong();
          case INT32 -> longs[i] = v.readInteger();
          case FLOAT -> doubles[i] = v.readFloat();
          case DOUBLE -> doubles[i] = v.readDouble();
          default -> throw new ParquetDecodingException("not a numeric column: " + type);
        }
      }
    }
    pageLeft -= n;
    pos = 0;
    size = n;
    return true;
  }

  /** Whether the batch's first {@code n} values are all present (no null at any level). */
  private boolean allDefined(int n) {
    for (int i = 0; i < n; i++) {
      if (def[i] != maxDef) {
        return false;
      }
    }
    return true;
  }

  private void initValues(Encoding encoding, ByteBufferInputStream in, int count) throws IOException {
    plainLongs = null;
    if (encoding == Encoding.PLAIN && type == PrimitiveTypeName.INT64) { // read straight from the page's bytes
      plainLongs = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      return;
    }
    if (encoding.usesDictionary()) {
      if (dictionary == null) {
        throw new ParquetDecodingException("a dictionary-encoded page without a dictionary");
      }
      values = encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary);
    } else {
      values = encoding.getValuesReader(column, ValuesType.VALUES);
    }
    values.initFromPage(count, in);
  }

  /**
   * A data page v1's levels: the RLE hybrid, after its 4-byte length, decoded a batch at a time; any other encoding
   * (the deprecated BIT_PACKED) through parquet-mr's reader; nothing at all for a zero maximum.
   */
  private Levels levelsV1(Encoding encoding, ValuesType kind, int max, int count, ByteBufferInputStream in)
      throws IOException {
    if (max == 0) {
      return ZERO;
    }
    if (encoding == Encoding.RLE) {
      int length = BytesUtils.readIntLittleEndian(in);
      if (length < 0 || length > in.available()) {
        throw new ParquetDecodingException("levels of " + length + " bytes in a page of " + in.available());
      }
      return batched(in.slice(length), max);
    }
    ValuesReader r = encoding.getValuesReader(column, kind);
    r.initFromPage(count, in);
    return (out, n) -> {
      for (int i = 0; i < n; i++) {
        out[i] = r.readInteger();
      }
    };
  }

  /** A data page v2's levels: the RLE hybrid without a length prefix (none at all for a zero maximum). */
  private static Levels levelsV2(int max, ByteBuffer bytes) {
    return max == 0 ? ZERO : batched(bytes, max);
  }

  private static Levels batched(ByteBuffer bytes, int max) {
    HybridLevels h = new HybridLevels(bytes.slice(), BytesUtils.getWidthFromMaxInt(max));
    return h::read;
  }

  private static final Levels ZERO = (out, n) -> java.util.Arrays.fill(out, 0, n, 0);

  /** A page's levels, {@code n} at a time. */
  @FunctionalInterface
  private interface Levels {
    void read(int[] out, int n);
  }
}
