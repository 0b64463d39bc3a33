package io.replaygate.datasets.gen;

import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One session of a workload in flight: it knows when its next request arrives and produces it. A
 * session may spawn others (a coding agent's sub-agents), which the generator then schedules too.
 */
public abstract class GeneratedSession {
  /** Order of creation: breaks ties between sessions whose requests arrive in the same µs. */
  final long order;
  protected long nextArrivalUs;
  private List<GeneratedSession> spawned;

  protected GeneratedSession(long order, long firstArrivalUs) {
    this.order = order;
    this.nextArrivalUs = firstArrivalUs;
  }

  public final long nextArrivalUs() {
    return nextArrivalUs;
  }

  /** Produces the request arriving at {@link #nextArrivalUs()} and moves to the next one. */
  public abstract TraceRecord next();

  /** Whether another request follows. */
  public abstract boolean hasMore();

  protected final void spawn(GeneratedSession child) {
    if (spawned == null) {
      spawned = new ArrayList<>(2);
    }
    spawned.add(child);
  }

  /** Sessions spawned since the last call (then forgotten here). */
  final List<GeneratedSession> drainSpawned() {
    List<GeneratedSession> out = spawned == null ? List.of() : spawned;
    spawned = null;
    return out;
  }
}
