/**
 * Prompt-cache semantics, one file per provider family (DESIGN §3), registered by name in
 * {@link io.replaygate.replay.cache.CacheFamily}. The trace's block hashes decide which prefix is shared; each
 * family's own minimum, granularity, TTL and placement rules decide what is billed as cached.
 */
package io.replaygate.replay.cache;
