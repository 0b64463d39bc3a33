package io.replaygate.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C and SIGTERM: the JVM's shutdown starts, this hook says so ({@link #stopRequested()}) and holds the shutdown
 * for up to {@link #GRACE} while the running command winds down — a live path stops sending and drains what is in
 * flight — and writes its outputs; then the JVM ends (with 130 after a SIGINT).
 */
final class Interrupts {
  /** How long a signalled command may take to finish writing. */
  static final Duration GRACE = Duration.ofSeconds(30);
  private static final AtomicBoolean STOP = new AtomicBoolean();
  private static final CountDownLatch DONE = new CountDownLatch(1);

  private Interrupts() {}

  static void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      STOP.set(true);
      try {
        DONE.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "replaygate-shutdown"));
  }

  /** The command has finished (outputs written or failed): the shutdown may go on. */
  static void done() {
    DONE.countDown();
  }

  static boolean stopRequested() {
    return STOP.get();
  }
}
