/**
 * What a run is asked to do: the scenario file (YAML; see {@code examples/}) or the command line's quick
 * path specs, read into typed records with every problem reported by file, line and key; and the factory
 * that turns a path's configuration into its simulator, resolved against the price catalog.
 */
package io.replaygate.replay.scenario;
