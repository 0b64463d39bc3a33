package io.replaygate.datasets;

import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.LogNormalSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A coding-agent workload: sessions start as a Poisson process; each session belongs to a model path
 * (Zipf-distributed popularity) and a tenant, opens with that path's shared tools + system prefix, and
 * then sends turns whose context grows by the previous answer plus new tool output, with log-normal think
 * times between turns. Block hashes (64-token blocks, the last one partial) identify prefixes exactly:
 * the shared prefix hashes equal across all sessions of a path, session blocks are unique to the session.
 *
 * <p>Streaming: records are produced in arrival order from a queue of the sessions in flight, so memory
 * grows with concurrent sessions, not with the number of records. Same parameters ⇒ same records.
 */
public final class CodingAgentWorkload extends AbstractTraceReader {

  /**
   * @param records          how many requests to produce
   * @param seed             RNG seed
   * @param startEpochUs     arrival time of the first session (µs since the epoch)
   * @param sessionsPerHour  mean session start rate
   * @param modelPaths       number of model paths (popularity Zipf with exponent 1.1)
   * @param tenants          number of tenants (uniform)
   * @param meanTurns        mean turns per session (geometric)
   * @param sharedPrefixTokens tokens of a model path's shared tools + system prefix
   * @param maxContextTokens a session ends once its context would exceed this (a context window)
   */
  public record Parameters(long records, long seed, long startEpochUs, double sessionsPerHour, int modelPaths,
      int tenants, double meanTurns, int sharedPrefixTokens, int maxContextTokens) {
    public Parameters {
      if (records < 0 || sessionsPerHour <= 0 || modelPaths <= 0 || tenants <= 0 || meanTurns < 1
          || sharedPrefixTokens < 0 || maxContextTokens <= sharedPrefixTokens) {
        throw new IllegalArgumentException("invalid workload parameters: " + this);
      }
    }

    public Parameters withRecords(long value) {
      return new Parameters(value, seed, startEpochUs, sessionsPerHour, modelPaths, tenants, meanTurns,
          sharedPrefixTokens, maxContextTokens);
    }
  }

  public static final int BLOCK_TOKENS = 64;
  private static final String[] PATH_NAMES = {"coding/sonnet", "coding/opus", "review/haiku", "chat/gpt-5",
      "rag/gemini-flash", "batch/deepseek", "search/gpt-5-mini", "agent/qwen3"};

  private final Parameters p;
  private final UniformRandomProvider rng;
  private final ContinuousSampler sessionGap;
  private final ContinuousSampler thinkSeconds;
  private final ContinuousSampler toolTokens;
  private final ContinuousSampler answerTokens;
  private final DiscreteSampler pathPick;
  private final PriorityQueue<Session> inFlight =
      new PriorityQueue<>(Comparator.comparingLong((Session s) -> s.nextArrivalUs).thenComparingLong(s -> s.id));
  private final TraceMetadata metadata = new TraceMetadata(TraceMetadata.SCHEMA_VERSION, BLOCK_TOKENS,
      HashScope.GLOBAL, TimeOrigin.EPOCH, "generated:coding-agent", "UTC", BlockCountRule.CEIL,
      new Capabilities(true, true, false, false, true, true));
  private long produced;
  private long nextSessionUs;
  private long sessionCount;

  public CodingAgentWorkload(Parameters parameters) {
    super(ReadOptions.DEFAULTS);
    this.p = parameters;
    this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(parameters.seed());
    this.sessionGap = ZigguratSampler.Exponential.of(rng, 3600.0 / parameters.sessionsPerHour());
    this.thinkSeconds = LogNormalSampler.of(ZigguratSampler.NormalizedGaussian.of(rng), Math.log(20), 1.0);
    this.toolTokens = LogNormalSampler.of(ZigguratSampler.NormalizedGaussian.of(rng), Math.log(900), 1.1);
    this.answerTokens = LogNormalSampler.of(ZigguratSampler.NormalizedGaussian.of(rng), Math.log(350), 0.9);
    this.pathPick = RejectionInversionZipfSampler.of(rng, parameters.modelPaths(), 1.1);
    this.nextSessionUs = parameters.startEpochUs();
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord readNext() {
    if (produced >= p.records()) {
      return null;
    }
    while (inFlight.isEmpty() || nextSessionUs <= inFlight.peek().nextArrivalUs) {
      startSession();
    }
    Session s = inFlight.poll();
    TraceRecord r = s.request();
    produced++;
    if (s.turnsLeft > 0) {
      inFlight.add(s);
    }
    return r;
  }

  private void startSession() {
    long id = ++sessionCount;
    int path = pathPick.sample() - 1;
    int tenant = (int) (rng.nextLong(p.tenants()));
    int turns = 1;
    while (rng.nextDouble() > 1.0 / p.meanTurns() && turns < 400) {
      turns++;
    }
    inFlight.add(new Session(id, path, tenant, turns, nextSessionUs));
    nextSessionUs += Math.max(1, Math.round(sessionGap.sample() * 1e6));
  }

  @Override
  protected Path currentFile() {
    return null;
  }

  @Override
  protected String currentPosition() {
    return "generated record " + produced;
  }

  @Override
  protected void release() {
    inFlight.clear();
  }

  private final class Session {
    final long id;
    final int path;
    final int tenant;
    int turnsLeft;
    int turn;
    long nextArrivalUs;
    int contextTokens;

    Session(long id, int path, int tenant, int turns, long startUs) {
      this.id = id;
      this.path = path;
      this.tenant = tenant;
      this.turnsLeft = turns;
      this.nextArrivalUs = startUs;
      this.contextTokens = (int) Math.min(p.maxContextTokens(),
          p.sharedPrefixTokens() + 200 + Math.min(20_000, toolTokens.sample()));
    }

    TraceRecord request() {
      int input = contextTokens;
      int output = (int) Math.max(1, Math.min(16_000, answerTokens.sample()));
      long[] hashes = hashes(input);
      String pathName = PATH_NAMES[path % PATH_NAMES.length] + (path < PATH_NAMES.length ? "" : "-" + path);
      String model = pathName.substring(pathName.indexOf('/') + 1);
      TraceRecord r = new TraceRecord(nextArrivalUs, "s" + id + "-t" + turn, "tenant-" + (char) ('a' + tenant % 26)
          + (tenant >= 26 ? Integer.toString(tenant / 26) : ""), pathName, model, null, "s" + id, input,
          output, null, null, hashes, null, null, "ok", turn == 0 ? "interactive" : "agent");
      turn++;
      turnsLeft--;
      long grown = (long) contextTokens + output + (long) Math.min(30_000, toolTokens.sample());
      if (grown > p.maxContextTokens()) {
        turnsLeft = 0; // the context window is full: the agent starts a new session
      }
      contextTokens = (int) Math.min(p.maxContextTokens(), grown);
      nextArrivalUs += Math.max(1_000_000L, Math.round(Math.min(1800, thinkSeconds.sample()) * 1e6));
      return r;
    }

    /** Shared prefix blocks hash by (path, block); the rest by (session, block, fill). */
    long[] hashes(int tokens) {
      int n = (tokens + BLOCK_TOKENS - 1) / BLOCK_TOKENS;
      int sharedFull = p.sharedPrefixTokens() / BLOCK_TOKENS;
      long[] out = new long[n];
      for (int b = 0; b < n; b++) {
        int fill = Math.min(BLOCK_TOKENS, tokens - b * BLOCK_TOKENS);
        out[b] = b < sharedFull ? mix(0x5EEDL ^ path, b, BLOCK_TOKENS) : mix(id, b, fill);
      }
      return out;
    }
  }

  private static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
