package io.replaygate.replay.byoc.kv;

/**
 * One trace block of a cached prefix, as one replica holds it: a node of the chained block index (its
 * hash names the whole prefix up to its end, so the index is a radix tree over blocks). A node owns the
 * engine blocks that start inside its token span and lives in one or more tiers; running requests pin it.
 */
public final class KvNode {
  final long hash;
  final KvNode parent;
  final long id;
  final int depth;
  /** Engine blocks this node owns. */
  final int blocks;
  /** Prompt tokens this node covers. */
  final int tokens;
  int pins;
  int gpuChildren;
  int hostChildren;
  boolean gpu;
  boolean host;
  long lastUseUs;
  long uses;
  boolean inGpuSet;
  boolean inHostSet;
  /** Whether the cache's index holds this node (one that left it may be followed by a new node for its hash). */
  boolean indexed;
  /** The node that followed this one on the last walk through it: a hint the cache checks before its index. */
  KvNode after;

  KvNode(long hash, KvNode parent, long id, int blocks, int tokens) {
    this.hash = hash;
    this.parent = parent;
    this.id = id;
    this.depth = parent == null ? 0 : parent.depth + 1;
    this.blocks = blocks;
    this.tokens = tokens;
  }

  public long lastUseUs() {
    return lastUseUs;
  }

  public long uses() {
    return uses;
  }

  public int depth() {
    return depth;
  }

  public long id() {
    return id;
  }

  public boolean pinned() {
    return pins > 0;
  }
}
