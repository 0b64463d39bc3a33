package io.replaygate.replay.byoc.kv;

/**
 * One trace block of a cached prefix, as one replica holds it: a node of the cache's tree over blocks, found
 * under its parent by its hash (which names the whole prefix up to its end). A node owns the
 * engine blocks that start inside its token span and lives in one or more tiers; running requests pin it.
 */
final class PerBlockNode {
  final long hash;
  final PerBlockNode parent;
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
  /** Whether the cache's tree holds this node (one that left it may be followed by a new node for its prefix). */
  boolean attached;
  /** The only child, when there is exactly one. */
  private PerBlockNode only;
  /** The children by hash, once there were two. */
  private io.replaygate.replay.core.LongObjectMap<PerBlockNode> many;

  PerBlockNode(long hash, PerBlockNode parent, long id, int blocks, int tokens) {
    this.hash = hash;
    this.parent = parent;
    this.id = id;
    this.depth = parent == null ? 0 : parent.depth + 1;
    this.blocks = blocks;
    this.tokens = tokens;
  }

  /** The attached child with this hash, or {@code null}. */
  PerBlockNode child(long hash) {
    if (many != null) {
      return many.get(hash);
    }
    return only != null && only.hash == hash ? only : null;
  }

  void addChild(PerBlockNode c) {
    if (many != null) {
      many.put(c.hash, c);
    } else if (only == null) {
      only = c;
    } else {
      many = new io.replaygate.replay.core.LongObjectMap<>();
      many.put(only.hash, only);
      many.put(c.hash, c);
      only = null;
    }
  }

  void forEachChild(java.util.function.Consumer<PerBlockNode> action) {
    if (many != null) {
      many.forEachValue(action);
    } else if (only != null) {
      action.accept(only);
    }
  }

  void removeChild(PerBlockNode c) {
    if (many != null) {
      many.remove(c.hash);
    } else if (only == c) {
      only = null;
    }
  }

  long lastUseUs() {
    return lastUseUs;
  }

  long uses() {
    return uses;
  }

  int depth() {
    return depth;
  }

  long id() {
    return id;
  }

  boolean pinned() {
    return pins > 0;
  }
}
