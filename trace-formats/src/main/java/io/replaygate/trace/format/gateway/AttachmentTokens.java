package io.replaygate.trace.format.gateway;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What an image in a prompt costs in prompt tokens, by each provider's documented rule, so its share of the
 * prompt's block hashes is what the provider bills (an image rendered as a short marker would otherwise cover a
 * few tokens of a prefix that bills ~1,600).
 *
 * <p>Rules, as the providers document them (OpenAI "Images and vision: calculating costs"; Anthropic "Vision:
 * evaluate image size"), checked against their worked examples in {@code AttachmentTokensTest}:
 * <ul>
 *   <li><b>OpenAI, tiles</b> (GPT-4o, GPT-4.1, GPT-4.5, GPT-5, o1, o3, …): {@code detail: low} costs the base; else
 *       the image is scaled to fit 2048×2048, then its shortest side to 768 (never enlarged), and costs
 *       {@code base + tile × ⌈w/512⌉⌈h/512⌉}. Base/tile by model: {@link #TILE_RULES}.</li>
 *   <li><b>OpenAI, patches</b> (GPT-4.1-mini/nano, GPT-5-mini/nano, o4-mini): 32-px patches, at most 1,536 (a larger
 *       image is scaled down so whole patches fit), times a per-model multiplier, rounded to the nearest token;
 *       {@code detail} does not apply.</li>
 *   <li><b>Anthropic</b>: {@code ⌈w·h / 750⌉} after scaling the long edge to at most 1,568 px, at most 1,600 tokens
 *       (a larger image is scaled down to ~1.15 megapixels).</li>
 * </ul>
 * An image whose size cannot be read from the request (a URL, a file id, an unreadable or truncated header) is
 * taken as 1024×1024 — an assumption, stated in the README. Documents (PDFs and other files) have no size rule
 * that can be applied from their bytes; they take what the provider billed beyond the rest of the prompt
 * ({@link BlockHasher#hash(String, int)}).
 */
public final class AttachmentTokens {
  private AttachmentTokens() {}

  /** The size assumed for an image whose size the request does not show. */
  public static final int ASSUMED_SIDE = 1024;

  /** OpenAI's tile rule for the models whose id starts with {@code prefix}: a base and a per-tile cost. */
  record TileRule(String prefix, int base, int tile) {}

  /** OpenAI's patch rule for the models whose id starts with {@code prefix}: 32-px patches times a multiplier. */
  record PatchRule(String prefix, double multiplier) {}

  /** The first matching prefix wins, so a longer prefix comes before its shorter one. Others: 85/170. */
  static final List<TileRule> TILE_RULES = List.of(
      new TileRule("gpt-4o-mini", 2833, 5667),
      new TileRule("computer-use-preview", 65, 129),
      new TileRule("gpt-5", 70, 140),
      new TileRule("o1", 75, 150),
      new TileRule("o3", 75, 150),
      new TileRule("gpt-4o", 85, 170),
      new TileRule("gpt-4.1", 85, 170),
      new TileRule("gpt-4.5", 85, 170));
  /** Checked before the tile rules. */
  static final List<PatchRule> PATCH_RULES = List.of(
      new PatchRule("gpt-4.1-mini", 1.62),
      new PatchRule("gpt-4.1-nano", 2.46),
      new PatchRule("gpt-5-mini", 1.62),
      new PatchRule("gpt-5-nano", 2.46),
      new PatchRule("o4-mini", 1.72));

  /** Prompt tokens of an image of {@code w}×{@code h} in a request of the given dialect and model. */
  public static int image(PromptRenderer.Api api, String model, int w, int h, String detail) {
    if (api == PromptRenderer.Api.ANTHROPIC_MESSAGES) {
      return anthropic(w, h);
    }
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    m = m.substring(m.lastIndexOf('/') + 1); // azure/…, openai/… prefixes
    for (PatchRule rule : PATCH_RULES) {
      if (m.startsWith(rule.prefix())) {
        return openAiPatches(w, h, rule.multiplier());
      }
    }
    TileRule tiles = new TileRule("", 85, 170);
    for (TileRule rule : TILE_RULES) {
      if (m.startsWith(rule.prefix())) {
        tiles = rule;
        break;
      }
    }
    return openAiTiles(w, h, "low".equals(detail), tiles.base(), tiles.tile());
  }

  static int openAiTiles(int w, int h, boolean low, int base, int tile) {
    if (low) {
      return base;
    }
    double width = w;
    double height = h;
    double fit = Math.min(1, 2048 / Math.max(width, height));
    width *= fit;
    height *= fit;
    double shortest = Math.min(width, height);
    if (shortest > 768) {
      width = width * 768 / shortest;
      height = height * 768 / shortest;
    }
    long tiles = (long) Math.ceil(width / 512) * (long) Math.ceil(height / 512);
    return (int) (base + tile * tiles);
  }

  static int openAiPatches(int w, int h, double multiplier) {
    long patches = ceilDiv(w, 32) * ceilDiv(h, 32);
    if (patches > 1536) {
      double shrink = Math.sqrt(32.0 * 32.0 * 1536 / ((double) w * h));
      double sw = w * shrink / 32;
      double sh = h * shrink / 32;
      shrink *= Math.min(Math.floor(sw) / sw, Math.floor(sh) / sh);
      long rw = (long) Math.floor(w * shrink);
      long rh = (long) Math.floor(h * shrink);
      patches = Math.min(1536, ceilDiv(rw, 32) * ceilDiv(rh, 32));
    }
    return (int) Math.round(patches * multiplier);
  }

  static int anthropic(int w, int h) {
    double scale = Math.min(1, 1568.0 / Math.max(w, h));
    double pixels = (double) w * scale * h * scale;
    return (int) Math.min(1600, Math.ceil(pixels / 750));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * The {width, height} of an image from the start of its base64 data (PNG, GIF, JPEG, WebP headers), or null when
   * the header is not there or not one of these. Reads at most the first 64 KiB of the encoded text.
   */
  public static int[] dimensions(String base64) {
    String head = base64.length() > 65_536 ? base64.substring(0, 65_536) : base64;
    head = head.substring(0, head.length() - head.length() % 4);
    byte[] b;
    try {
      b = Base64.getMimeDecoder().decode(head);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return dimensions(b);
  }

  static int[] dimensions(byte[] b) {
    if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return valid(be32(b, 16), be32(b, 20));
    }
    if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return valid(le16(b, 6), le16(b, 8));
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
      return jpeg(b);
    }
    if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
        && b[10] == 'B' && b[11] == 'P') {
      String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
      return switch (chunk) {
        case "VP8X" -> valid(1 + le24(b, 24), 1 + le24(b, 27));
        case "VP8 " -> valid(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
        case "VP8L" -> {
          int bits = le32(b, 21);
          yield valid((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
        }
        default -> null;
      };
    }
    return null;
  }

  /** The first start-of-frame marker's size (SOF0–SOF15 but DHT, JPG and DAC). */
  private static int[] jpeg(byte[] b) {
    int i = 2;
    while (i + 9 < b.length) {
      if ((b[i] & 0xff) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        i += 2;
        continue;
      }
      int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        return valid(((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff), ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff));
      }
      if (length < 2) {
        return null;
      }
      i += 2 + length;
    }
    return null;
  }

  private static int[] valid(long w, long h) {
    return w > 0 && h > 0 && w <= 65_535 && h <= 65_535 ? new int[] {(int) w, (int) h} : null;
  }

  private static long be32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  private static int le16(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
  }

  private static int le24(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16);
  }

  private static int le32(byte[] b, int i) {
    return le24(b, i) | ((b[i + 3] & 0xff) << 24);
  }
}
