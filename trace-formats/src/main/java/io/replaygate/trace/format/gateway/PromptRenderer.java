package io.replaygate.trace.format.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.hashing.LongHashFunction;

/**
 * Renders a chat request's prompt as one canonical text, in the order providers cache it: tools, then
 * system, then messages. Equal prompts render equally whatever the JSON key order; markers that do not
 * change the prompt ({@code cache_control}) are left out; inline binary data (base64 images, documents)
 * is replaced by a hash of itself, so it counts for identity without being tokenized. An image or document part
 * becomes an attachment marker ({@link #ATTACHMENT_START} kind, identity, tokens {@link #ATTACHMENT_END}) that
 * {@link BlockHasher} expands to as many opaque tokens as the provider bills for it ({@link AttachmentTokens});
 * the marker characters (Unicode private use) are replaced in prompt text, so text can never forge one.
 *
 * <p>The rendering is a hashing input only: it is never stored or written anywhere.
 */
public final class PromptRenderer {
  private static final LongHashFunction DATA_HASH = LongHashFunction.xx3();
  /** Content parts whose text is the prompt: chat and Messages {@code text}, Responses input and output text. */
  private static final java.util.Set<String> TEXT_PARTS = java.util.Set.of("text", "input_text", "output_text");

  /**
   * A request body of the wrong shape: the body field ({@code request.messages[2].role}) and what is wrong —
   * never the value, which may be prompt text. Its message is {@code field: problem}.
   */
  public static final class ShapeException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    ShapeException(String field, String problem) {
      super(field + ": " + problem);
      this.field = field;
      this.problem = problem;
    }

    public String field() {
      return field;
    }

    public String problem() {
      return problem;
    }
  }

  /** The request-body dialects: OpenAI Chat Completions, Anthropic Messages, OpenAI Responses. */
  public enum Api { OPENAI_CHAT, ANTHROPIC_MESSAGES, OPENAI_RESPONSES }

  /** Opens and closes an attachment marker: {@code U+E000 kind hexId ':' tokens-or-? U+E001}. */
  public static final char ATTACHMENT_START = '\uE000';
  public static final char ATTACHMENT_END = '\uE001';

  /** The request an attachment's cost depends on: its dialect and model. */
  private record Ctx(Api api, String model) {}

  private PromptRenderer() {}

  /**
   * The canonical prompt text of a request body.
   *
   * @throws ShapeException naming the body field that has the wrong shape
   */
  public static String render(JsonNode body, Api api) {
    String model = body.path("model").isTextual() ? body.get("model").asText() : null;
    if (api == Api.OPENAI_RESPONSES) {
      return responsesHead(body) + responsesItems(body.get("input"), "request.input", model);
    }
    Ctx ctx = new Ctx(api, model);
    StringBuilder out = new StringBuilder(4096);
    tools(body, out);
    if (api == Api.ANTHROPIC_MESSAGES) {
      JsonNode system = body.get("system");
      if (system != null && !system.isNull()) {
        out.append("<|system|>\n");
        content(system, out, "request.system", ctx);
        out.append('\n');
      }
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray()) {
      throw new ShapeException("request.messages", messages == null ? "missing" : "expected an array");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String where = "request.messages[" + i + "]";
      if (!m.isObject()) {
        throw new ShapeException(where, "expected an object");
      }
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual()) {
        throw new ShapeException(where + ".role", "expected a string");
      }
      out.append("<|");
      text(role.asText(), out);
      out.append("|>\n");
      JsonNode content = m.get("content");
      if (content != null && !content.isNull()) {
        content(content, out, where + ".content", ctx);
      }
      // Everything else the message carries (tool calls, names, ids) belongs to the prompt too.
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (!key.equals("role") && !key.equals("content") && !key.equals("cache_control") && !e.getValue().isNull()) {
          out.append("<|").append(key).append("|>");
          canonicalJson(e.getValue(), out);
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void tools(JsonNode body, StringBuilder out) {
    JsonNode tools = body.get("tools");
    if (tools != null && !tools.isNull()) {
      if (!tools.isArray()) {
        throw new ShapeException("request.tools", "expected an array");
      }
      out.append("<|tools|>\n");
      for (JsonNode tool : tools) {
        canonicalJson(tool, out);
        out.append('\n');
      }
    }
  }

  /**
   * What an OpenAI Responses request puts before its conversation: tools, then {@code instructions} (the
   * system message; a continued response does not inherit its predecessor's).
   */
  public static String responsesHead(JsonNode body) {
    StringBuilder out = new StringBuilder(1024);
    tools(body, out);
    JsonNode instructions = body.get("instructions");
    if (instructions != null && !instructions.isNull()) {
      if (!instructions.isTextual()) {
        throw new ShapeException("request.instructions", "expected a string");
      }
      out.append("<|system|>\n");
      text(instructions.asText(), out);
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * OpenAI Responses conversation items ({@code input}, or a response's {@code output}): a string is one user
   * message; a message item ({@code role}, {@code content}) renders like a chat message; any other item
   * (function calls and their outputs, reasoning, …) as its type and canonical JSON.
   */
  public static String responsesItems(JsonNode items, String where, String model) {
    Ctx ctx = new Ctx(Api.OPENAI_RESPONSES, model);
    StringBuilder out = new StringBuilder(4096);
    if (items == null || items.isNull()) {
      throw new ShapeException(where, "missing");
    }
    if (items.isTextual()) {
      out.append("<|user|>\n");
      text(items.asText(), out);
      return out.append('\n').toString();
    }
    if (!items.isArray()) {
      throw new ShapeException(where, "expected a string or an array of items");
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String at = where + "[" + i + "]";
      if (!item.isObject()) {
        throw new ShapeException(at, "expected an object");
      }
      JsonNode role = item.get("role");
      if (role != null && !role.isNull()) {
        if (!role.isTextual()) {
          throw new ShapeException(at + ".role", "expected a string");
        }
        out.append("<|");
        text(role.asText(), out);
        out.append("|>\n");
        JsonNode content = item.get("content");
        if (content != null && !content.isNull()) {
          content(content, out, at + ".content", ctx);
        }
      } else {
        JsonNode type = item.get("type");
        out.append("<|").append(type != null && type.isTextual() ? type.asText() : "item").append("|>");
        ObjectNode rest = ((ObjectNode) item).deepCopy();
        rest.remove(List.of("type", "id", "status"));
        canonicalJson(rest, out);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * A content value: a string, or an array of parts (text rendered raw, images and documents as attachment markers,
   * others as canonical JSON).
   */
  private static void content(JsonNode content, StringBuilder out, String where, Ctx ctx) {
    if (content.isTextual()) {
      text(content.asText(), out);
      return;
    }
    if (!content.isArray()) {
      throw new ShapeException(where, "expected a string or an array of parts");
    }
    for (JsonNode part : content) {
      JsonNode type = part.get("type");
      JsonNode text = part.get("text");
      if (type != null && TEXT_PARTS.contains(type.asText()) && text != null && text.isTextual()) {
        text(text.asText(), out);
      } else if (part.isTextual()) {
        text(part.asText(), out);
      } else if (!attachment(part, out, ctx)) {
        canonicalJson(part, out);
      }
      out.append('\n');
    }
  }

  /**
   * An image or document part as an attachment marker; false for any other part. Image parts: Chat Completions
   * {@code image_url} ({@code {url, detail}} or a URL string), Responses {@code input_image} ({@code image_url},
   * {@code detail}, or {@code file_id}), Messages {@code image} ({@code source} base64 {@code data} or a URL).
   * Documents: Messages {@code document}, Chat Completions {@code file}, Responses {@code input_file}. The marker's
   * identity is the hash of the part's canonical JSON (its data hashed), so the same image is the same tokens.
   */
  private static boolean attachment(JsonNode part, StringBuilder out, Ctx ctx) {
    String type = part.path("type").asText("");
    String data = null;
    String detail = null;
    switch (type) {
      case "image_url" -> {
        JsonNode u = part.get("image_url");
        data = u == null ? null : u.isTextual() ? u.asText() : u.path("url").asText(null);
        detail = u == null ? null : u.path("detail").asText(null);
      }
      case "input_image" -> {
        data = part.path("image_url").asText(null);
        detail = part.path("detail").asText(null);
      }
      case "image" -> {
        JsonNode source = part.path("source");
        data = "base64".equals(source.path("type").asText()) ? source.path("data").asText(null) : null;
      }
      case "document", "file", "input_file" -> {
        marker('d', part, "?", out);
        return true;
      }
      default -> {
        return false;
      }
    }
    int[] size = null;
    if (data != null) {
      int comma = data.indexOf("base64,");
      size = AttachmentTokens.dimensions(data.startsWith("data:") && comma > 0 ? data.substring(comma + 7)
          : type.equals("image") ? data : "");
    }
    int w = size == null ? AttachmentTokens.ASSUMED_SIDE : size[0];
    int h = size == null ? AttachmentTokens.ASSUMED_SIDE : size[1];
    marker('i', part, Integer.toString(AttachmentTokens.image(ctx.api(), ctx.model(), w, h, detail)), out);
    return true;
  }

  private static void marker(char kind, JsonNode part, String tokens, StringBuilder out) {
    StringBuilder identity = new StringBuilder(256);
    canonicalJson(part, identity);
    out.append(ATTACHMENT_START).append(kind).append(Long.toHexString(DATA_HASH.hashChars(identity)))
        .append(':').append(tokens).append(ATTACHMENT_END);
  }

  /** Prompt text, with the attachment-marker characters replaced (U+FFFD): text can never forge a marker. */
  private static void text(String s, StringBuilder out) {
    if (s.indexOf(ATTACHMENT_START) < 0 && s.indexOf(ATTACHMENT_END) < 0) {
      out.append(s);
    } else {
      out.append(s.replace(ATTACHMENT_START, '\uFFFD').replace(ATTACHMENT_END, '\uFFFD'));
    }
  }

  /** JSON with sorted keys, {@code cache_control} dropped, long base64/data-URL strings hashed. */
  static void canonicalJson(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      ((ObjectNode) node).fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      sorted.remove("cache_control");
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(e.getKey(), out);
        out.append(':');
        if (e.getKey().equals("data") && e.getValue().isTextual()) {
          out.append("\"<|data:").append(Long.toHexString(DATA_HASH.hashChars(e.getValue().asText()))).append("|>\"");
        } else {
          canonicalJson(e.getValue(), out);
        }
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      List<JsonNode> items = new ArrayList<>();
      node.forEach(items::add);
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        canonicalJson(items.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      String s = node.asText();
      if (s.startsWith("data:") && s.length() > 256) {
        out.append("\"<|data:").append(Long.toHexString(DATA_HASH.hashChars(s))).append("|>\"");
      } else {
        quote(s, out);
      }
    } else {
      out.append(node.toString());
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case ATTACHMENT_START, ATTACHMENT_END -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
    out.append('"');
  }
}
