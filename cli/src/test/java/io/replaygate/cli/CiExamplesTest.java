package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI examples in {@code examples/ci/} run as written: every replaygate command line and the job-summary step,
 * taken from the YAML itself, run here twice (a scheduled job's first and second week), with the bundled
 * coding-agent sample standing in for the exported traffic.
 */
class CiExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples", "ci");
  static final String TOOL = "replaygate/bin/replaygate ";

  @TempDir
  Path work;

  @ParameterizedTest
  @ValueSource(strings = {"github-actions-weekly.yml", "gitlab-ci-weekly.yml"})
  void commands_runAsWritten(String file) throws Exception {
    List<String> lines = new ArrayList<>();
    collect(new ObjectMapper(new YAMLFactory()).readTree(EXAMPLES.resolve(file).toFile()), lines);
    List<String> tool = lines.stream().filter(l -> l.startsWith(TOOL)).toList();
    List<String> summary = lines.stream().filter(l -> l.contains("summary.md")).toList();
    assertTrue(tool.stream().anyMatch(l -> l.contains(" run ") && l.contains("--fail-on flipped")), tool.toString());
    assertTrue(tool.stream().anyMatch(l -> l.contains(" history ")), tool.toString());
    assertEquals(1, summary.size(), summary.toString());
    for (int week = 1; week <= 2; week++) {
      for (String l : tool) {
        List<String> args = new ArrayList<>();
        for (String a : l.substring(TOOL.length()).split(" +")) {
          args.add(a.equals("traffic.jsonl") ? "sample:coding-agent"
              : a.startsWith("runs/") || a.startsWith(".replaygate/") ? work.resolve(a).toString() : a);
        }
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), "week " + week + ": " + l + "\n" + r.err());
        if (args.get(0).equals("history")) {
          assertEquals(week, r.out().lines().filter(x -> x.contains(" default ")).count(), r.out());
          assertFalse(r.out().contains("FLIPPED"), r.out());
        }
      }
      Path jobSummary = work.resolve("job-summary.md");
      Files.deleteIfExists(jobSummary);
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", summary.get(0)).directory(work.toFile())
          .redirectErrorStream(true);
      pb.environment().put("GITHUB_STEP_SUMMARY", jobSummary.toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), out);
      String md = Files.exists(jobSummary) ? Files.readString(jobSummary) : out;
      assertTrue(md.startsWith("## replaygate: "), md);
    }
  }

  /** Every string under a YAML node (steps' run:, script: lines), in document order. */
  private static void collect(JsonNode n, List<String> into) {
    if (n.isTextual()) {
      n.asText().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(into::add);
    }
    n.forEach(c -> collect(c, into));
  }
}
