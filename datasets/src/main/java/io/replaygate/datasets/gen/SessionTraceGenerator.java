package io.replaygate.datasets.gen;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A generated trace: sessions start when {@link SessionArrivals} says, each is produced by a
 * {@link SessionModel}, and their requests are merged in arrival order through a priority queue of the
 * sessions in flight — so memory grows with concurrent sessions, never with the trace's length.
 *
 * <p>The process starts {@code warmupUs} before the span so the span opens in a steady state (sessions
 * already running, as in any window cut from production); requests before the span are dropped. The
 * trace ends at the span's end or after {@code maxRecords} requests, whichever comes first.
 */
public final class SessionTraceGenerator extends AbstractTraceReader {
  private final SessionModel model;
  private final SessionArrivals arrivals;
  private final Ranked tenants;
  private final TraceMetadata metadata;
  private final long startUs;
  private final long endUs;
  private final long maxRecords;
  private final PriorityQueue<GeneratedSession> inFlight = new PriorityQueue<>(
      Comparator.comparingLong(GeneratedSession::nextArrivalUs).thenComparingLong(s -> s.order));
  private long nextStartUs;
  private long order;
  private long produced;

  public SessionTraceGenerator(SessionModel model, SessionArrivals arrivals, Ranked tenants, TraceMetadata metadata,
      long startUs, long endUs, long maxRecords) {
    super(ReadOptions.DEFAULTS);
    this.model = model;
    this.arrivals = arrivals;
    this.tenants = tenants;
    this.metadata = metadata;
    this.startUs = startUs;
    this.endUs = endUs;
    this.maxRecords = maxRecords;
    this.nextStartUs = arrivals.next();
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord readNext() {
    while (produced < maxRecords) {
      while (nextStartUs < endUs && (inFlight.isEmpty() || nextStartUs <= inFlight.peek().nextArrivalUs())) {
        inFlight.add(model.start(nextStartUs, order++, Ranked.tenantName(tenants.pick())));
        nextStartUs = arrivals.next();
      }
      GeneratedSession s = inFlight.poll();
      if (s == null || s.nextArrivalUs() >= endUs) {
        return null;
      }
      TraceRecord r = s.next();
      if (s.hasMore()) {
        inFlight.add(s);
      }
      inFlight.addAll(s.drainSpawned());
      if (r.arrivalUs() >= startUs) {
        produced++;
        return r;
      }
    }
    return null;
  }

  /** Sessions in flight now (memory is proportional to this). */
  public int sessionsInFlight() {
    return inFlight.size();
  }

  @Override
  protected Path currentFile() {
    return null;
  }

  @Override
  protected String currentPosition() {
    return "generated record " + produced;
  }

  @Override
  protected void release() {
    inFlight.clear();
  }
}
