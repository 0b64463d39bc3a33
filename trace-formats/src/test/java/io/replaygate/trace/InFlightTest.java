package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The removal a signal triggers races the command's own threads, which keep writing while shutdown hooks run (the
 * cause of a staging directory left behind on a 2-core CI machine).
 */
class InFlightTest {
  @TempDir
  Path dir;

  @Test
  void delete_directoryStillBeingWrittenInto_isRemovedAnyway() throws Exception {
    Path staging = Files.createDirectory(dir.resolve(".run.staging-x"));
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      for (long i = 0; !stop.get(); i++) {
        try {
          Path f = Files.writeString(staging.resolve("t" + i), "x");
          if (i % 3 == 0) {
            Files.deleteIfExists(f); // files vanish while the tree is walked, too
          }
        } catch (IOException e) {
          // the directory is gone: a writer's next file fails, as the command's would
        }
      }
    });
    writer.start();
    Thread.sleep(20); // it is writing
    try {
      assertTrue(InFlight.delete(staging, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
      assertFalse(Files.exists(staging));
    } finally {
      stop.set(true);
      writer.join();
    }
  }

  /**
   * The shutdown removed a tracked temporary before its writer opened it, and the writer (Parquet's, Hadoop's, a
   * buffered writer: each creates or truncates by name) made it again: the writer's check removes it and stops the
   * write (the cause of a .partial left by SIGTERM during generate on a loaded 2-core machine).
   */
  @Test
  void checkOpen_afterTheShutdownRemovedIt_removesTheRecreatedFile() throws Exception {
    Path tmp = InFlight.track(Files.createFile(dir.resolve(".out.parquet.x.partial")));
    try {
      InFlight.checkOpen(tmp); // not shutting down: nothing happens
      assertTrue(Files.exists(tmp));
      InFlight.removeAll();
      assertFalse(Files.exists(tmp));
      Files.writeString(tmp, "PAR1"); // the writer opens it by name after all
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> InFlight.checkOpen(tmp));
      assertTrue(e.getMessage().contains("the command is being stopped"), e.getMessage());
      assertFalse(Files.exists(tmp));
    } finally {
      InFlight.reopenForTests();
    }
  }

  @Test
  void delete_missingPath_isDone() {
    assertTrue(InFlight.delete(dir.resolve("never-made"), System.nanoTime()));
  }
}
