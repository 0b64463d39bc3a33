package io.replaygate.costmodel.ledger;

/**
 * One BYOC replica's life in a GPU pool, billed by the pool's price model: from when it was requested
 * (cold start included) to when it was released, µs on the trace clock.
 */
public record ReplicaLifetime(String path, String pool, long startUs, long endUs) {
  public ReplicaLifetime {
    if (endUs < startUs) {
      throw new IllegalArgumentException("a replica cannot end before it starts: " + startUs + " > " + endUs);
    }
  }

  public double seconds() {
    return (endUs - startUs) / 1e6;
  }
}
