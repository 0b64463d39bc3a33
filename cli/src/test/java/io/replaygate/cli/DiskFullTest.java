package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk, for real: a 256 KiB tmpfs (mounted where the test may: as root with mount allowed; skipped
 * elsewhere, with the reason) under each command that writes. Each must end with one line naming the output it
 * could not write, in words, exit 2, and leave nothing behind: no {@code .partial}, no staging directory.
 */
class DiskFullTest {
  static Path mount;

  @BeforeAll
  static void mountTmpfs() throws Exception {
    mount = Files.createTempDirectory("replaygate-diskfull");
    boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString());
    Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root and mount permission)");
  }

  @AfterAll
  static void unmount() throws Exception {
    if (mount != null) {
      run("umount", "-l", mount.toString());
      Files.deleteIfExists(mount);
    }
  }

  private static boolean run(String... cmd) throws Exception {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no mount binary
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"generate mix OUT/g.parquet --hours 24", "convert sample:default OUT/c.arrow",
      "replay --out OUT/r --limit 3000 --price-date 2026-08-01",
      "run --out OUT/run --no-history --price-date 2026-08-01"})
  void fullDisk_isOneLineNamingTheOutput_exit2_nothingLeft(String line) throws IOException {
    String[] args = line.replace("OUT", mount.toString()).split(" ");
    String output = Stream.of(args).filter(a -> a.startsWith(mount.toString())).findFirst().orElseThrow();
    CliTest.Result r = CliTest.run(args);
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.err().lines().filter(l -> !l.contains("%") && !l.startsWith("replaygate: reading")
        && !l.startsWith("replaygate: sizing")).toList(); // progress lines before the failure
    assertEquals(List.of("replaygate: " + output + ": the disk is full (no space left on device)"), lines, r.err());
    try (Stream<Path> left = Files.list(mount)) {
      assertEquals(List.of(), left.toList(), "nothing left behind");
    }
    List<String> open = new java.util.ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(mount.toString())) {
            open.add(target);
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    }
    assertEquals(List.of(), open, "every file it opened is closed");
  }
}
