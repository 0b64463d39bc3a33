package io.replaygate.datasets.workload;

import io.replaygate.datasets.Param;
import io.replaygate.datasets.ParamValues;
import io.replaygate.datasets.WorkloadException;
import io.replaygate.datasets.gen.GenContext;
import io.replaygate.datasets.gen.GeneratedSession;
import io.replaygate.datasets.gen.Lane;
import io.replaygate.datasets.gen.PromptChain;
import io.replaygate.datasets.gen.Sampling;
import io.replaygate.datasets.gen.SessionModel;
import io.replaygate.trace.TraceRecord;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Multi-turn chat: a system prompt shared by every conversation of the model path, a first message
 * (often with pasted material), then turns that add the previous answer and a new user message.
 *
 * <p>Calibrated on the Mooncake conversation trace (Kimi chat, 12,031 requests, FAST'25), the one
 * public chat trace that carries prompt lengths, output lengths and prefix block ids together: the
 * defaults reproduce its input-length quantiles and its reuse ceiling (0.374 of prompt tokens in 512-token
 * blocks) within the bounds {@code WorkloadCalibrationTest} states. Its output lengths are also compared
 * with the Azure LLM inference 2023 conversation trace (the Azure trace has no prefix ids). The trace has
 * no session ids, so the turn count and the think time are assumptions chosen to match the ceiling.
 */
public final class Chat extends BaseWorkload {
  public static final String NAME = "chat";
  static final Lane DEFAULT_LANE = new Lane("chat/gpt-5-mini", "gpt-5-mini-2025-08-07", "openai", 400_000);
  private static final String MOONCAKE = "Mooncake conversation trace (12,031 requests)";
  private static final String OUTPUT_PERCENTILES =
      "1,10,24,46,100,156,213,256,291,322,350,375,399,423,447,472,504,543,597,698,2000";

  private static final List<Param> PARAMS = CommonParams.with(DEFAULT_LANE, "a common managed chat model", List.of(
      Param.integer("system_prompt_tokens", 500, 0, 1_000_000, "tokens", "system prompt shared by every conversation",
          Param.measured(MOONCAKE + ": every request shares its first 512-token block; fitted with the ceiling")),
      Param.real("first_message_median", 3_800, 1, 1e7, "tokens", "first user message (with pasted material): median",
          Param.measured(MOONCAKE + ": fitted to its input quantiles (q10 964, q50 6,909, q90 27,367) and ceiling")),
      Param.real("first_message_sigma", 1.45, 0, 5, "", "first message: σ of the log", Param.measured(MOONCAKE + ": same fit")),
      Param.real("message_median", 1_300, 1, 1e7, "tokens", "later user messages: median",
          Param.measured(MOONCAKE + ": same fit")),
      Param.real("message_sigma", 1.55, 0, 5, "", "later user messages: σ of the log", Param.measured(MOONCAKE + ": same fit")),
      Param.real("mean_turns", 1.7, 1, 1e4, "requests", "requests per conversation (geometric mean)",
          Param.assumption("Mooncake has no session ids; chosen so the reuse ceiling matches (0.374)")),
      Param.text("output_percentiles", OUTPUT_PERCENTILES,
          "answer length in tokens at the 0th, 5th, …, 100th percentile (linear in between)",
          Param.measured(MOONCAKE + ": its output_length percentiles (bounded, not log-normal)")),
      Param.real("think_median_s", 45, 0.001, 1e6, "s", "reading + typing time between turns: median",
          Param.assumption("no public chat trace records sessions with times")),
      Param.real("think_sigma", 1.0, 0, 5, "", "think time: σ of the log", Param.assumption("as above"))));

  public Chat() {
    super(NAME, "multi-turn chat with a shared system prompt; calibrated on the Mooncake conversation trace", 2.0, 1, PARAMS);
  }

  @Override
  public SessionModel model(ParamValues v, GenContext ctx) {
    Lane lane = CommonParams.lane(v);
    PromptChain prefix = ctx.chain().append(PromptChain.sharedSegment(lane.modelPath() + "#system"),
        Math.min(v.integer("system_prompt_tokens"), lane.maxContextTokens() / 2));
    ContinuousSampler first = Sampling.logNormal(ctx.rng(), v.real("first_message_median"), v.real("first_message_sigma"));
    ContinuousSampler message = Sampling.logNormal(ctx.rng(), v.real("message_median"), v.real("message_sigma"));
    double[] percentiles = Sampling.parsePercentiles(v.text("output_percentiles"));
    if (percentiles == null) {
      throw new WorkloadException("parameter output_percentiles of workload " + v.workload()
          + " must be at least two non-decreasing numbers separated by commas, got '" + v.text("output_percentiles") + "'");
    }
    ContinuousSampler output = Sampling.percentiles(ctx.rng(), percentiles);
    ContinuousSampler think = Sampling.logNormal(ctx.rng(), v.real("think_median_s"), v.real("think_sigma"));
    double meanTurns = v.real("mean_turns");
    int maxOutput = lane.maxOutputTokens();
    int maxInput = lane.maxInputTokens();
    return (startUs, order, tenant) -> new GeneratedSession(order, startUs) {
      private final String session = "c" + order;
      private final PromptChain context = prefix.copy().append(ctx.unique(order, 0),
          Math.min(Sampling.tokens(first, 1, Integer.MAX_VALUE), Math.max(0, maxInput - prefix.tokens())));
      private int turnsLeft = Sampling.geometric(ctx.rng(), meanTurns, 10_000);
      private int turn;

      @Override
      public TraceRecord next() {
        int out = Sampling.tokens(output, 1, maxOutput);
        TraceRecord r = lane.request(nextArrivalUs, session + "-" + turn, tenant, session, context.tokens(), out,
            context.hashes(), "interactive");
        turn++;
        int msg = Sampling.tokens(message, 1, Integer.MAX_VALUE);
        if (--turnsLeft > 0 && (long) context.tokens() + out + msg <= maxInput) {
          context.append(ctx.unique(order, 2L * turn - 1), out).append(ctx.unique(order, 2L * turn), msg);
          nextArrivalUs += Sampling.micros(think.sample());
        } else {
          turnsLeft = 0; // the conversation is over, or would no longer fit the window
        }
        return r;
      }

      @Override
      public boolean hasMore() {
        return turnsLeft > 0;
      }
    };
  }
}
