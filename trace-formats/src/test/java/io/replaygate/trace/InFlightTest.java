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
   * A temporary is created, tracked and opened in one step the shutdown cannot cut in two: before the shutdown it is
   * tracked (and removed by it, its writer writing on into an unlinked file); after it began, nothing is created.
   * (Tracking after creating, then a writer opening by name, left a .partial behind SIGTERM during generate on a
   * loaded 2-core machine.)
   */
  @Test
  void create_tracksAndOpensAtOnce_andAfterTheShutdownCreatesNothing() throws Exception {
    Path tmp = dir.resolve(".out.parquet.x.partial");
    Path late = dir.resolve(".late.partial");
    try {
      try (java.io.Writer w = InFlight.create(() -> Files.createFile(tmp), Files::newBufferedWriter)) {
        assertTrue(Files.exists(tmp));
        assertTrue(InFlight.removeAll().contains(tmp.toAbsolutePath()), "tracked when it was opened");
        assertFalse(Files.exists(tmp));
        w.write("PAR1"); // the writer goes on, into the unlinked file
      }
      assertFalse(Files.exists(tmp), "nothing re-created by name");
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> InFlight.create(() -> Files.createFile(late), Files::newBufferedWriter));
      assertTrue(e.getMessage().contains("the command is being stopped"), e.getMessage());
      assertFalse(Files.exists(late), "nothing created once the shutdown began");
    } finally {
      InFlight.reopenForTests();
    }
  }

  /** A writer that cannot open leaves no temporary, tracked or on disk. */
  @Test
  void create_writerFailsToOpen_leavesNothing() {
    Path tmp = dir.resolve(".broken.partial");
    assertThrows(IOException.class, () -> InFlight.create(() -> Files.createFile(tmp), f -> {
      throw new IOException("no codec");
    }));
    assertFalse(Files.exists(tmp));
    try {
      assertFalse(InFlight.removeAll().contains(tmp.toAbsolutePath()), "no longer tracked");
    } finally {
      InFlight.reopenForTests();
    }
  }

  @Test
  void delete_missingPath_isDone() {
    assertTrue(InFlight.delete(dir.resolve("never-made"), System.nanoTime()));
  }
}
