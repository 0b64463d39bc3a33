package io.replaygate.trace.format.canonical;

import io.replaygate.trace.TraceInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

/**
 * Checks an Arrow IPC file's framing before Arrow reads it. Arrow allocates what a message declares before it
 * checks anything (found by fuzzing): a damaged metadata length asked for a 2 GB heap buffer, and a damaged row
 * count made every batch allocate and zero up to the reader's 2 GiB limit of direct memory for a 3 KB file. So:
 * <ul>
 *   <li>each message's metadata and body must fit in the bytes left (stream), each footer block in the file;
 *   <li>a record batch's row count and every field node's value count must fit in its body: uncompressed, every
 *       value of every canonical column takes at least one byte of the body (a 64-bit arrival time, a 32-bit
 *       offset), so a batch that declares more values than its body has bytes is corrupt;
 *   <li>every buffer must lie inside its body;
 *   <li>a compressed body (LZ4/ZSTD) is refused by name: the canonical writer never compresses, and the reader
 *       has no codec.
 * </ul>
 * With these, what Arrow allocates for a batch is bounded by a small multiple of the file's own size.
 */
final class ArrowFraming {
  private ArrowFraming() {}

  /** Walks an IPC stream from its first byte: metadata length (after the continuation marker), metadata, body. */
  static void checkStream(FileChannel ch, TraceInputException.Where whole) throws IOException {
    long size = ch.size();
    long pos = 0;
    while (pos + 4 <= size) {
      long at = pos;
      Prefix prefix = prefix(ch, pos);
      int length = prefix.length();
      pos += prefix.size();
      if (length == 0) {
        break; // end of stream (or a continuation marker with nothing after it)
      }
      if (length < 0 || pos + length > size) {
        throw whole.error(null, "corrupt Arrow stream: the message at byte " + at + " declares " + length
            + " bytes of metadata, with " + (size - pos) + " left");
      }
      Message message = Message.getRootAsMessage(read(ch, pos, length));
      pos += length;
      long body = message.bodyLength();
      if (body < 0 || pos + body > size) {
        throw whole.error(null, "corrupt Arrow stream: the message at byte " + at + " declares a " + body
            + "-byte body, with " + (size - pos) + " left");
      }
      checkBatch(message, body, "the message at byte " + at, whole);
      pos += body;
    }
  }

  /**
   * Checks the record or dictionary blocks ({@code kind}) an IPC file's footer lists: each inside the file's first
   * {@code end} bytes, its metadata a message whose batch fits its body.
   */
  static void checkFileBlocks(FileChannel ch, List<ArrowBlock> blocks, String kind, long end,
      TraceInputException.Where whole) throws IOException {
    for (int i = 0; i < blocks.size(); i++) {
      ArrowBlock b = blocks.get(i);
      String name = "the footer's " + kind + " block " + (i + 1);
      if (b.getOffset() < 0 || b.getMetadataLength() <= 8 || b.getBodyLength() < 0
          || b.getOffset() + b.getMetadataLength() + b.getBodyLength() > end) {
        throw whole.error(null, "corrupt Arrow file: " + name + " declares " + b.getMetadataLength()
            + " bytes of metadata and a " + b.getBodyLength() + "-byte body at byte " + b.getOffset() + ", in "
            + end + " bytes of data");
      }
      // The block's metadata: the continuation marker, a length, the flatbuffer (Arrow ≥ 0.15's layout).
      Prefix prefix = prefix(ch, b.getOffset());
      int length = prefix.length();
      long pos = b.getOffset() + prefix.size();
      if (length <= 0 || pos + length > b.getOffset() + b.getMetadataLength()) {
        throw whole.error(null, "corrupt Arrow file: " + name + "'s message declares " + length
            + " bytes of metadata, more than the block's " + b.getMetadataLength());
      }
      Message message = Message.getRootAsMessage(read(ch, pos, length));
      if (message.bodyLength() != b.getBodyLength()) {
        throw whole.error(null, "corrupt Arrow file: " + name + "'s message declares a " + message.bodyLength()
            + "-byte body, the footer " + b.getBodyLength());
      }
      checkBatch(message, b.getBodyLength(), name, whole);
    }
  }

  private static void checkBatch(Message message, long body, String name, TraceInputException.Where whole) {
    RecordBatch batch = switch (message.headerType()) {
      case MessageHeader.RecordBatch -> (RecordBatch) message.header(new RecordBatch());
      case MessageHeader.DictionaryBatch -> {
        org.apache.arrow.flatbuf.DictionaryBatch d =
            (org.apache.arrow.flatbuf.DictionaryBatch) message.header(new org.apache.arrow.flatbuf.DictionaryBatch());
        yield d == null ? null : d.data();
      }
      default -> null;
    };
    if (batch == null) {
      return;
    }
    if (batch.compression() != null) {
      throw whole.error(null, "compressed Arrow IPC (" + name + "'s body is LZ4 or ZSTD) is not supported: write "
          + "the trace uncompressed (replaygate convert does)");
    }
    if (batch.length() < 0 || batch.length() > body) {
      throw whole.error(null, "corrupt Arrow data: " + name + " declares " + batch.length() + " rows in a " + body
          + "-byte body");
    }
    for (int j = 0; j < batch.nodesLength(); j++) {
      long values = batch.nodes(j).length();
      if (values < 0 || values > body) {
        throw whole.error(null, "corrupt Arrow data: " + name + " declares " + values + " values in column node "
            + (j + 1) + " of a " + body + "-byte body");
      }
    }
    for (int j = 0; j < batch.buffersLength(); j++) {
      org.apache.arrow.flatbuf.Buffer b = batch.buffers(j);
      if (b.offset() < 0 || b.length() < 0 || b.offset() + b.length() > body) {
        throw whole.error(null, "corrupt Arrow data: " + name + "'s buffer " + (j + 1) + " lies outside its "
            + body + "-byte body");
      }
    }
  }

  private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
      // positional reads: the channel's own position is Arrow's
    }
    buf.flip();
    return buf;
  }

  /** A message's prefix: the metadata length, and the prefix's own size in bytes (4, or 8 with the marker). */
  private record Prefix(int length, int size) {}

  /**
   * The prefix at {@code at}: the metadata length after the continuation marker (-1) when there is one (Arrow ≥
   * 0.15); a length of 0 where fewer than four bytes are left.
   */
  private static Prefix prefix(FileChannel ch, long at) throws IOException {
    int length = readInt(ch, at);
    return length == -1 ? new Prefix(readInt(ch, at + 4), 8) : new Prefix(length, 4);
  }

  private static int readInt(FileChannel ch, long at) throws IOException {
    ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    while (word.hasRemaining() && ch.read(word, at + word.position()) > 0) {
      // positional
    }
    return word.hasRemaining() ? 0 : word.getInt(0);
  }
}
