package io.replaygate.trace.format.source;

import io.replaygate.trace.TraceInputException;

/** Errors at a reader's current place (its file and line), for a field named in the source's own terms. */
@FunctionalInterface
interface FieldErrors {
  TraceInputException at(String field, String problem);
}
