package io.replaygate.replay.managed;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which targets serve a model path: the first target is the primary, the rest are backups in order
 * (failover when the primary is out or, as configured, rate limited).
 *
 * @param modelPathGlob a glob over model paths: {@code *} matches within one {@code /} segment, {@code **}
 *                      across segments, {@code ?} one character; a lone {@code *} matches every model path
 */
public record Route(String modelPathGlob, List<Target> targets) {
  public Route {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one target");
    }
  }

  public boolean matches(String modelPath) {
    return modelPathGlob.equals("*") || glob(modelPathGlob).matcher(modelPath == null ? "" : modelPath).matches();
  }

  /** The glob as a regular expression. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
