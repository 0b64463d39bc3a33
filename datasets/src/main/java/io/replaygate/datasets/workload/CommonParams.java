package io.replaygate.datasets.workload;

import io.replaygate.datasets.Param;
import io.replaygate.datasets.ParamValues;
import io.replaygate.datasets.gen.Lane;
import java.util.ArrayList;
import java.util.List;

/** Parameters every single-kind workload has: the lane its requests address and the tenants. */
public final class CommonParams {
  public static final String MODEL_PATH = "model_path";
  public static final String MODEL = "model";
  public static final String PROVIDER = "provider";
  public static final String MAX_CONTEXT = "max_context_tokens";
  public static final String TENANTS = "tenants";
  public static final String TENANT_ZIPF = "tenant_zipf";

  private CommonParams() {
  }

  /** The lane parameters with these defaults, then the tenant parameters, then {@code specific}. */
  static List<Param> with(Lane lane, String laneSource, List<Param> specific) {
    List<Param> out = new ArrayList<>();
    Param.Source src = Param.assumption(laneSource);
    out.add(Param.text(MODEL_PATH, lane.modelPath(), "logical route written to model_path", src));
    out.add(Param.text(MODEL, lane.model(), "concrete model id written to model", src));
    out.add(Param.text(PROVIDER, lane.provider(), "provider written to provider", src));
    out.add(Param.integer(MAX_CONTEXT, lane.maxContextTokens(), 1_024, 10_000_000, "tokens",
        "the model's context window: no prompt is longer", Param.published("the model's documented context window")));
    out.add(Param.integer(TENANTS, 4, 1, 100_000, "", "tenants the sessions belong to",
        Param.assumption("a small platform's handful of teams")));
    out.add(Param.real(TENANT_ZIPF, 1.0, 0, 10, "", "Zipf exponent of tenant popularity (0 = uniform)",
        Param.assumption("a few teams send most traffic, as on most platforms")));
    out.addAll(specific);
    return List.copyOf(out);
  }

  public static Lane lane(ParamValues v) {
    return new Lane(v.text(MODEL_PATH), v.text(MODEL), v.text(PROVIDER), v.integer(MAX_CONTEXT));
  }
}
