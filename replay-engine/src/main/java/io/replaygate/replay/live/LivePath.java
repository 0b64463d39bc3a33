package io.replaygate.replay.live;

import io.replaygate.replay.core.Outcome;
import io.replaygate.replay.core.PathSimulator;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Request;
import io.replaygate.replay.core.Slo;
import io.replaygate.trace.TraceRecord;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The {@code live:NAME} path: the trace's requests sent to a real server, open loop, at the trace's inter-arrival
 * times ({@code speedup} compresses them). Each request's send is scheduled at its <em>intended</em> time — its
 * arrival after the first, divided by the speedup — and every latency is measured from that time, not from when it
 * actually went out, so a server that falls behind cannot hide its queueing (coordinated omission): a request
 * held back by the concurrency bound, or by a stalled server holding every slot, counts the wait. How far sending
 * fell behind schedule is reported ({@link Report#sendLagUs}).
 *
 * <p>Outcomes are {@code outcomes.parquet} rows like the simulated paths' (and join with them per request): prompt,
 * cached and output tokens are the server's own {@code usage}; {@code queueDelayMs} is the send lag; TTFT and E2E
 * run from the intended send; TPOT is the mean gap between streamed chunks after the first. They are emitted in
 * request order from the runner's thread, whatever order the responses come back in.
 */
public final class LivePath implements PathSimulator {
  /**
   * @param speedup        trace time ÷ wall time (1: real time; 10: ten times faster)
   * @param maxConcurrency requests in flight at most
   */
  public record Options(double speedup, int maxConcurrency, long seed, Duration scrapeInterval,
      java.util.function.BooleanSupplier stop) {
    /** Between two scrapes of the server's {@code /metrics} [10 s of wall time]. */
    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(10);

    public Options {
      if (!(speedup > 0) || maxConcurrency < 1 || scrapeInterval.isNegative() || scrapeInterval.isZero()) {
        throw new IllegalArgumentException("speedup must be positive, max concurrency at least 1, the scrape "
            + "interval positive");
      }
    }

    public Options(double speedup, int maxConcurrency, long seed) {
      this(speedup, maxConcurrency, seed, SCRAPE_INTERVAL, () -> false);
    }
  }

  /** What the run measured beyond the outcomes: schedule keeping, streaming gaps, fidelity to the trace. */
  public static final class Report {
    /** Actual first send − intended send, µs. */
    public final Histogram sendLagUs = new Histogram(3);
    /** Every gap between consecutive streamed chunks, µs. */
    public final Histogram interTokenUs = new Histogram(3);
    /** Requests whose server-counted prompt differed from the trace's, and by how many tokens in all (|Δ|). */
    public long promptDriftRequests;
    public long promptDriftTokens;
    /** Requests the server ended before the recorded output length (min_tokens / ignore_eos not honoured). */
    public long shortOutputs;
    /** A managed probe's cap and what it spent; requests not sent because the next one could have crossed it. */
    public SpendCap cap;

    /** The figures as {@code summary.json}'s {@code live} object (ms). */
    public synchronized void write(com.fasterxml.jackson.databind.node.ObjectNode out) {
      com.fasterxml.jackson.databind.node.ObjectNode lag = out.putObject("send_lag_ms");
      lag.put("p50", sendLagUs.getValueAtPercentile(50) / 1000.0).put("p99", sendLagUs.getValueAtPercentile(99) / 1000.0)
          .put("max", sendLagUs.getMaxValue() / 1000.0);
      com.fasterxml.jackson.databind.node.ObjectNode itl = out.putObject("inter_token_ms");
      itl.put("gaps", interTokenUs.getTotalCount()).put("p50", interTokenUs.getValueAtPercentile(50) / 1000.0)
          .put("p90", interTokenUs.getValueAtPercentile(90) / 1000.0)
          .put("p99", interTokenUs.getValueAtPercentile(99) / 1000.0);
      out.put("prompt_drift_requests", promptDriftRequests).put("prompt_drift_tokens", promptDriftTokens)
          .put("short_outputs", shortOutputs);
      if (cap != null) {
        out.putObject("spend").put("cap_usd", cap.capUsd()).put("spent_usd", cap.spentUsd())
            .put("not_sent", cap.notSent()).put("stopped_at_cap", cap.notSent() > 0);
      }
    }
  }

  /** How long in-flight requests may take to finish once the run is told to stop; then they are cancelled. */
  public static final Duration DRAIN = Duration.ofSeconds(10);

  private final String name;
  private final LiveClient client;
  private volatile boolean stopping;
  private final Options options;
  private final Consumer<Outcome> sink;
  private final PathStats stats;
  private final Slo slo;
  private final Report report = new Report();
  private final Semaphore slots;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<Long, Outcome> done = new ConcurrentSkipListMap<>();
  private final ServerMetrics metrics;
  private final java.util.concurrent.ScheduledExecutorService scraper =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-metrics");
        t.setDaemon(true);
        return t;
      });
  private long nextToEmit = -1;
  private long startNs;
  private long firstArrivalUs;
  private boolean started;

  public LivePath(String name, LiveClient client, Options options, Consumer<Outcome> sink, PathStats stats,
      Slo slo) {
    this(name, client, options, sink, stats, slo, null);
  }

  /** As above, for a managed probe: {@code cap} bounds what it may spend (null: a self-hosted cluster, no cap). */
  public LivePath(String name, LiveClient client, Options options, Consumer<Outcome> sink, PathStats stats,
      Slo slo, SpendCap cap) {
    this(name, client, options, sink, stats, slo, cap, null, null);
  }

  /**
   * As above, recording what it used in {@code ledger}: a managed probe's measured tokens, billed as its
   * {@code pricedAs} target; a self-hosted cluster's GPUs, as one replica of {@code gpuPool} over the replayed
   * period (the same period every path is priced over).
   */
  public LivePath(String name, LiveClient client, Options options, Consumer<Outcome> sink, PathStats stats,
      Slo slo, SpendCap cap, io.replaygate.costmodel.ledger.UsageLedger ledger, String gpuPool) {
    this.name = name;
    this.client = client;
    this.options = options;
    this.sink = sink;
    this.stats = stats;
    this.slo = slo;
    this.slots = new Semaphore(options.maxConcurrency(), true);
    this.metrics = new ServerMetrics(client.target());
    report.cap = cap;
    this.ledger = ledger;
    this.gpuPool = gpuPool;
  }

  private final io.replaygate.costmodel.ledger.UsageLedger ledger;
  private final String gpuPool;
  private long lastArrivalUs;

  /** {@code summary.json}'s {@code live} object: how the run was driven, what it measured, the server's metrics. */
  public void writeSummary(com.fasterxml.jackson.databind.node.ObjectNode out) {
    out.put("endpoint", client.target().baseUrl().toString()).put("model", client.target().model())
        .put("speedup", options.speedup()).put("max_concurrency", options.maxConcurrency()).put("partial", stopping);
    if (stopping) {
      out.put("partial_note", "interrupted: sending stopped, in-flight requests drained (at most "
          + DRAIN.toSeconds() + " s) or cancelled; the rest are not_sent");
    }
    report.write(out);
    metrics.write(out.putObject("server_metrics"));
  }

  /** The server's metrics as scraped during the run. */
  public ServerMetrics metrics() {
    return metrics;
  }

  @Override
  public String name() {
    return name;
  }

  public Report report() {
    return report;
  }

  @Override
  public void arrive(Request r) {
    lastArrivalUs = r.arrivalUs();
    // Prepared before its send time: synthesis is not the server's delay.
    java.util.List<String> prompt = PromptSynthesizer.parts(r);
    if (!started) {
      started = true;
      try {
        client.warmUp();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      startNs = System.nanoTime();
      firstArrivalUs = r.arrivalUs();
      metrics.scrape(0);
      long every = options.scrapeInterval().toNanos();
      scraper.scheduleAtFixedRate(() -> metrics.scrape((System.nanoTime() - startNs) / 1e9), every, every,
          TimeUnit.NANOSECONDS);
      nextToEmit = r.index();
    }
    long intended = startNs + Math.round((r.arrivalUs() - firstArrivalUs) * 1000.0 / options.speedup());
    long wait;
    while (!stop() && (wait = intended - System.nanoTime()) > 0) {
      LockSupport.parkNanos(Math.min(wait, 50_000_000L)); // in slices: a stop is seen within 50 ms
    }
    if (stop()) {
      notSent(r, intended);
      return;
    }
    SpendCap cap = report.cap;
    double worst = cap == null ? 0 : cap.worstCase(r.inputTokens(), Math.max(1, r.outputTokens()));
    if (cap != null && !cap.reserve(worst)) {
      notSent(r, intended);
      return;
    }
    slots.acquireUninterruptibly();
    executor.execute(() -> {
      try {
        LiveClient.Measured m = client.send(prompt, r.outputTokens(), options.seed() ^ r.index());
        if (cap != null) {
          // Refused (429, 5xx) is not billed; a stream that broke after it began may have been: keep its worst case.
          cap.settle(worst, m.status().equals("ok") ? cap.cost(m.promptTokens(), m.cachedTokens(), m.writtenTokens(),
              m.outputTokens()) : m.httpStatus() == 200 ? worst : 0);
        }
        done.put(r.index(), outcome(r, intended, m));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done.put(r.index(), outcome(r, intended, new LiveClient.Measured("cancelled", 0, System.nanoTime(), 0,
            System.nanoTime(), new long[0], -1, 0, 0, 0, 0)));
      } catch (RuntimeException e) {
        done.put(r.index(), outcome(r, intended, new LiveClient.Measured("error", 0, System.nanoTime(), 0,
            System.nanoTime(), new long[0], -1, 0, 0, 0, 0)));
      } finally {
        slots.release();
      }
    });
    emitReady();
  }

  private boolean stop() {
    if (!stopping && options.stop().getAsBoolean()) {
      stopping = true;
    }
    return stopping;
  }

  private void notSent(Request r, long intended) {
    done.put(r.index(), outcome(r, intended, new LiveClient.Measured("not_sent", 0, System.nanoTime(), 0,
        System.nanoTime(), new long[0], -1, 0, 0, 0, 0)));
    emitReady();
  }

  /** Whether the run was told to stop before the trace ended (its outputs are partial). */
  public boolean stopped() {
    return stopping;
  }

  @Override
  public void finish() {
    boolean drained = false;
    while (!drained) {
      try {
        drained = slots.tryAcquire(options.maxConcurrency(), stop() ? DRAIN.toMillis() : 200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!drained && stopping) {
        executor.shutdownNow(); // past the drain bound: cancel what is still in flight
        break;
      }
    }
    if (drained) {
      slots.release(options.maxConcurrency());
    }
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scraper.shutdownNow();
    if (started) {
      metrics.scrape((System.nanoTime() - startNs) / 1e9);
    }
    emitReady();
    if (ledger != null && gpuPool != null && started) {
      ledger.addReplica(new io.replaygate.costmodel.ledger.ReplicaLifetime(name, gpuPool, firstArrivalUs,
          Math.max(firstArrivalUs + 1, lastArrivalUs)));
    }
  }

  /** Emits finished outcomes in request order (the runner's thread only). */
  private void emitReady() {
    Outcome o;
    while ((o = done.remove(nextToEmit)) != null) {
      String billedAs = client.target().pricedAs();
      if (ledger != null && billedAs != null && o.ok()) {
        long plain = Math.max(0, o.inputTokens() - o.cacheReadTokens() - o.cacheWrite5mTokens());
        ledger.add(name, o.arrivalUs(), o.tenant(), o.modelPath(), billedAs, false,
            io.replaygate.costmodel.catalog.ServiceTier.STANDARD, 1, new io.replaygate.costmodel.pricing.TokenCounts(
                plain, o.cacheReadTokens(), o.cacheWrite5mTokens(), 0, o.outputTokens()),
            io.replaygate.costmodel.pricing.TokenCounts.ZERO, java.math.BigDecimal.ZERO);
      }
      sink.accept(o);
      stats.record(o, 0, 0, null, null, slo);
      nextToEmit++;
    }
  }

  private Outcome outcome(Request r, long intendedNs, LiveClient.Measured m) {
    TraceRecord t = r.record();
    boolean ok = m.status().equals("ok");
    double lagMs = Math.max(0, (m.firstSendNs() - intendedNs) / 1e6); // NaN below for a request never sent
    double ttft = ok && m.firstTokenNs() > 0 ? (m.firstTokenNs() - intendedNs) / 1e6 : Double.NaN;
    double e2e = ok ? (m.endNs() - intendedNs) / 1e6 : Double.NaN;
    long[] times = m.tokenNs();
    double tpot = ok && times.length > 1 ? (times[times.length - 1] - times[0]) / 1e6 / (times.length - 1) : Double.NaN;
    synchronized (report) {
      if (m.status().equals("not_sent") || m.status().equals("cancelled")) {
        lagMs = Double.NaN;
      } else {
        report.sendLagUs.recordValue(Math.round(lagMs * 1000));
      }
      for (int i = 1; i < times.length; i++) {
        report.interTokenUs.recordValue(Math.max(0, (times[i] - times[i - 1]) / 1000));
      }
      if (ok && m.promptTokens() >= 0 && m.promptTokens() != t.inputTokens()) {
        report.promptDriftRequests++;
        report.promptDriftTokens += Math.abs(m.promptTokens() - t.inputTokens());
      }
      if (ok && m.outputTokens() < t.outputTokens()) {
        report.shortOutputs++;
      }
    }
    int prompt = m.promptTokens() >= 0 ? m.promptTokens() : t.inputTokens();
    return new Outcome(name, r.index(), t.requestId(), t.arrivalUs(), t.tenant(), t.modelPath(), ok ? name : null,
        false, false, prompt, ok ? m.cachedTokens() : 0, ok ? m.writtenTokens() : 0, 0, ok ? m.outputTokens() : 0,
        lagMs, ttft, tpot, e2e,
        m.status(), m.retries(), t.cachedTokens(), t.ttftMs(), t.e2eMs(), null);
  }
}
