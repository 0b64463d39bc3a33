package io.replaygate.trace;

/** Over which records equal block hashes are known to mean equal prefixes. */
public enum HashScope {
  /** Across the whole trace: two sessions with the same prefix carry the same hashes. */
  GLOBAL,
  /**
   * Only within one session (a source whose ids are per conversation, e.g. WEKA's {@code hash_id_scope:
   * local}). Readers namespace such ids so they never collide across sessions; sharing across sessions
   * is then simply not represented.
   */
  SESSION;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
