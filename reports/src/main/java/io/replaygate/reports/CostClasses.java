package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes the report groups {@code verdict.json}'s line items into: each token class a provider bills
 * ({@code input}, {@code output}, {@code cache read}, {@code cache write (5 min)}, {@code cache write (1 h)},
 * {@code cache storage}, …: the item's words after its model), GPU-hours by price model ({@code GPU-hours
 * on-demand}), {@code fallback} (everything a lane sent to its managed fallback), and the other lines by
 * their own name ({@code egress}, {@code operations}, {@code platform fee}, {@code engineering (amortised)}).
 */
final class CostClasses {
  private static final Pattern GPU = Pattern.compile("^GPU \\S+ (\\S+)");

  private CostClasses() {}

  /** The class of one line item. */
  static String of(JsonNode item) {
    String name = item.path("item").asText();
    return switch (item.path("kind").asText()) {
      case "fallback" -> "fallback";
      case "gpu" -> {
        Matcher m = GPU.matcher(name);
        yield m.find() ? "GPU-hours " + m.group(1) : "GPU-hours";
      }
      case "provider" -> {
        int space = name.indexOf(' ');
        yield space < 0 ? name : name.substring(space + 1);
      }
      default -> name;
    };
  }

  /** Path → class → cost, paths in the verdict's order, classes in the order they first appear. */
  static Map<String, Map<String, Double>> byPath(RunData d) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (JsonNode p : d.verdict().path("paths")) {
      Map<String, Double> m = out.computeIfAbsent(p.path("path").asText(), k -> new LinkedHashMap<>());
      for (JsonNode l : p.path("line_items")) {
        m.merge(of(l), l.path("amount_usd").asDouble(), Double::sum);
      }
    }
    return out;
  }

  /** Every class that occurs, in first-seen order. */
  static List<String> order(Map<String, Map<String, Double>> byPath) {
    Set<String> all = new LinkedHashSet<>();
    byPath.values().forEach(m -> all.addAll(m.keySet()));
    return new ArrayList<>(all);
  }
}
