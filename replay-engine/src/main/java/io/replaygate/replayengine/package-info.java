/**
 * Discrete-event replay of a trace through the execution paths of DESIGN §2 (managed, BYOK, BYOC,
 * hybrid, live). Reads traces through {@code trace-formats}; writes the cost model's usage ledger.
 */
package io.replaygate.replayengine;
