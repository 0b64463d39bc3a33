package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutputFailureTest {
  static final Path OUT = Path.of("/data/out.parquet");

  @Test
  void rethrow_fullDiskWrappedByAWriter_isNamedByTheOutput() {
    RuntimeException wrapped = new RuntimeException("could not write page",
        new IOException("No space left on device\nmore"));
    RuntimeException r = OutputFailure.rethrow(OUT, wrapped);
    FileSystemException f = (FileSystemException) ((UncheckedIOException) r).getCause();
    assertEquals("/data/out.parquet", f.getFile());
    assertEquals("No space left on device", f.getReason());
  }

  @Test
  void rethrow_failureThatNamesItsFile_keepsIt() {
    AccessDeniedException denied = new AccessDeniedException("/data/other");
    RuntimeException r = OutputFailure.rethrow(OUT, new UncheckedIOException(denied));
    assertSame(denied, r.getCause());
  }

  @Test
  void rethrow_badInputOrABug_isLeftAsItIs() {
    TraceInputException bad = new TraceInputException(Path.of("t.jsonl"), "line 1", "x", "bad");
    assertSame(bad, OutputFailure.rethrow(OUT, bad));
    IllegalStateException bug = new IllegalStateException("bug");
    assertSame(bug, OutputFailure.rethrow(OUT, bug));
  }
}
