package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.trace.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader's fixture, broken in the ways real files break (cut short, a flipped byte, a control character,
 * a number made negative, huge, fractional or text, a field's value emptied, a line doubled or dropped, a
 * brace or quote lost), read by {@code validate} and {@code inspect} as a user would (format named and detected).
 * Each outcome must
 * be clean: valid (exit 0), or problems listed (exit 1) or one line (exit 2) that name the file, never quote a
 * Java name, and never a bug (exit 3). Prints the tally: the reliability figure the hardening issue asks for.
 */
class HostileInputTest {
  @TempDir
  Path tmp;

  /** The mutations, each seeded by the fixture's index: same inputs, same cases. */
  static final List<UnaryOperator<byte[]>> MUTATIONS = List.of(
      b -> java.util.Arrays.copyOf(b, b.length / 2), // cut short
      b -> java.util.Arrays.copyOf(b, b.length * 2 / 3),
      b -> flip(b, 1),
      b -> flip(b, 2),
      b -> flip(b, 3),
      b -> text(b, s -> s.replaceFirst("\\d+", "\u0007")),
      b -> text(b, s -> s.replaceFirst("\\d+", "-1")),
      b -> text(b, s -> s.replaceFirst("(\\d{2,})", "$1$1$1$1$1$1$1$1$1$1$1$1")),
      b -> text(b, s -> s.replaceFirst("(\\d+)", "$1.5")),
      b -> text(b, s -> s.replaceFirst(":\\s*\\d+", ": \"x\"")),
      b -> text(b, s -> s.replaceFirst(":\\s*\"[^\"]*\"", ": \"\"")),
      b -> text(b, s -> s.replaceFirst(":\\s*\"[^\"]*\"", ": null")),
      b -> text(b, s -> s.replaceFirst("\\}", "")),
      b -> text(b, s -> s.replaceFirst("\"", "")),
      b -> text(b, s -> s.replaceFirst(",", ",,")),
      b -> text(b, s -> s.replaceFirst("\n", "\n\n\u0000\n")),
      b -> text(b, s -> s.replaceFirst("([^\n]*\n)", "$1$1")), // first line twice
      b -> text(b, s -> s.replaceFirst("[^\n]*\n", "")), // first line gone
      b -> text(b, s -> s.replaceFirst("\\d{10,}", "9".repeat(40))),
      b -> text(b, s -> s.replaceFirst("\\d{10,}", "1")));

  private static byte[] flip(byte[] b, int seed) {
    byte[] c = b.clone();
    SplittableRandom r = new SplittableRandom(seed * 7919L + b.length);
    for (int i = 0; i < 3; i++) {
      int at = r.nextInt(c.length);
      c[at] = (byte) r.nextInt(256);
    }
    return c;
  }

  private static byte[] text(byte[] b, UnaryOperator<String> f) {
    return f.apply(new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyFixture_brokenEveryWay_endsCleanly() throws IOException {
    int tried = 0;
    int valid = 0;
    int located = 0;
    List<String> unclean = new ArrayList<>();
    List<Object[]> sources = new ArrayList<>(); // {name, file, format}
    for (Fixture f : Fixture.values()) {
      sources.add(new Object[] {f.name(), Path.of("..", "trace-formats").resolve(f.paths().get(0)), f.format.wireName()});
    }
    for (String binary : List.of("parquet", "arrow", "arrows")) { // the canonical fixture in each binary form
      Path file = tmp.resolve("canonical." + binary);
      assertEquals(0, CliTest.run("convert", Path.of("..", "trace-formats").resolve(Fixture.CANONICAL_JSONL.paths()
          .get(0)).toString(), file.toString(), "-q").code());
      sources.add(new Object[] {"canonical_" + binary, file, binary});
    }
    for (Object[] f : sources) {
      Path original = (Path) f[1];
      String format = (String) f[2];
      byte[] bytes = Files.readAllBytes(original);
      for (int m = 0; m < MUTATIONS.size(); m++) {
        Path bad = tmp.resolve(((String) f[0]).toLowerCase(Locale.ROOT) + "-" + m + "-"
            + original.getFileName().toString());
        Files.write(bad, MUTATIONS.get(m).apply(bytes));
        for (int k = 0; k < 4; k++) {
          boolean named = k % 2 == 0;
          String command = k < 2 ? "validate" : "inspect"; // every problem collected, or the first one fails
          tried++;
          List<String> args = new ArrayList<>(List.of(command, "--hash-salt", "42"));
          if (named) {
            args.addAll(List.of("--format", format));
          }
          args.add(bad.toString());
          CliTest.Result r = CliTest.run(args.toArray(String[]::new));
          String err = r.err().strip();
          String problems = r.out().lines().filter(l -> !l.startsWith("valid") && !l.startsWith("INVALID"))
              .reduce("", (a, l) -> a + l + "\n");
          boolean clean = switch (r.code()) {
            case 0 -> true;
            case 1 -> problems.lines().allMatch(l -> l.contains(bad.getFileName().toString())) && !javaName(problems);
            case 2 -> err.lines().count() == 1 && err.contains(bad.getFileName().toString()) && !javaName(err);
            default -> false;
          };
          if (r.code() == 0) {
            valid++;
          } else if (clean) {
            located++;
          } else {
            unclean.add(command + " " + bad.getFileName() + (named ? " (--format)" : " (detected)") + " → exit "
                + r.code() + ": "
                + (err.isEmpty() ? problems : err).lines().findFirst().orElse(""));
          }
        }
      }
    }
    System.out.printf(Locale.US, "hostile inputs: %d tried, %d still valid, %d rejected with a clean located error "
        + "(%.1f%% of the rejected), %d not clean%n", tried, valid, located,
        100.0 * located / Math.max(1, tried - valid), unclean.size());
    assertEquals(List.of(), unclean);
  }

  private static boolean javaName(String s) {
    return s.matches("(?s).*\\b(java|javax|com\\.fasterxml|org\\.apache|io\\.replaygate)\\.[a-z].*")
        || s.contains("Exception") || s.matches("(?s).*\\b[A-Z][A-Za-z]+\\[[a-z][A-Za-z0-9]*=.*");
  }
}
