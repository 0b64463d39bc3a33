/**
 * Turning raw gateway request bodies into block hashes without keeping any prompt text: canonical
 * rendering ({@link io.replaygate.trace.format.gateway.PromptRenderer}), in-process tokenization and a
 * salted chained hash ({@link io.replaygate.trace.format.gateway.BlockHasher}).
 */
package io.replaygate.trace.format.gateway;
