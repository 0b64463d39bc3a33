package io.replaygate.replay.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML document as a tree that remembers where each value came from (file, line, key path), so every
 * typed read can fail with a {@link ScenarioException} that names them. Scalars stay text until read.
 */
final class Node {
  enum Kind { MAP, LIST, SCALAR }

  final Kind kind;
  final String file;
  final int line;
  final String key;
  final Map<String, Node> map;
  final List<Node> list;
  final String text;

  private Node(Kind kind, String file, int line, String key, Map<String, Node> map, List<Node> list, String text) {
    this.kind = kind;
    this.file = file;
    this.line = line;
    this.key = key;
    this.map = map;
    this.list = list;
    this.text = text;
  }

  /** A node made from a command-line value (no file, no line). */
  static Node scalar(String what, String text) {
    return new Node(Kind.SCALAR, null, 0, what, null, null, text);
  }

  static Node parse(InputStream in, String file) throws IOException {
    try (JsonParser p = new YAMLFactory().createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new ScenarioException(file, 0, null, "empty file");
      }
      Node root = read(p, file, "");
      if (p.nextToken() != null) {
        throw new ScenarioException(file, p.currentTokenLocation().getLineNr(), null, "more than one YAML document");
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String msg = e.getOriginalMessage() == null ? "malformed YAML" : e.getOriginalMessage().split("\n", 2)[0];
      throw new ScenarioException(file, line, null, "malformed YAML: " + msg);
    }
  }

  private static Node read(JsonParser p, String file, String key) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Node> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          String path = key.isEmpty() ? name : key + "." + name;
          if (m.containsKey(name)) {
            throw new ScenarioException(file, keyLine, path, "duplicate key");
          }
          p.nextToken();
          m.put(name, read(p, file, path));
        }
        return new Node(Kind.MAP, file, line, key, m, null, null);
      }
      case START_ARRAY -> {
        List<Node> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p, file, key + "[" + l.size() + "]"));
        }
        return new Node(Kind.LIST, file, line, key, null, l, null);
      }
      case VALUE_NULL -> {
        return new Node(Kind.SCALAR, file, line, key, null, null, null);
      }
      default -> {
        return new Node(Kind.SCALAR, file, line, key, null, null, p.getText());
      }
    }
  }

  ScenarioException error(String problem) {
    return new ScenarioException(file, line, key, problem);
  }

  // ---- maps ----

  /** This node as a map whose keys are all among {@code known}. */
  Node mapOf(String... known) {
    if (kind != Kind.MAP) {
      throw error("expected a mapping");
    }
    Set<String> allowed = Set.of(known);
    for (Map.Entry<String, Node> e : map.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw e.getValue().error("unknown key (known here: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    return this;
  }

  /** The value at {@code name}, or {@code null} when absent or null. */
  Node get(String name) {
    Node n = map.get(name);
    return n == null || (n.kind == Kind.SCALAR && n.text == null) ? null : n;
  }

  Node require(String name) {
    Node n = get(name);
    if (n == null) {
      throw new ScenarioException(file, line, key.isEmpty() ? name : key + "." + name, "missing");
    }
    return n;
  }

  List<Node> items() {
    if (kind != Kind.LIST) {
      throw error("expected a list");
    }
    return list;
  }

  // ---- scalars ----

  String string() {
    if (kind != Kind.SCALAR) {
      throw error("expected a single value");
    }
    return text;
  }

  long longValue(long min, long max) {
    String s = string().replace("_", "");
    long v;
    try {
      v = new BigDecimal(s).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw error("expected a whole number, got '" + text + "'");
    }
    if (v < min || v > max) {
      throw error("must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  int intValue(int min, int max) {
    return (int) longValue(min, max);
  }

  double number(double min, double max) {
    double v;
    try {
      v = Double.parseDouble(string().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("expected a number, got '" + text + "'");
    }
    if (!(v >= min && v <= max)) {
      throw error("must be between " + min + " and " + max + ", got " + text);
    }
    return v;
  }

  BigDecimal decimal() {
    try {
      BigDecimal v = new BigDecimal(string().replace("_", ""));
      if (v.signum() < 0) {
        throw error("cannot be negative, got " + text);
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("expected a number, got '" + text + "'");
    }
  }

  /** A fraction written {@code 20%} or {@code 0.2}. */
  BigDecimal fraction() {
    String s = string().trim();
    BigDecimal v;
    try {
      v = s.endsWith("%") ? new BigDecimal(s.substring(0, s.length() - 1).trim()).movePointLeft(2) : new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw error("expected a fraction such as 20% or 0.2, got '" + text + "'");
    }
    if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0) {
      throw error("must be between 0% and 100%, got " + text);
    }
    return v.stripTrailingZeros();
  }

  boolean bool() {
    return switch (string().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error("expected true or false, got '" + text + "'");
    };
  }

  /** A duration such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, in µs. */
  long durationUs() {
    return Durations.parseUs(string(), this::error);
  }

  /** A point in time: an ISO-8601 instant, or an offset from the trace's start written {@code +2h}. */
  TimeRef time() {
    String s = string().trim();
    if (s.startsWith("+")) {
      return new TimeRef(null, Durations.parseUs(s.substring(1), this::error));
    }
    try {
      Instant i = Instant.parse(s);
      return new TimeRef(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000, null);
    } catch (DateTimeParseException e) {
      throw error("expected an instant such as 2026-01-05T10:00:00Z or an offset such as +2h, got '" + text + "'");
    }
  }

  /** One of {@code choices}. */
  String choice(String... choices) {
    String s = string().trim().toLowerCase(Locale.ROOT);
    for (String c : choices) {
      if (c.equals(s)) {
        return c;
      }
    }
    throw error("unknown value '" + text + "' (known: " + String.join(", ", choices) + ")");
  }
}
