package io.replaygate.datasets.workload;

import io.replaygate.datasets.Param;
import io.replaygate.datasets.ParamValues;
import io.replaygate.datasets.Workload;
import io.replaygate.datasets.gen.GenContext;
import io.replaygate.datasets.gen.GeneratedSession;
import io.replaygate.datasets.gen.Lane;
import io.replaygate.datasets.gen.Pilot;
import io.replaygate.datasets.gen.PromptChain;
import io.replaygate.datasets.gen.Ranked;
import io.replaygate.datasets.gen.SessionModel;
import io.replaygate.datasets.gen.WeeklyCurve;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A platform's traffic: tenants × model paths × workloads. Model paths are ranked (table {@link #LANES});
 * their shares of <em>requests</em> follow Zipf({@code path_zipf}) — a few paths dominate, as on a real
 * platform — and each path's sessions come from its own workload (coding agent, chat, RAG, batch) with
 * that path's model. Session starts follow an office-week curve in {@code --timezone} (business hours
 * busy, nights and weekends quiet) with Markov-modulated bursts.
 */
public final class Mix extends BaseWorkload {
  public static final String NAME = "mix";

  /**
   * One model path of the platform: its lane and the workload its sessions follow.
   *
   * @param openWeights whether a self-hosted cluster can serve the same model (a hot-lane candidate)
   */
  public record MixLane(Lane lane, Workload workload, boolean openWeights) {
  }

  /** The ranked model paths (rank 1 first). The second is open weights: the natural BYOC hot lane. */
  public static final List<MixLane> LANES = List.of(
      new MixLane(new Lane("coding/claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "anthropic", 200_000), new CodingAgent(), false),
      new MixLane(new Lane("coding/llama-3.1-70b", "llama-v3p1-70b-instruct", "fireworks", 131_072), new CodingAgent(), true),
      new MixLane(new Lane("chat/gpt-5-mini", "gpt-5-mini-2025-08-07", "openai", 400_000), new Chat(), false),
      new MixLane(new Lane("rag/gemini-2.5-flash", "gemini-2.5-flash", "gemini", 1_048_576), new Rag(), false),
      new MixLane(new Lane("review/claude-haiku-4-5", "claude-haiku-4-5-20251001", "anthropic", 200_000), new Chat(), false),
      new MixLane(new Lane("batch/deepseek-chat", "deepseek-chat", "deepseek", 128_000), new Batch(), false),
      new MixLane(new Lane("assistant/gpt-5", "gpt-5-2025-08-07", "openai", 400_000), new Chat(), false),
      new MixLane(new Lane("coding/claude-opus-4-5", "claude-opus-4-5-20251101", "anthropic", 200_000), new CodingAgent(), false));

  private static final Param.Source CURVE = Param.assumption(
      "office-week shape (weekday daytime peak, quiet nights and weekends) as seen in the Azure LLM inference traces; levels assumed");
  private static final List<Param> PARAMS = List.of(
      Param.integer("model_paths", LANES.size(), 1, LANES.size(), "", "how many of the ranked model paths to use",
          Param.assumption("8 paths: 3 coding agents, 3 chat, RAG, batch")),
      Param.real("path_zipf", 1.2, 0, 10, "", "Zipf exponent of the model paths' request shares",
          Param.assumption("top two paths carry most traffic, as on the platforms the design targets")),
      Param.integer(CommonParams.TENANTS, 6, 1, 100_000, "", "tenants the sessions belong to", Param.assumption("a mid-size platform")),
      Param.real(CommonParams.TENANT_ZIPF, 1.0, 0, 10, "", "Zipf exponent of tenant popularity (0 = uniform)",
          Param.assumption("a few teams send most traffic")),
      Param.integer("business_start_hour", 9, 0, 23, "h", "first business hour (local)", Param.published("DESIGN §1a business hours 09–18")),
      Param.integer("business_end_hour", 18, 1, 24, "h", "end of business hours (local, exclusive)", Param.published("DESIGN §1a")),
      Param.real("shoulder_level", 0.5, 0, 100, "", "intensity in the two hours either side of business hours (business = 1)", CURVE),
      Param.real("evening_level", 0.25, 0, 100, "", "weekday evening intensity until 22:00", CURVE),
      Param.real("night_level", 0.08, 0.0001, 100, "", "night intensity (22:00–07:00, and weekend nights)", CURVE),
      Param.real("weekend_level", 0.15, 0, 100, "", "weekend daytime intensity (09:00–21:00)", CURVE),
      Param.real("burst_factor", 2.5, 1, 100, "×", "intensity multiplier during a burst (1 = no bursts)",
          Param.assumption("Markov-modulated bursts of the kind BurstGPT reports for LLM services")),
      Param.real("burst_minutes", 10, 0.01, 1e6, "min", "mean burst length", Param.assumption("as above")),
      Param.real("calm_minutes", 110, 0.01, 1e6, "min", "mean calm period between bursts", Param.assumption("as above")));

  @Override
  public ArrivalShape arrivalShape(ParamValues v, ZoneId zone) {
    int from = v.integer("business_start_hour");
    int to = v.integer("business_end_hour");
    if (to <= from) {
      throw new io.replaygate.datasets.WorkloadException("business_end_hour (" + to
          + ") must be after business_start_hour (" + from + ")");
    }
    WeeklyCurve curve = WeeklyCurve.office(zone, from, to, v.real("shoulder_level"), v.real("evening_level"),
        v.real("night_level"), v.real("weekend_level"));
    return new ArrivalShape(curve, v.real("burst_factor"), v.real("calm_minutes") * 60, v.real("burst_minutes") * 60);
  }

  public Mix() {
    super(NAME, "a platform mix: tenants × Zipf-ranked model paths × workloads, office-week curve with bursts", 1.0, 12, PARAMS);
  }

  @Override
  public SessionModel model(ParamValues v, GenContext ctx) {
    int n = v.integer("model_paths");
    double zipf = v.real("path_zipf");
    SessionModel[] models = new SessionModel[n];
    double[] cumulative = new double[n];
    double sessionsTotal = 0;
    double requestsTotal = 0;
    for (int i = 0; i < n; i++) {
      MixLane l = LANES.get(i);
      ParamValues lv = ParamValues.of(l.workload().name(), l.workload().parameters(), laneOverrides(l.lane()));
      models[i] = l.workload().model(lv, ctx);
      UniformRandomProvider pilotRng = RandomSource.XO_RO_SHI_RO_128_PP.create(PromptChain.mix(ctx.salt(), i, 0x9170L));
      double mean = Pilot.meanRequests(l.workload().model(lv, new GenContext(pilotRng, ctx.blockTokens(), ctx.salt(), true)));
      // Sessions of path i start in proportion to (its request share ÷ its requests per session).
      double share = Ranked.share(n, zipf, i);
      sessionsTotal += share / mean;
      requestsTotal += share;
      cumulative[i] = sessionsTotal;
    }
    double meanRequests = requestsTotal / sessionsTotal;
    UniformRandomProvider rng = ctx.rng();
    double total = sessionsTotal;
    return new SessionModel() {
      @Override
      public GeneratedSession start(long startUs, long order, String tenant) {
        double u = rng.nextDouble() * total;
        int i = 0;
        while (i < n - 1 && u >= cumulative[i]) {
          i++;
        }
        return models[i].start(startUs, order, tenant);
      }

      @Override
      public double meanRequestsPerSession() {
        return meanRequests;
      }
    };
  }

  private static Map<String, String> laneOverrides(Lane lane) {
    return Map.of(CommonParams.MODEL_PATH, lane.modelPath(), CommonParams.MODEL, lane.model(),
        CommonParams.PROVIDER, lane.provider(), CommonParams.MAX_CONTEXT, Integer.toString(lane.maxContextTokens()));
  }
}
