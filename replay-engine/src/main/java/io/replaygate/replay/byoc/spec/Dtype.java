package io.replaygate.replay.byoc.spec;

/** Number formats of weights and KV cache, by their size in bytes. */
public enum Dtype {
  BF16(2), FP8(1);

  private final int bytes;

  Dtype(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
