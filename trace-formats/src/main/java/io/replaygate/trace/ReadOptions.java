package io.replaygate.trace;

import java.util.Objects;

/**
 * How to read a trace. Every default lives here ({@link #DEFAULTS}).
 *
 * @param problems         where bad input goes; {@link ProblemSink#FAIL_FAST} by default
 * @param allowUnordered   yield records in file order even when arrivals go backwards (for sorting);
 *                         otherwise an out-of-order arrival is a problem
 * @param modelPath        when set, every record's {@code model_path} is this value
 * @param blockTokens      block size for sources hashed by replaygate itself (raw gateway logs) [64]
 * @param hashSalt         salt of the gateway-log block hash; {@code null} draws a random one per run
 *                         (never written out)
 * @param sessionPlacement where combined session files start [{@link SessionPlacement#DEFAULT}]
 * @param seed             seed for anything random in reading (Poisson session placement) [0]
 * @param strict           a field a log format does not know is an error rather than counted and ignored
 *                         ({@link TraceReader#ignoredFields()}) [false]
 * @param blockHashes      records carry their block hashes [true]; false lets a reader that stores them apart
 *                         (Parquet) leave them unread — records then carry none — for passes that only count
 *                         requests, tokens and models
 */
public record ReadOptions(
    ProblemSink problems,
    boolean allowUnordered,
    String modelPath,
    int blockTokens,
    Long hashSalt,
    SessionPlacement sessionPlacement,
    long seed,
    boolean strict,
    boolean blockHashes) {

  public static final int DEFAULT_GATEWAY_BLOCK_TOKENS = 64;

  public static final ReadOptions DEFAULTS = new ReadOptions(ProblemSink.FAIL_FAST, false, null,
      DEFAULT_GATEWAY_BLOCK_TOKENS, null, SessionPlacement.DEFAULT, 0L, false, true);

  public ReadOptions {
    Objects.requireNonNull(problems, "problems");
    Objects.requireNonNull(sessionPlacement, "sessionPlacement");
    if (blockTokens <= 0) {
      throw new IllegalArgumentException("block tokens must be positive, got " + blockTokens);
    }
  }

  public ReadOptions withProblems(ProblemSink value) {
    return new ReadOptions(value, allowUnordered, modelPath, blockTokens, hashSalt, sessionPlacement, seed, strict,
        blockHashes);
  }

  public ReadOptions withAllowUnordered(boolean value) {
    return new ReadOptions(problems, value, modelPath, blockTokens, hashSalt, sessionPlacement, seed, strict,
        blockHashes);
  }

  public ReadOptions withModelPath(String value) {
    return new ReadOptions(problems, allowUnordered, value, blockTokens, hashSalt, sessionPlacement, seed, strict,
        blockHashes);
  }

  public ReadOptions withBlockTokens(int value) {
    return new ReadOptions(problems, allowUnordered, modelPath, value, hashSalt, sessionPlacement, seed, strict,
        blockHashes);
  }

  public ReadOptions withHashSalt(Long value) {
    return new ReadOptions(problems, allowUnordered, modelPath, blockTokens, value, sessionPlacement, seed, strict,
        blockHashes);
  }

  public ReadOptions withSessionPlacement(SessionPlacement value) {
    return new ReadOptions(problems, allowUnordered, modelPath, blockTokens, hashSalt, value, seed, strict,
        blockHashes);
  }

  public ReadOptions withStrict(boolean value) {
    return new ReadOptions(problems, allowUnordered, modelPath, blockTokens, hashSalt, sessionPlacement, seed, value,
        blockHashes);
  }

  public ReadOptions withSeed(long value) {
    return new ReadOptions(problems, allowUnordered, modelPath, blockTokens, hashSalt, sessionPlacement, value,
        strict, blockHashes);
  }

  public ReadOptions withBlockHashes(boolean value) {
    return new ReadOptions(problems, allowUnordered, modelPath, blockTokens, hashSalt, sessionPlacement, seed, strict,
        value);
  }
}
