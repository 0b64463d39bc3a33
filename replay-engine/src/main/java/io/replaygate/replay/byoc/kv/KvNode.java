package io.replaygate.replay.byoc.kv;

/**
 * One trace block of a cached prefix, as one replica holds it: a node of the cache's tree over blocks, found
 * under its parent by its hash (which names the whole prefix up to its end). A node owns the
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
  /** Whether the cache's tree holds this node (one that left it may be followed by a new node for its prefix). */
  boolean attached;
  /** The only child, when there is exactly one. */
  private KvNode only;
  /** The children by hash, once there were two. */
  private io.replaygate.replay.core.LongObjectMap<KvNode> many;

  KvNode(long hash, KvNode parent, long id, int blocks, int tokens) {
    this.hash = hash;
    this.parent = parent;
    this.id = id;
    this.depth = parent == null ? 0 : parent.depth + 1;
    this.blocks = blocks;
    this.tokens = tokens;
  }

  /** The attached child with this hash, or {@code null}. */
  KvNode child(long hash) {
    if (many != null) {
      return many.get(hash);
    }
    return only != null && only.hash == hash ? only : null;
  }

  void addChild(KvNode c) {
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

  void removeChild(KvNode c) {
    if (many != null) {
      many.remove(c.hash);
    } else if (only == c) {
      only = null;
    }
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
