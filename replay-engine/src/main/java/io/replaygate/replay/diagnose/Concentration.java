package io.replaygate.replay.diagnose;

import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How concentrated the traffic is — the first question of DESIGN §1 (a BYOC lane pays only where a few
 * model paths dominate): per model path and per tenant, the share of requests and of prompt + output
 * tokens; the top-k token share; and the Herfindahl–Hirschman index (HHI = Σ share², 1 for one path,
 * 1/n for n equal ones) of the token shares.
 */
public final class Concentration {
  private final Map<String, long[]> byPath = new TreeMap<>();
  private final Map<String, long[]> byTenant = new TreeMap<>();
  private long requests;
  private long tokens;

  public void add(TraceRecord r) {
    long t = (long) r.inputTokens() + r.outputTokens();
    requests++;
    tokens += t;
    long[] p = byPath.computeIfAbsent(r.modelPath(), k -> new long[2]);
    p[0]++;
    p[1] += t;
    long[] q = byTenant.computeIfAbsent(r.tenant() == null ? "(none)" : r.tenant(), k -> new long[2]);
    q[0]++;
    q[1] += t;
  }

  /** One key's shares. */
  public record Share(String key, long requests, long tokens, double requestShare, double tokenShare) {
  }

  /** Model paths by token share, largest first. */
  public List<Share> modelPaths() {
    return shares(byPath);
  }

  /** Tenants by token share, largest first. */
  public List<Share> tenants() {
    return shares(byTenant);
  }

  private List<Share> shares(Map<String, long[]> m) {
    List<Share> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new Share(k, v[0], v[1], requests == 0 ? 0 : (double) v[0] / requests,
        tokens == 0 ? 0 : (double) v[1] / tokens)));
    out.sort(Comparator.comparingDouble(Share::tokenShare).reversed().thenComparing(Share::key));
    return out;
  }

  /** Token share of the {@code k} largest model paths. */
  public double topShare(int k) {
    return modelPaths().stream().limit(k).mapToDouble(Share::tokenShare).sum();
  }

  /** HHI of the model paths' token shares. */
  public double hhi() {
    return modelPaths().stream().mapToDouble(s -> s.tokenShare() * s.tokenShare()).sum();
  }

  public long requests() {
    return requests;
  }

  public long tokens() {
    return tokens;
  }
}
