package io.replaygate.replay;

import io.replaygate.trace.TraceReader;
import java.io.IOException;

/**
 * A trace that can be read more than once: a path that sizes its fleet from the traffic or picks its
 * hybrid lanes by volume needs a first pass before the replay.
 */
@FunctionalInterface
public interface TraceSource {
  TraceReader open() throws IOException;
}
