package io.replaygate.trace.format;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opens the inputs a user names (one or several files, any formats) as one trace. */
public final class TraceSources {
  private TraceSources() {}

  /**
   * @param files  the input files, in the order given
   * @param format the format to read them all as, or {@code null} to detect each file's
   */
  public static TraceReader open(List<Path> files, TraceFormat format, ReadOptions options) {
    if (files.isEmpty()) {
      throw new TraceInputException(null, null, null, "no input trace given");
    }
    if (format != null) {
      return format.open(files, options);
    }
    Map<TraceFormat, List<Path>> byFormat = new LinkedHashMap<>();
    for (Path f : files) {
      byFormat.computeIfAbsent(FormatDetector.detect(f), k -> new ArrayList<>()).add(f);
    }
    if (byFormat.size() == 1) {
      var only = byFormat.entrySet().iterator().next();
      return only.getKey().open(only.getValue(), options);
    }
    if (byFormat.containsKey(TraceFormat.WEKA)) {
      throw new TraceInputException(null, null, null,
          "WEKA session files combine only with each other; convert them to one trace first");
    }
    return MergingTraceReader.of(files, null, options);
  }

  public static TraceReader open(Path file, ReadOptions options) {
    return open(List.of(file), null, options);
  }
}
