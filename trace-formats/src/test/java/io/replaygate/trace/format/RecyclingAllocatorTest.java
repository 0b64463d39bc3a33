package io.replaygate.trace.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecyclingAllocatorTest {
  @Test
  void sizeClass_isTheNextPowerOfTwo_fromSixtyFourKiB() {
    assertEquals(1 << 16, RecyclingAllocator.sizeClass(1));
    assertEquals(1 << 16, RecyclingAllocator.sizeClass(1 << 16));
    assertEquals(1 << 17, RecyclingAllocator.sizeClass((1 << 16) + 1));
    assertEquals(8 << 20, RecyclingAllocator.sizeClass(8 << 20), "parquet-mr's 8 MiB parts: exact");
    assertEquals(8 << 20, RecyclingAllocator.sizeClass((4 << 20) + 1));
  }

  @Test
  void allocate_afterRelease_reusesTheBuffer_limitedToTheSizeAsked() {
    RecyclingAllocator a = new RecyclingAllocator();
    ByteBuffer first = a.allocate(100_000);
    assertEquals(0, first.position());
    assertEquals(100_000, first.limit());
    first.position(50_000);
    a.release(first);
    assertEquals(1 << 17, a.pooledBytes());
    ByteBuffer again = a.allocate(70_000);
    assertSame(first, again, "same size class: the released buffer");
    assertEquals(0, again.position());
    assertEquals(70_000, again.limit());
    assertEquals(0, a.pooledBytes());
    assertEquals(1, a.reused());
    assertNotSame(again, a.allocate(70_000), "none released: a new one");
  }

  @Test
  void release_ofAForeignBuffer_isLeftToTheCollector() {
    RecyclingAllocator a = new RecyclingAllocator();
    ByteBuffer ours = a.allocate(1 << 17);
    a.release(ByteBuffer.allocate(1 << 16)); // another allocator's, of a size class
    a.release(ours.slice(0, 1 << 16)); // a view of ours: its array is still in use
    a.release(ByteBuffer.allocateDirect(1 << 16));
    assertEquals(0, a.pooledBytes());
    a.release(ours);
    a.release(ours); // twice: pooled once
    assertEquals(1 << 17, a.pooledBytes());
  }

  @Test
  void release_pastTheCap_keepsThePoolBounded() {
    RecyclingAllocator a = new RecyclingAllocator();
    int n = (int) (RecyclingAllocator.MAX_POOLED_BYTES / (64 << 20)) + 2;
    ByteBuffer[] bs = new ByteBuffer[n];
    for (int i = 0; i < n; i++) {
      bs[i] = a.allocate(64 << 20);
    }
    for (ByteBuffer b : bs) {
      a.release(b);
    }
    assertEquals(RecyclingAllocator.MAX_POOLED_BYTES, a.pooledBytes());
  }
}
