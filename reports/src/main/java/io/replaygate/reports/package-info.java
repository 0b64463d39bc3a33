/** HTML, Markdown and JSON reports read from the engine's tidy tables; the run history. */
package io.replaygate.reports;
