/**
 * The canonical trace of DESIGN §5: {@link io.replaygate.trace.TraceRecord} (one request),
 * {@link io.replaygate.trace.TraceMetadata} (file-level facts), {@link io.replaygate.trace.Capabilities}
 * (what the source recorded) and the {@link io.replaygate.trace.TraceReader} stream every reader implements.
 * Sub-packages hold the formats ({@code format}), validation, sorting, profiling and SQL.
 */
package io.replaygate.trace;
