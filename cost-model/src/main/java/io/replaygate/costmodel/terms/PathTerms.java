package io.replaygate.costmodel.terms;

/**
 * A path's terms: how its provider tokens are billed ({@code managed}: list; {@code byok}: negotiated) and,
 * for BYOC and hybrid paths, its cluster's terms. Provider tokens of a BYOC path are its managed fallback.
 */
public record PathTerms(ProviderTerms provider, ClusterTerms cluster) {
  /** Managed: list prices, no cluster. */
  public static final PathTerms MANAGED = new PathTerms(ProviderTerms.LIST, null);

  public PathTerms {
    if (provider == null) {
      throw new IllegalArgumentException("provider terms are required (ProviderTerms.LIST for list prices)");
    }
  }
}
