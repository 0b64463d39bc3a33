package io.replaygate.datasets.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PromptChainTest {
  @Test
  void hashes_followTheCeilRule_withAFinalPartialBlock() {
    PromptChain c = new PromptChain(64, false).append(1, 100);
    assertEquals(100, c.tokens());
    assertEquals(2, c.hashes().length); // 64 + 36
    c.append(2, 28);
    assertEquals(2, c.hashes().length); // exactly 128: no partial block
    c.append(3, 1);
    assertEquals(3, c.hashes().length);
  }

  @Test
  void equalSegments_equalHashes_andADifferentSegment_divergesAtItsFirstBlock() {
    long[] a = new PromptChain(64, false).append(7, 200).append(8, 100).hashes();
    long[] b = new PromptChain(64, false).append(7, 200).append(9, 100).hashes();
    // 200 shared tokens: blocks 0-2 are whole and identical; block 3 mixes the shared tail with the rest.
    assertArrayEquals(Arrays.copyOf(a, 3), Arrays.copyOf(b, 3));
    for (int i = 3; i < a.length; i++) {
      assertNotEquals(a[i], b[i], "block " + i);
    }
  }

  @Test
  void incrementalAppend_equalsBuildingAtOnce_andACopyIsIndependent() {
    PromptChain base = new PromptChain(16, false).append(1, 40);
    PromptChain copy = base.copy();
    base.append(2, 30);
    copy.append(3, 30);
    assertArrayEquals(new PromptChain(16, false).append(1, 40).append(2, 30).hashes(), base.hashes());
    assertNotEquals(base.hashes()[4], copy.hashes()[4]);
    assertEquals(base.hashes()[1], copy.hashes()[1]);
  }

  @Test
  void partialBlock_differsFromTheFullBlockItLaterBecomes() {
    PromptChain c = new PromptChain(64, false).append(1, 32);
    long partial = c.hashes()[0];
    c.append(1, 32); // the same segment id again, from offset 0: other content than offsets 32..63
    assertNotEquals(partial, c.hashes()[0]);
  }

  @Test
  void sameContentSplitDifferently_isDifferentContent() {
    // Segments are named content: (id 1, 64 tokens) is not (id 1, 32) + (id 1, 32) — those are two copies
    // of the first half.
    assertNotEquals(new PromptChain(64, false).append(1, 64).hashes()[0],
        new PromptChain(64, false).append(1, 32).append(1, 32).hashes()[0]);
  }

  @Test
  void dryChain_countsTokens_withoutHashes() {
    PromptChain c = new PromptChain(64, true).append(1, 1000);
    assertEquals(1000, c.tokens());
    assertNull(c.hashes());
  }
}
