package io.replaygate.replay.byoc.scale;

/** Always the same number of replicas. */
public final class FixedScaler implements Autoscaler {
  private final int replicas;

  public FixedScaler(int replicas) {
    this.replicas = replicas;
  }

  @Override
  public int initial(long startUs) {
    return replicas;
  }

  @Override
  public int desired(ScaleSignals s) {
    return replicas;
  }
}
