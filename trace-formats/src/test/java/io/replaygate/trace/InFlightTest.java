package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

  @Test
  void delete_missingPath_isDone() {
    assertTrue(InFlight.delete(dir.resolve("never-made"), System.nanoTime()));
  }
}
