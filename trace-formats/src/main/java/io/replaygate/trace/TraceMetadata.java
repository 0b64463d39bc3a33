package io.replaygate.trace;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * File-level facts of a trace (DESIGN §5). Canonical files store them as string key/values: in the
 * Parquet footer, the Arrow schema's custom metadata and the JSONL header line, under the keys of
 * {@link #toProperties()}.
 *
 * @param schemaVersion  canonical schema version, {@value #SCHEMA_VERSION}
 * @param blockTokens    tokens per block behind {@code block_hashes}; {@code null} when there are none
 * @param hashScope      over which records equal hashes mean equal prefixes
 * @param timeOrigin     what {@code arrival_us} counts from
 * @param sourceFormat   registry name of the format the records were first read from (e.g. {@code mooncake})
 * @param timezone       the source's local time zone, for business hours; {@code null} = unknown (UTC)
 * @param blockCountRule how the hash count relates to {@code input_tokens}
 * @param capabilities   what the source recorded
 */
public record TraceMetadata(
    int schemaVersion,
    Integer blockTokens,
    HashScope hashScope,
    TimeOrigin timeOrigin,
    String sourceFormat,
    String timezone,
    BlockCountRule blockCountRule,
    Capabilities capabilities) {

  public static final int SCHEMA_VERSION = 1;

  /** Keys of the string form, in writing order. */
  public static final Set<String> KEYS = Set.of("schema_version", "block_tokens", "hash_scope", "time_origin",
      "source_format", "timezone", "block_count_rule", "capabilities");

  public TraceMetadata {
    if (blockTokens != null && blockTokens <= 0) {
      throw new IllegalArgumentException("block_tokens must be positive, got " + blockTokens);
    }
  }

  /** Metadata of a source without block hashes. */
  public static TraceMetadata withoutHashes(String sourceFormat, TimeOrigin origin, Capabilities caps) {
    return new TraceMetadata(SCHEMA_VERSION, null, HashScope.GLOBAL, origin, sourceFormat, null,
        BlockCountRule.APPROXIMATE, caps);
  }

  /**
   * Metadata of a log whose block hashes replaygate computes itself from recorded prompts (gateway, LiteLLM,
   * OpenTelemetry, mapped logs): calendar time, {@code blockTokens}-token blocks hashed in one global scope,
   * block counts approximate (another tokenizer than the provider's).
   */
  public static TraceMetadata promptHashed(String sourceFormat, int blockTokens, Capabilities caps) {
    return new TraceMetadata(SCHEMA_VERSION, blockTokens, HashScope.GLOBAL, TimeOrigin.EPOCH, sourceFormat, null,
        BlockCountRule.APPROXIMATE, caps);
  }

  /**
   * Metadata of a canonical file that carries none (headerless JSONL, another writer's Parquet or Arrow):
   * relative time, no block size, no capabilities claimed.
   */
  public static TraceMetadata unlabelled(String sourceFormat) {
    return new TraceMetadata(SCHEMA_VERSION, null, HashScope.GLOBAL, TimeOrigin.RELATIVE, sourceFormat, null,
        BlockCountRule.APPROXIMATE, Capabilities.NONE);
  }

  public TraceMetadata withCapabilities(Capabilities value) {
    return new TraceMetadata(schemaVersion, blockTokens, hashScope, timeOrigin, sourceFormat, timezone,
        blockCountRule, value);
  }

  public TraceMetadata withTimezone(String value) {
    return new TraceMetadata(schemaVersion, blockTokens, hashScope, timeOrigin, sourceFormat, value,
        blockCountRule, capabilities);
  }

  /** The string key/value form stored in canonical files. Absent values are left out. */
  public Map<String, String> toProperties() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("schema_version", Integer.toString(schemaVersion));
    if (blockTokens != null) {
      out.put("block_tokens", Integer.toString(blockTokens));
    }
    out.put("hash_scope", hashScope.wireName());
    out.put("time_origin", timeOrigin.wireName());
    out.put("source_format", sourceFormat);
    if (timezone != null) {
      out.put("timezone", timezone);
    }
    out.put("block_count_rule", blockCountRule.wireName());
    out.put("capabilities", capabilities.wireForm());
    return out;
  }

  /**
   * Reads the string form. Keys outside {@link #KEYS} are ignored (callers pass only the keys they own);
   * a missing {@code schema_version} or an unknown value is an error.
   *
   * @param props  the stored key/values (other keys, e.g. Arrow's or Parquet's own, are ignored)
   * @param where  how to name the source in an error
   * @throws TraceInputException naming the key and the bad value
   */
  public static TraceMetadata fromProperties(Map<String, String> props, TraceInputException.Where where) {
    String version = props.get("schema_version");
    if (version == null) {
      throw where.error("schema_version", "missing trace metadata: not a replaygate canonical trace");
    }
    int schemaVersion = parseInt(version, "schema_version", where);
    if (schemaVersion != SCHEMA_VERSION) {
      throw where.error("schema_version", "unsupported schema version " + schemaVersion
          + " (this replaygate reads version " + SCHEMA_VERSION + ")");
    }
    Integer blockTokens = props.containsKey("block_tokens")
        ? parseInt(props.get("block_tokens"), "block_tokens", where) : null;
    if (blockTokens != null && blockTokens <= 0) {
      throw where.error("block_tokens", "must be positive, got " + blockTokens);
    }
    String timezone = props.get("timezone");
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        throw where.error("timezone", "unknown time zone '" + timezone + "'");
      }
    }
    Capabilities caps;
    try {
      caps = Capabilities.parse(props.get("capabilities"));
    } catch (IllegalArgumentException e) {
      throw where.error("capabilities", e.getMessage());
    }
    return new TraceMetadata(schemaVersion, blockTokens,
        parseEnum(HashScope.class, props.getOrDefault("hash_scope", "global"), "hash_scope", where),
        parseEnum(TimeOrigin.class, props.getOrDefault("time_origin", "relative"), "time_origin", where),
        props.getOrDefault("source_format", "unknown"),
        timezone,
        parseEnum(BlockCountRule.class, props.getOrDefault("block_count_rule", "approximate"),
            "block_count_rule", where),
        caps);
  }

  private static int parseInt(String value, String key, TraceInputException.Where where) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw where.error(key, "expected an integer, got '" + value + "'");
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String key,
      TraceInputException.Where where) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder known = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        known.append(known.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
      }
      throw where.error(key, "unknown value '" + value + "' (known: " + known + ")");
    }
  }
}
