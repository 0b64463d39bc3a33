package io.replaygate.trace.format;

import io.replaygate.trace.ReadOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * Plumbing of the line-based text formats (JSON lines, CSV): one {@link TextSource}, positions as line
 * numbers, and a bad line that can be skipped so {@code validate} goes on with the next.
 */
public abstract class AbstractTextReader extends AbstractTraceReader {
  protected final TextSource source;

  protected AbstractTextReader(Path file, ReadOptions options, Map<String, String> sourceFields) {
    super(options, sourceFields);
    this.source = TextSource.open(file);
  }

  @Override
  protected boolean canSkipBadRecord() {
    return true;
  }

  @Override
  protected Path currentFile() {
    return source.file();
  }

  @Override
  protected String currentPosition() {
    return "line " + source.lineNumber();
  }

  @Override
  protected void release() {
    source.close();
  }
}
