/**
 * Everything people read about a run, from the run directory alone ({@link io.replaygate.reports.RunData}):
 * {@code report.html} with its charts, {@code summary.md}, {@code report.json}, the comparison of two runs, the
 * one way numbers are written ({@link io.replaygate.reports.Fmt}); and the run history (DuckDB).
 */
package io.replaygate.reports;
