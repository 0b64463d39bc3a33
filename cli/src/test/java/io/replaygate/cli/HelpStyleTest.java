package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The help every command prints, held to one style: labels, examples, and the names the registry uses. */
class HelpStyleTest {
  /** {@code FILE}, {@code PROVIDER/MODEL}, {@code YYYY-MM-DD}, {@code KEY=VALUE}, {@code RUN-DIR}: upper kebab. */
  static final Pattern LABEL = Pattern.compile("([a-z]+:)?[A-Z][A-Z0-9]*([-/=:.][A-Z0-9]+)*");

  static Stream<CommandLine> everyCommand() {
    CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<CommandLine> all = new ArrayList<>();
    collect(root, all);
    return all.stream();
  }

  private static void collect(CommandLine c, List<CommandLine> all) {
    all.add(c);
    c.getSubcommands().values().stream().distinct().forEach(s -> collect(s, all));
  }

  @Test
  void help_everyParameterLabel_isUpperKebab() {
    List<String> bad = new ArrayList<>();
    everyCommand().forEach(c -> {
      CommandSpec spec = c.getCommandSpec();
      for (ArgSpec a : spec.args()) {
        if (a.typeInfo().isBoolean() || a.hidden() || (a.isOption() && a.arity().max() == 0)) {
          continue;
        }
        if (!LABEL.matcher(a.paramLabel()).matches()) {
          bad.add(spec.qualifiedName() + " " + (a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : "")
              + " " + a.paramLabel());
        }
      }
    });
    assertTrue(bad.isEmpty(), bad.size() + " labels:\n" + String.join("\n", bad));
  }

  @Test
  void help_everyCommand_hasAnExamplesSection() {
    List<String> missing = new ArrayList<>();
    everyCommand().filter(c -> !c.getCommandName().equals("help")).forEach(c -> {
      if (!c.getUsageMessage().contains("Examples:")) {
        missing.add(c.getCommandSpec().qualifiedName());
      }
    });
    assertTrue(missing.isEmpty(), missing.size() + " without examples:\n" + String.join("\n", missing));
  }

  @Test
  void help_everyExample_parsesAsACommandLine() {
    List<String> bad = new ArrayList<>();
    everyCommand().filter(c -> !c.getCommandName().equals("help")).forEach(c -> {
      for (String example : examples(c)) {
        List<String> words = words(example);
        assertEquals("replaygate", words.get(0), example);
        CommandLine fresh = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        try {
          fresh.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
          bad.add(example + " → " + e.getMessage());
        }
      }
    });
    assertTrue(bad.isEmpty(), String.join("\n", bad));
  }

  /** The lines under a command's "Examples:" heading. */
  static List<String> examples(CommandLine c) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    boolean continued = false;
    for (String line : c.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n")) {
      assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
      if (line.equals("Examples:")) {
        in = true;
      } else if (in && continued) { // the rest of a long example, after a shell's line continuation
        lines.set(lines.size() - 1, lines.getLast() + " " + line.strip());
      } else if (in && line.startsWith("  replaygate")) {
        lines.add(line.strip());
      } else if (in) {
        break;
      }
      continued = in && line.endsWith(" \\");
      if (continued) {
        lines.set(lines.size() - 1, lines.getLast().substring(0, lines.getLast().length() - 2));
      }
    }
    assertTrue(!lines.isEmpty(), c.getCommandSpec().qualifiedName());
    return lines;
  }

  /** Splits on spaces, a single-quoted stretch being one word (as a shell would). */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      } else if (ch == ' ' && !quoted) {
        if (!w.isEmpty()) {
          words.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.append(ch);
      }
    }
    if (!w.isEmpty()) {
      words.add(w.toString());
    }
    return words;
  }

  /** Objects whose keys are data (a model path, a tier name), not field names. */
  static final java.util.Set<String> DATA_KEYED = java.util.Set.of("model_paths", "recorded_models", "service_tiers",
      "by_model", "by_tenant");

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "inspect --json FIXTURE", "validate --json FIXTURE", "diagnose --json FIXTURE", "formats --json",
      "prices list --json", "prices list --gpus --json", "prices show --json anthropic/claude-sonnet-4-5",
      "prices quote --json anthropic/claude-sonnet-4-5 --input 1000 --cache-read 500 --output 100"})
  void json_everyKey_isSnakeCase(String line) throws java.io.IOException {
    String fixture = CliTest.FIXTURES.resolve("mooncake.jsonl").toString();
    CliTest.Result r = CliTest.run(line.replace("FIXTURE", fixture).split(" "));
    assertEquals(0, r.code(), r.err());
    List<String> bad = new ArrayList<>();
    keys(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()), "", bad);
    assertTrue(bad.isEmpty(), line + ": " + bad);
  }

  private static void keys(com.fasterxml.jackson.databind.JsonNode n, String at, List<String> bad) {
    if (n.isArray()) {
      n.forEach(e -> keys(e, at + "[]", bad));
    } else if (n.isObject()) {
      n.properties().forEach(e -> {
        if (!e.getKey().matches("[a-z][a-z0-9_]*")) {
          bad.add(at + "." + e.getKey());
        }
        if (!DATA_KEYED.contains(e.getKey())) {
          keys(e.getValue(), at + "." + e.getKey(), bad);
        }
      });
    }
  }

  @Test
  void registry_nameOfEverySubcommand_isItsCommandName() {
    ReplaygateCommand.SUBCOMMANDS.forEach((name, type) ->
        assertEquals(type.getAnnotation(CommandLine.Command.class).name(), name));
  }

  @Test
  void version_withoutTheParser_printsWhatPicocliWould() {
    StringWriter fast = new StringWriter();
    assertEquals(0, Main.run(new String[] {"--version"}, new PrintWriter(fast, true), new PrintWriter(new StringWriter())));
    StringWriter parsed = new StringWriter();
    CommandLine cli = Main.commandLine(new PrintWriter(parsed, true), new PrintWriter(new StringWriter()));
    assertEquals(0, cli.execute("--version"));
    assertEquals(parsed.toString(), fast.toString());
    assertTrue(fast.toString().startsWith("replaygate "), fast.toString());
  }
}
