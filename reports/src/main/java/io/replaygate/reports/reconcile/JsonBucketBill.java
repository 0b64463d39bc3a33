package io.replaygate.reports.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A provider API's response page of time buckets ({@code data[]}), each holding cost results. */
abstract class JsonBucketBill implements BillFormat {
  @Override
  public final List<BillLine> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new BadBillException(file, null, "not readable JSON");
    }
    String key = bucketsKey();
    if (root == null || !root.path(key).isArray()) {
      throw new BadBillException(file, key, "expected the response page's " + key + " array of time buckets");
    }
    List<BillLine> out = new ArrayList<>();
    JsonNode data = root.get(key);
    for (int b = 0; b < data.size(); b++) {
      bucket(file, data.get(b), key + "[" + b + "]", out);
    }
    return out;
  }

  /** The page's array of buckets ({@code data}, or {@code results} for LiteLLM's daily activity). */
  String bucketsKey() {
    return "data";
  }

  /** Adds one bucket's lines; {@code at} names it for messages. */
  abstract void bucket(Path file, JsonNode bucket, String at, List<BillLine> out);
}
