package io.replaygate.replay.managed;

/**
 * A provider (every model of it) or one target ({@code provider/model}) unavailable from {@code fromUs}
 * (inclusive) to {@code toUs} (exclusive), in trace time.
 */
public record OutageWindow(String who, long fromUs, long toUs) {
  public OutageWindow {
    if (toUs <= fromUs) {
      throw new IllegalArgumentException("an outage must end after it starts");
    }
  }

  public boolean covers(Target t, long nowUs) {
    return nowUs >= fromUs && nowUs < toUs && (who.equals(t.id()) || who.equals(t.provider()));
  }
}
