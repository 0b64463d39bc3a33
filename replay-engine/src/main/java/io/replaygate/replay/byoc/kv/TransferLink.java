package io.replaygate.replay.byoc.kv;

/**
 * A link KV blocks are loaded over (PCIe from host memory, the network from a remote pool). Concurrent
 * loads share its bandwidth: they are served one after another at full rate, so each waits for the bytes
 * queued before it — the same total time as sharing the rate, and it keeps every load's finish time exact.
 */
public final class TransferLink {
  private final double bytesPerSecond;
  private long busyUntilUs = Long.MIN_VALUE;
  private long bytesMoved;

  public TransferLink(double bytesPerSecond) {
    if (!(bytesPerSecond > 0)) {
      throw new IllegalArgumentException("a link's bandwidth must be positive");
    }
    this.bytesPerSecond = bytesPerSecond;
  }

  /** When a load of {@code bytes} asked for at {@code nowUs} would finish. */
  public long finishUs(long nowUs, long bytes) {
    return Math.max(nowUs, busyUntilUs) + (long) Math.ceil(bytes / bytesPerSecond * 1e6);
  }

  /** Queues a load; returns when it finishes. */
  public long load(long nowUs, long bytes) {
    busyUntilUs = finishUs(nowUs, bytes);
    bytesMoved += bytes;
    return busyUntilUs;
  }

  public long bytesMoved() {
    return bytesMoved;
  }
}
