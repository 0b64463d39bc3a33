package io.replaygate.replay.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.Requests;
import io.replaygate.replay.core.PathRandom;
import io.replaygate.replay.core.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every cache family must do, run over each registered family on one synthetic multi-turn trace. */
class CacheFamilyContractTest {
  /** 3,000 requests over 2 hours: 150 conversations over 4 shared system prompts, prompts growing per turn. */
  static List<Request> trace() {
    UniformRandomProvider rng = PathRandom.stream(3, "contract-trace");
    List<Request> out = new ArrayList<>();
    long[][] sessions = new long[150][];
    long next = 1_000;
    double t = 0;
    for (int i = 0; i < 3000; i++) {
      t += rng.nextDouble() * 4.8;
      int s = rng.nextInt(150);
      if (sessions[s] == null) {
        long[] system = Requests.ids(10 * (s % 4), 4); // 4 system prompts of 4 blocks
        sessions[s] = system;
      }
      int grow = 1 + rng.nextInt(6);
      long[] p = Arrays.copyOf(sessions[s], sessions[s].length + grow);
      for (int k = sessions[s].length; k < p.length; k++) {
        p[k] = next++;
      }
      sessions[s] = p;
      int input = p.length * 256 - rng.nextInt(200); // the last block is partial
      out.add(Requests.req(i, t, input, 256, "s" + s, p));
    }
    return out;
  }

  static List<CacheResult> replay(CacheFamily f, List<Request> trace, long seed) {
    CacheSemantics params = new CacheSemantics(f.wireName(), 1024, f == CacheFamily.OPENAI_AUTOMATIC ? 128 : 1, 300, 3600);
    PromptCache c = f.create(params, CacheSettings.DEFAULTS, PathRandom.stream(seed, "contract"));
    List<CacheResult> out = new ArrayList<>();
    for (Request r : trace) {
      out.add(c.access(r, r.arrivalUs(), Requests.timing(r.arrivalUs(), 0.8, 5)));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(CacheFamily.class)
  void access_neverBillsMoreThanThePrompt_neverReadsMoreThanTheCeiling_andIsDeterministic(CacheFamily f) {
    List<Request> trace = trace();
    List<CacheResult> ideal = replay(CacheFamily.IDEAL, trace, 1);
    List<CacheResult> got = replay(f, trace, 1);
    long reads = 0;
    for (int i = 0; i < trace.size(); i++) {
      CacheResult r = got.get(i);
      long input = trace.get(i).inputTokens();
      assertTrue(r.readTokens() + r.write5mTokens() + r.write1hTokens() <= input, f + " request " + i);
      assertTrue(r.readTokens() <= ideal.get(i).readTokens(), f + " reads beyond the ceiling at request " + i);
      assertTrue(r.matchedBlocks() <= trace.get(i).blocks().length);
      reads += r.readTokens();
    }
    // NONE caches nothing; RECORDED is not a simulation (it reads what each record reported: nothing here).
    if (f != CacheFamily.NONE && f != CacheFamily.RECORDED) {
      assertTrue(reads > 0, f + " never hits on a trace full of reuse");
    }
    assertEquals(got, replay(f, trace, 1), "same seed, same results");
  }

  @Test
  void everyCatalogFamily_isRegistered() {
    for (String family : CacheSemantics.FAMILIES) {
      assertTrue(CacheFamily.byName(family).isPresent(), family);
    }
  }
}
