package io.replaygate.cli;

import io.replaygate.datasets.BundledSample;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SessionPlacement;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.format.TraceFormat;
import io.replaygate.trace.format.TraceSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.openhft.hashing.LongHashFunction;
import picocli.CommandLine.Option;

/** How to read input traces: the options every trace-reading command shares. */
public final class InputOptions {
  /** Environment variable that may hold the gateway-log hash salt (kept out of shell history). */
  static final String SALT_ENV = "REPLAYGATE_HASH_SALT";

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Read inputs as this format instead of detecting it: ${COMPLETION-CANDIDATES}.",
      completionCandidates = FormatNames.class)
  String format;

  @Option(names = "--map", paramLabel = "FILE",
      description = "Read the inputs as JSON-lines logs through this mapping (YAML: canonical field -> JSON pointer "
          + "or =constant); `replaygate formats` shows the language.")
  java.nio.file.Path map;

  @Option(names = "--strict", description = "A field a log format does not know is an error (by default such fields "
      + "are ignored, counted, and listed once when reading ends).")
  boolean strict;

  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec mixee;

  @Option(names = "--model-path", paramLabel = "PATH",
      description = "Set every record's model_path to PATH (default: per format, e.g. mooncake/<file>).")
  String modelPath;

  @Option(names = "--block-tokens", paramLabel = "N", defaultValue = "64",
      description = "Block size for gateway logs hashed by replaygate (default: ${DEFAULT-VALUE}).")
  int blockTokens;

  @Option(names = "--hash-salt", paramLabel = "TEXT",
      description = "Salt of gateway-log block hashes (default: $" + SALT_ENV + ", else random per run; "
          + "never written out). The same salt makes hashes comparable across runs.")
  String hashSalt;

  @Option(names = "--session-placement", paramLabel = "PLACEMENT", defaultValue = "staggered:60",
      description = "Where combined WEKA session files start: aligned, sequential, staggered:SECONDS or "
          + "poisson:SECONDS (default: ${DEFAULT-VALUE}).")
  String sessionPlacement;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed for anything random while reading (default: ${DEFAULT-VALUE}).")
  long seed;

  ReadOptions readOptions(ProblemSink problems) {
    if (blockTokens <= 0) {
      throw new UserError("--block-tokens must be positive, got " + blockTokens);
    }
    SessionPlacement placement;
    try {
      placement = SessionPlacement.parse(sessionPlacement);
    } catch (IllegalArgumentException e) {
      throw new UserError("--session-placement: " + e.getMessage());
    }
    String salt = hashSalt != null ? hashSalt : System.getenv(SALT_ENV);
    Long saltValue = salt == null || salt.isEmpty() ? null
        : LongHashFunction.xx3().hashBytes(salt.getBytes(StandardCharsets.UTF_8));
    return new ReadOptions(problems, false, modelPath, blockTokens, saltValue, placement, seed, strict, true);
  }

  TraceFormat traceFormat() {
    if (format == null) {
      return null;
    }
    return TraceFormat.byName(format).orElseThrow(() ->
        new UserError("unknown format '" + format + "' (known: " + TraceFormat.names() + ")"));
  }

  /** The inputs a command was given, or the bundled default ({@code sample:default}) when none. */
  static List<String> orDefault(List<String> inputs) {
    return inputs == null || inputs.isEmpty() ? List.of(BundledSample.DEFAULT.uri()) : inputs;
  }

  private boolean reportedIgnored;

  /**
   * Opens the named inputs (files, or one {@code sample:NAME}) as one trace. Fields the format did not know are
   * listed on standard error once, when the first reading of the command ends.
   */
  TraceReader open(List<String> inputs, ReadOptions options) {
    return new IgnoredFieldsReader(openRaw(inputs, options), ignored -> {
      if (reportedIgnored || mixee == null) {
        return;
      }
      reportedIgnored = true;
      StringBuilder b = new StringBuilder();
      ignored.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(" (").append(v).append(')'));
      var err = mixee.commandLine().getErr();
      err.println("replaygate: ignored " + ignored.size() + " field" + (ignored.size() == 1 ? "" : "s")
          + " the log format does not know: " + b + " (--strict makes them errors)");
      err.flush();
    });
  }

  private TraceReader openRaw(List<String> inputs, ReadOptions options) {
    Optional<BundledSample> sample = sample(inputs);
    if (sample.isPresent()) {
      return sample.get().open();
    }
    List<Path> files = new ArrayList<>();
    for (String in : inputs) {
      files.add(Path.of(in));
    }
    if (map != null) {
      if (format != null) {
        throw new UserError("--map reads its own way: give it or --format, not both");
      }
      io.replaygate.trace.format.mapped.LogMapping mapping = io.replaygate.trace.format.mapped.LogMapping.load(map);
      List<io.replaygate.trace.TraceReader> readers = new ArrayList<>();
      try {
        for (Path f : files) {
          readers.add(new io.replaygate.trace.format.mapped.MappedJsonReader(f, options, mapping));
        }
      } catch (RuntimeException e) {
        readers.forEach(io.replaygate.trace.TraceReader::close);
        throw e;
      }
      return readers.size() == 1 ? readers.get(0)
          : io.replaygate.trace.format.MergingTraceReader.ofReaders(readers, options);
    }
    return TraceSources.open(files, traceFormat(), options);
  }

  static Optional<BundledSample> sample(List<String> inputs) {
    Optional<BundledSample> found = Optional.empty();
    for (String in : inputs) {
      Optional<BundledSample> s;
      try {
        s = BundledSample.fromUri(in);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      if (s.isPresent()) {
        if (inputs.size() > 1) {
          throw new UserError("a bundled sample (" + in + ") cannot be combined with other inputs");
        }
        found = s;
      }
    }
    return found;
  }

  /** Format names for completion and help. */
  static final class FormatNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    FormatNames() {
      for (TraceFormat f : TraceFormat.values()) {
        add(f.wireName());
      }
    }
  }
}
