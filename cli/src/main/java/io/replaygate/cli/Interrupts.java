package io.replaygate.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.replaygate.trace.InFlight;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C and SIGTERM: the JVM's shutdown starts and this hook says so ({@link #stopRequested()}). A command that
 * winds down by itself (a live replay: it stops sending, drains what is in flight and writes its outputs, marked
 * partial) is given up to {@link #GRACE}; any other is stopped at once. Either way every temporary still being
 * written ({@link InFlight}: {@code .partial} files, sort spills, a run's staging directory) is removed, so no
 * partial output is left; then the JVM ends (130 after a SIGINT).
 */
final class Interrupts {
  /** How long a signalled command may take to finish writing. */
  static final Duration GRACE = Duration.ofSeconds(30);
  private static final AtomicBoolean STOP = new AtomicBoolean();
  private static final AtomicBoolean GRACEFUL = new AtomicBoolean();
  private static final CountDownLatch DONE = new CountDownLatch(1);

  private Interrupts() {}

  static void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      STOP.set(true);
      if (GRACEFUL.get()) {
        try {
          DONE.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      InFlight.removeAll();
    }, "replaygate-shutdown"));
  }

  /** The command has finished (outputs written or failed): the shutdown may go on. */
  static void done() {
    DONE.countDown();
  }

  /** The running command winds down by itself when stopped (it will write complete, partial outputs). */
  static void graceful() {
    GRACEFUL.set(true);
  }

  static boolean stopRequested() {
    return STOP.get();
  }
}
