package io.replaygate.datasets.workload;

import io.replaygate.datasets.Param;
import io.replaygate.datasets.ParamValues;
import io.replaygate.datasets.gen.GenContext;
import io.replaygate.datasets.gen.GeneratedSession;
import io.replaygate.datasets.gen.Lane;
import io.replaygate.datasets.gen.PromptChain;
import io.replaygate.datasets.gen.Sampling;
import io.replaygate.datasets.gen.SessionModel;
import io.replaygate.trace.TraceRecord;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Sessions of a coding agent (Claude Code and its kind), calibrated on the 42 real Claude Code sessions
 * of the WEKA kv-cache-tester traces ({@code ../shared/traces/weka_claude_code}; 3,135 top-level and
 * 121 sub-agent requests).
 *
 * <p>A session opens with the product's shared prefix (tool definitions + system prompt, identical for
 * every session of the model path), a short session-specific block (working directory, git state, date)
 * and the first message. Each turn the context grows by the answer and the tool output; gaps between
 * requests mix fast agent tool loops with slower human pauses. When the context passes the compaction
 * point (a fraction of the window) the agent compacts: the context restarts from the shared prefix, the
 * session block and a summary. Occasionally a turn spawns a sub-agent with its own shared prefix, whose
 * requests run while the parent waits for it. Defaults: log-normal maximum-likelihood fits (median =
 * e^μ, σ of the log) to the WEKA figures named on each parameter.
 */
public final class CodingAgent extends BaseWorkload {
  public static final String NAME = "coding-agent";
  static final Lane DEFAULT_LANE = new Lane("coding/claude-opus-4-5", "claude-opus-4-5-20251101", "anthropic", 200_000);

  private static final String WEKA = "WEKA Claude Code sessions (42 files)";
  private static final List<Param> PARAMS = CommonParams.with(DEFAULT_LANE,
      "the model 97% of the WEKA requests used (claude-opus-4-5-20251101)", List.of(
      Param.integer("shared_prefix_tokens", 14_910, 0, 1_000_000, "tokens",
          "tool definitions + system prompt shared by every session of the model path",
          Param.measured(WEKA + ": median tool_tokens 12,439 + system_tokens 2,771, less the session block")),
      Param.integer("session_block_tokens", 300, 0, 100_000, "tokens",
          "session-specific end of the system prompt (directory, git status, date)",
          Param.assumption("Claude Code's environment block; not separable in the WEKA hashes (local scope)")),
      Param.real("first_message_median", 16_000, 1, 1e7, "tokens", "first request beyond the shared prefix: median",
          Param.measured(WEKA + ": σ from the log-normal MLE of first request − tool − system tokens (42 sessions, "
              + "median 4,231); median raised to 16,000 so per-request input tokens match (KS D 0.109 → under 0.10)")),
      Param.real("first_message_sigma", 2.41, 0, 5, "", "first request beyond the prefix: σ of the log",
          Param.measured(WEKA + ": same fit (fresh starts of a few hundred tokens and resumed contexts of 100k+)")),
      Param.real("turns_median", 31.8, 1, 1e5, "requests", "top-level requests per session: median",
          Param.measured(WEKA + ": log-normal MLE over 42 sessions (3 to 395 requests)")),
      Param.real("turns_sigma", 1.369, 0, 5, "", "requests per session: σ of the log",
          Param.measured(WEKA + ": same fit")),
      Param.real("growth_median", 1_030, 1, 1e6, "tokens", "context growth per turn (answer + tool output): median",
          Param.measured(WEKA + ": log-normal MLE over 3,046 turn-to-turn increases")),
      Param.real("growth_sigma", 1.078, 0, 5, "", "context growth per turn: σ of the log",
          Param.measured(WEKA + ": same fit")),
      Param.real("output_median", 254.5, 1, 1e6, "tokens", "generated tokens per request: median",
          Param.measured(WEKA + ": log-normal MLE over 3,135 requests")),
      Param.real("output_sigma", 0.823, 0, 5, "", "generated tokens: σ of the log", Param.measured(WEKA + ": same fit")),
      Param.real("agent_gap_share", 0.694, 0, 1, "", "share of gaps that are the agent's own tool loop",
          Param.measured(WEKA + ": two-component log-normal mixture, EM over 3,093 inter-request gaps")),
      Param.real("agent_gap_median_s", 16.8, 0.001, 1e6, "s", "tool-loop gap between requests: median",
          Param.measured(WEKA + ": same mixture")),
      Param.real("agent_gap_sigma", 0.493, 0, 5, "", "tool-loop gap: σ of the log", Param.measured(WEKA + ": same mixture")),
      Param.real("human_gap_median_s", 119, 0.001, 1e6, "s", "human pause between requests: median",
          Param.measured(WEKA + ": same mixture")),
      Param.real("human_gap_sigma", 1.576, 0, 5, "", "human pause: σ of the log", Param.measured(WEKA + ": same mixture")),
      Param.real("compact_at_fraction", 0.763, 0.05, 1, "", "context (share of the window) at which the agent compacts",
          Param.measured(WEKA + ": 31 drops of > 30%, median context before 152,614 of Opus 4.5's 200,000")),
      Param.real("compact_jitter_fraction", 0.045, 0, 0.5, "", "σ of the compaction point (share of the window)",
          Param.measured(WEKA + ": same 31 compactions (q10 142,891, q90 165,411)")),
      Param.real("compact_keep_median", 45_610, 1, 1e7, "tokens", "context kept beyond the prefix after compaction: median",
          Param.measured(WEKA + ": same 31 compactions, context after − tool − system tokens")),
      Param.real("compact_keep_sigma", 0.6, 0, 5, "", "context kept after compaction: σ of the log",
          Param.measured(WEKA + ": same 31 compactions (q10 16,312, q90 75,328)")),
      Param.real("subagent_rate", 0.0036, 0, 1, "per turn", "probability that a turn spawns a sub-agent",
          Param.measured(WEKA + ": 11 sub-agents over 3,093 parent turns")),
      Param.integer("subagent_prefix_tokens", 9_000, 0, 1_000_000, "tokens", "a sub-agent's shared tools + system prompt",
          Param.measured(WEKA + ": sub-agent first requests 8,868–18,259 tokens, most 9,000–10,200")),
      Param.real("subagent_task_median", 1_000, 1, 1e6, "tokens", "a sub-agent's task message: median",
          Param.measured(WEKA + ": sub-agent first request − prefix, 11 sub-agents")),
      Param.real("subagent_turns_median", 10, 1, 1e5, "requests", "requests per sub-agent: median",
          Param.measured(WEKA + ": 11 sub-agents, 2–24 requests, median 11")),
      Param.real("subagent_turns_sigma", 0.7, 0, 5, "", "requests per sub-agent: σ of the log",
          Param.measured(WEKA + ": same 11 sub-agents")),
      Param.real("subagent_gap_median_s", 9, 0.001, 1e6, "s", "gap between a sub-agent's requests: median",
          Param.measured(WEKA + ": 110 sub-agent gaps, median 9 s, q90 18 s")),
      Param.real("subagent_gap_sigma", 0.6, 0, 5, "", "sub-agent gap: σ of the log", Param.measured(WEKA + ": same gaps"))));

  public CodingAgent() {
    super(NAME, "coding-agent sessions: shared tools + system prefix, context growing turn by turn, compaction, "
        + "sub-agents; calibrated on the WEKA Claude Code sessions", 1.0, 12, PARAMS);
  }

  @Override
  public SessionModel model(ParamValues v, GenContext ctx) {
    return new Model(v, ctx);
  }

  /** The session model; package-visible so a mix can build one per lane. */
  static final class Model implements SessionModel {
    private final GenContext ctx;
    private final UniformRandomProvider rng;
    private final Lane lane;
    private final PromptChain prefix;
    private final PromptChain subPrefix;
    private final int sessionBlock;
    private final ContinuousSampler first;
    private final ContinuousSampler turns;
    private final double turnsMedian;
    private final double turnsSigma;
    private final double subTurnsMedian;
    private final double subTurnsSigma;
    private final ContinuousSampler growth;
    private final ContinuousSampler output;
    private final double agentShare;
    private final ContinuousSampler agentGap;
    private final ContinuousSampler humanGap;
    private final double compactAt;
    private final double compactJitter;
    private final ContinuousSampler keep;
    private final double subRate;
    private final ContinuousSampler subTask;
    private final ContinuousSampler subTurns;
    private final ContinuousSampler subGap;

    Model(ParamValues v, GenContext ctx) {
      this.ctx = ctx;
      this.rng = ctx.rng();
      this.lane = CommonParams.lane(v);
      this.prefix = ctx.chain().append(PromptChain.sharedSegment(lane.modelPath() + "#tools+system"),
          Math.min(v.integer("shared_prefix_tokens"), lane.maxContextTokens() / 2));
      this.subPrefix = ctx.chain().append(PromptChain.sharedSegment(lane.modelPath() + "#subagent"),
          Math.min(v.integer("subagent_prefix_tokens"), lane.maxContextTokens() / 2));
      this.sessionBlock = v.integer("session_block_tokens");
      this.first = Sampling.logNormal(rng, v.real("first_message_median"), v.real("first_message_sigma"));
      this.turnsMedian = v.real("turns_median");
      this.turnsSigma = v.real("turns_sigma");
      this.subTurnsMedian = v.real("subagent_turns_median");
      this.subTurnsSigma = v.real("subagent_turns_sigma");
      this.turns = Sampling.logNormal(rng, turnsMedian, turnsSigma);
      this.growth = Sampling.logNormal(rng, v.real("growth_median"), v.real("growth_sigma"));
      this.output = Sampling.logNormal(rng, v.real("output_median"), v.real("output_sigma"));
      this.agentShare = v.real("agent_gap_share");
      this.agentGap = Sampling.logNormal(rng, v.real("agent_gap_median_s"), v.real("agent_gap_sigma"));
      this.humanGap = Sampling.logNormal(rng, v.real("human_gap_median_s"), v.real("human_gap_sigma"));
      this.compactAt = v.real("compact_at_fraction");
      this.compactJitter = v.real("compact_jitter_fraction");
      this.keep = Sampling.logNormal(rng, v.real("compact_keep_median"), v.real("compact_keep_sigma"));
      this.subRate = v.real("subagent_rate");
      this.subTask = Sampling.logNormal(rng, v.real("subagent_task_median"), 1.0);
      this.subTurns = Sampling.logNormal(rng, subTurnsMedian, subTurnsSigma);
      this.subGap = Sampling.logNormal(rng, v.real("subagent_gap_median_s"), v.real("subagent_gap_sigma"));
    }

    @Override
    public GeneratedSession start(long startUs, long order, String tenant) {
      return new Agent(this, startUs, order, tenant, "s" + order, null);
    }

    /**
     * E[T] + subagent_rate · (E[T] − 1) · E[S]: T top-level and S sub-agent requests per session, each a
     * rounded, clamped log-normal (sub-agents can be spawned after every turn but the last). Compaction
     * never ends a session, so nothing else shortens it.
     */
    @Override
    public double meanRequestsPerSession() {
      double t = Sampling.meanRoundedLogNormal(turnsMedian, turnsSigma, 1, 100_000);
      double sub = Sampling.meanRoundedLogNormal(subTurnsMedian, subTurnsSigma, 1, 10_000);
      return t + subRate * (t - 1) * sub;
    }
  }

  /** A top-level session or a sub-agent (then {@code parent} is set). */
  private static final class Agent extends GeneratedSession {
    private final Model m;
    private final long order;
    private final String tenant;
    private final String sessionId;
    private final Agent parent;
    private final long salt;
    private final int maxInput;
    private final int compactPoint;
    private int turnsLeft;
    private int turn;
    private int subagents;
    private long piece;
    private PromptChain context;
    private long[] subGaps;

    Agent(Model m, long startUs, long order, String tenant, String sessionId, Agent parent) {
      super(order, startUs);
      this.m = m;
      this.order = order;
      this.tenant = tenant;
      this.sessionId = sessionId;
      this.parent = parent;
      this.salt = parent == null ? 0 : (long) (parent.subagents) << 40;
      int window = m.lane.maxContextTokens();
      this.maxInput = m.lane.maxInputTokens();
      double point = parent == null ? m.compactAt + m.compactJitter * gaussian(m.rng) : 1.0;
      this.compactPoint = (int) Math.max(window * 0.05, Math.min(maxInput, point * window));
      if (parent == null) {
        this.turnsLeft = (int) Math.max(1, Math.min(100_000, Math.rint(m.turns.sample())));
        this.context = m.prefix.copy().append(segment(0x5E55), m.sessionBlock);
        grow(Sampling.tokens(m.first, 1, Integer.MAX_VALUE));
      } else {
        this.turnsLeft = (int) Math.max(1, Math.min(10_000, Math.rint(m.subTurns.sample())));
        this.context = m.subPrefix.copy();
        grow(Sampling.tokens(m.subTask, 1, Integer.MAX_VALUE));
      }
    }

    private long segment(long k) {
      return m.ctx.unique(order, k + salt);
    }

    /** Appends {@code tokens} of new content, compacting first when the context would pass its point. */
    private void grow(int tokens) {
      if ((long) context.tokens() + tokens > compactPoint) {
        PromptChain base = parent == null ? m.prefix.copy().append(segment(0x5E55), m.sessionBlock) : m.subPrefix.copy();
        int kept = Sampling.tokens(m.keep, 1, Math.max(1, compactPoint / 2 - base.tokens()));
        context = base.append(segment(++piece), Math.min(kept, Math.max(0, maxInput - base.tokens())));
        return;
      }
      context.append(segment(++piece), tokens);
    }

    @Override
    public TraceRecord next() {
      long arrival = nextArrivalUs;
      int input = context.tokens();
      int out = Sampling.tokens(m.output, 1, m.lane.maxOutputTokens());
      TraceRecord r = m.lane.request(arrival, sessionId + "-" + turn, tenant, sessionId, input, out, context.hashes(),
          "interactive");
      turn++;
      turnsLeft--;
      if (turnsLeft > 0) {
        // The measured growth per turn is the answer plus the tool output that follows it.
        grow(Sampling.tokens(m.growth, 1, Integer.MAX_VALUE));
        long gap;
        if (parent != null) {
          gap = subGaps != null && turn - 1 < subGaps.length ? subGaps[turn - 1] : Sampling.micros(m.subGap.sample());
        } else {
          gap = Sampling.micros(m.rng.nextDouble() < m.agentShare ? m.agentGap.sample() : m.humanGap.sample());
          if (m.subRate > 0 && m.rng.nextDouble() < m.subRate) {
            gap = Math.max(gap, spawnSubagent(arrival));
          }
        }
        nextArrivalUs = arrival + gap;
      }
      return r;
    }

    /** Starts a sub-agent a second after this request; returns how long the parent waits for it (µs). */
    private long spawnSubagent(long arrival) {
      Agent child = new Agent(m, arrival + 1_000_000L, order, tenant, sessionId + "/agent-" + (++subagents), this);
      long duration = 1_000_000L;
      child.subGaps = new long[Math.max(0, child.turnsLeft - 1)];
      for (int i = 0; i < child.subGaps.length; i++) {
        child.subGaps[i] = Sampling.micros(m.subGap.sample());
        duration += child.subGaps[i];
      }
      spawn(child);
      return duration + Sampling.micros(m.agentGap.sample());
    }

    @Override
    public boolean hasMore() {
      return turnsLeft > 0;
    }
  }

  private static double gaussian(UniformRandomProvider rng) {
    // Box–Muller on the model's own stream (one normal draw per session).
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
