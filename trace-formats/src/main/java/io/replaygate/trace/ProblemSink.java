package io.replaygate.trace;

/**
 * Where readers send bad input. The default fails fast (one typed error, the CLI exits 2); {@code validate}
 * collects every problem and lets the reader go on with the next record.
 */
@FunctionalInterface
public interface ProblemSink {

  /** Throws the problem: reading stops at the first one. */
  ProblemSink FAIL_FAST = problem -> {
    throw problem;
  };

  /**
   * Receives one problem. A sink that returns normally asks the reader to skip what was bad (the line, or
   * the record) and go on; readers only do so where the format lets them resynchronise (line-based
   * formats), otherwise they stop after reporting.
   */
  void report(TraceInputException problem);
}
