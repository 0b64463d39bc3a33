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
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Batch jobs (classification, extraction, summarisation over a backlog): a job submits many independent
 * requests in a burst, each its instruction prompt (shared within the job, not across jobs) plus one item;
 * little reuse beyond the instruction. Requests carry {@code slo_class = batch} and the job id as session.
 */
public final class Batch extends BaseWorkload {
  public static final String NAME = "batch";
  static final Lane DEFAULT_LANE = new Lane("batch/deepseek-chat", "deepseek-chat", "deepseek", 128_000);
  private static final Param.Source BATCH_PRACTICE = Param.assumption("offline jobs over a backlog; no public batch trace with prefix ids");

  private static final List<Param> PARAMS = CommonParams.with(DEFAULT_LANE, "a low-cost model for offline work", List.of(
      Param.real("job_requests_median", 200, 1, 1e8, "requests", "requests per job: median", BATCH_PRACTICE),
      Param.real("job_requests_sigma", 1.0, 0, 5, "", "requests per job: σ of the log", BATCH_PRACTICE),
      Param.real("submit_gap_mean_s", 0.05, 0, 1e6, "s", "mean gap between a job's requests (exponential)", BATCH_PRACTICE),
      Param.real("instruction_median", 400, 1, 1e6, "tokens", "the job's instruction prompt: median", BATCH_PRACTICE),
      Param.real("item_median", 1_200, 1, 1e7, "tokens", "one item's tokens: median", BATCH_PRACTICE),
      Param.real("item_sigma", 0.9, 0, 5, "", "item tokens: σ of the log", BATCH_PRACTICE),
      Param.real("output_median", 250, 1, 1e6, "tokens", "output per item: median", BATCH_PRACTICE),
      Param.real("output_sigma", 0.8, 0, 5, "", "output per item: σ of the log", BATCH_PRACTICE)));

  public Batch() {
    super(NAME, "batch jobs: bursts of independent requests sharing a per-job instruction, slo_class=batch", 5.0, 1, PARAMS);
  }

  @Override
  public SessionModel model(ParamValues v, GenContext ctx) {
    Lane lane = CommonParams.lane(v);
    ContinuousSampler size = Sampling.logNormal(ctx.rng(), v.real("job_requests_median"), v.real("job_requests_sigma"));
    double gapMean = v.real("submit_gap_mean_s");
    ContinuousSampler gap = gapMean > 0 ? Sampling.exponential(ctx.rng(), gapMean) : () -> 0;
    ContinuousSampler instruction = Sampling.logNormal(ctx.rng(), v.real("instruction_median"), 0.6);
    ContinuousSampler item = Sampling.logNormal(ctx.rng(), v.real("item_median"), v.real("item_sigma"));
    ContinuousSampler output = Sampling.logNormal(ctx.rng(), v.real("output_median"), v.real("output_sigma"));
    int maxOutput = lane.maxOutputTokens();
    int maxInput = lane.maxInputTokens();
    double meanRequests = Sampling.meanRoundedLogNormal(v.real("job_requests_median"), v.real("job_requests_sigma"), 1,
        10_000_000);
    return new SessionModel() {
      @Override
      public double meanRequestsPerSession() {
        return meanRequests;
      }

      @Override
      public GeneratedSession start(long startUs, long order, String tenant) {
      PromptChain job = ctx.chain().append(ctx.unique(order, 0), Sampling.tokens(instruction, 1, maxInput / 2));
      int requests = (int) Math.max(1, Math.min(10_000_000, Math.rint(size.sample())));
      return new GeneratedSession(order, startUs) {
        private int done;

        @Override
        public TraceRecord next() {
          PromptChain prompt = job.copy().append(ctx.unique(order, done + 1L),
              Sampling.tokens(item, 1, Math.max(1, maxInput - job.tokens())));
          TraceRecord r = lane.request(nextArrivalUs, "b" + order + "-" + done, tenant, "b" + order, prompt.tokens(),
              Sampling.tokens(output, 1, maxOutput), prompt.hashes(), "batch");
          done++;
          nextArrivalUs += Math.max(1L, Math.round(gap.sample() * 1e6));
          return r;
        }

        @Override
        public boolean hasMore() {
          return done < requests;
        }
      };
      }
    };
  }
}
